/**
 * The watcher's scenario end to end, with the real parts: NSG rule deleted → fail → restored →
 * pass gives one Teams card and one e-mail for the failure and one of each for the recovery,
 * received by a local webhook server and a local SMTP server, with the caller's name in them.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { Alerting } from '../../src/alerts/alerting.js';
import { Delivery } from '../../src/alerts/delivery.js';
import { Outbox } from '../../src/alerts/outbox.js';
import type { Attribution, PreviousAlertState } from '../../src/alerts/types.js';
import type { InstanceReport } from '../../src/model/finding.js';
import { expectValidCard } from './card-check.js';
import { CHANGE, INSTANCE_ID, RULE_ID, T0, captureLogger, finding, minutesAfter, report, settings } from './fixtures.js';
import { startSmtpServer, startTeamsServer } from './servers.js';
import type { AdaptiveCard, TeamsMessage } from '../../src/alerts/render/card.js';

const connectionString = inject('storageConnectionString');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const RESTORE: Attribution = {
  caller: { name: 'John Smith', upn: 'john.smith@contoso.com' },
  operation: 'Microsoft.Network/networkSecurityGroups/securityRules/write',
  resourceId: RULE_ID,
  time: '2025-05-01T15:10:00Z',
};

async function setup(tagValue?: string) {
  const teams = await startTeamsServer();
  const smtp = await startSmtpServer();
  cleanups.push(teams.close, smtp.close);
  const s = settings({
    channels: [{ name: 'ops', teamsWebhookUrl: teams.url, emailTo: ['ops@contoso.com'], receivesAll: true }],
    extraWebhookOrigins: [teams.origin],
    allowedEmailDomains: ['contoso.com'],
    email: { transport: 'smtp', from: 'apim-vnet-guard@contoso.com', host: '127.0.0.1', port: smtp.port, tls: 'none' },
  });
  const outbox = Outbox.fromConnectionString(connectionString, `alerting${randomBytes(6).toString('hex')}`);
  await outbox.ensureTable();
  const logger = captureLogger();
  const delivery = new Delivery({ outbox, settings: s, logger });
  cleanups.push(() => delivery.close());
  const alerting = new Alerting({ settings: s, outbox, delivery, logger });
  const tags: Record<string, string> = tagValue === undefined ? {} : { 'apim-vnet-guard-notify': tagValue };
  let state: PreviousAlertState | undefined;
  /** One evaluation, delivered twice with the state it started from (a redelivered message), then once more on the stored state. */
  const evaluate = async (r: InstanceReport, changes: Attribution[], minutes: number) => {
    const now = minutesAfter(T0, minutes);
    const first = await alerting.onReport({ report: r, previous: state, tags, changes, now });
    const again = await alerting.onReport({ report: r, previous: state, tags, changes, now: minutesAfter(now, 1) });
    expect(again.enqueued).toBe(0);
    state = first.next;
    const stored = await alerting.onReport({ report: r, previous: state, tags, changes, now: minutesAfter(now, 2) });
    expect(stored.alerts).toEqual([]);
    state = stored.next;
    await alerting.deliverDue(minutesAfter(now, 2));
    await alerting.deliverDue(minutesAfter(now, 2));
    return first;
  };
  return { teams, smtp, alerting, logger, evaluate, state: () => state };
}

const cardOf = (m: unknown) => (m as TeamsMessage).attachments[0]!.content as AdaptiveCard;

describe('alerting end to end', () => {
  it('NSG rule deleted → fail → restored → pass: one card and one e-mail each way, naming the caller', async () => {
    const { teams, smtp, evaluate } = await setup();
    await evaluate(report('pass'), [], 0);
    expect(teams.received).toHaveLength(0);

    await evaluate(report('fail', [finding()]), [CHANGE], 5);
    await evaluate(report('fail', [finding()]), [CHANGE], 10);
    expect(teams.received).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);

    await evaluate(report('pass'), [RESTORE], 70);
    await evaluate(report('pass'), [RESTORE], 75);
    expect(teams.received).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);

    const [failCard, resolvedCard] = teams.received.map(cardOf);
    expectValidCard(failCard!, expect);
    expectValidCard(resolvedCard!, expect);
    expect(JSON.stringify(failCard)).toContain('Jane Doe (jane.doe@contoso.com)');
    expect(JSON.stringify(failCard)).toContain('NSG rule DenyAllInbound (priority 200, Deny)');
    expect(JSON.stringify(resolvedCard)).toContain('John Smith (john.smith@contoso.com)');
    expect((resolvedCard!.body[0] as { style: string }).style).toBe('good');

    const [failMail, resolvedMail] = smtp.received;
    expect(failMail!.subject).toBe('[apim-vnet-guard] FAIL apim-prod-weu: BREAKS ON NEXT CHANGE · 1 broken');
    expect(failMail!.text).toContain('Jane Doe');
    expect(failMail!.html).toContain('Jane Doe');
    expect(resolvedMail!.subject).toBe('[apim-vnet-guard] RESOLVED apim-prod-weu');
    expect(resolvedMail!.inReplyTo).toBe(failMail!.messageId);
    expect(resolvedMail!.text).toContain('John Smith');
    expect(smtp.envelopes).toEqual([['ops@contoso.com'], ['ops@contoso.com']]);
  });

  it('routes by tag within the allowed domains, and logs the refused entry', async () => {
    const { smtp, logger, evaluate } = await setup('team-a@contoso.com, attacker@evil.example');
    const outcome = await evaluate(report('fail', [finding()]), [CHANGE], 0);
    expect(outcome.warnings).toEqual([{ instanceId: INSTANCE_ID, entry: 'attacker@evil.example', reason: 'e-mail domain is not in the allowed domains; refused' }]);
    expect(smtp.envelopes.flat().sort()).toEqual(['ops@contoso.com', 'team-a@contoso.com']);
    expect(logger.lines.filter((l) => l.startsWith('warn alert route refused') && l.includes('attacker@evil.example'))).not.toHaveLength(0);
  });

  it('a deleted instance: one closing notice per target, routed by the tag kept in the state, none more when seen again', async () => {
    const { teams, smtp, alerting, evaluate, state } = await setup('team-a@contoso.com');
    const opened = await evaluate(report('fail', [finding()]), [CHANGE], 0);
    expect(state()?.routingTagValue).toBe('team-a@contoso.com');
    expect(smtp.envelopes.flat().sort()).toEqual(['ops@contoso.com', 'team-a@contoso.com']);
    const removal = { report: report('fail', [finding()]), previous: state(), changes: [], now: minutesAfter(T0, 30) };
    const first = await alerting.onRemoval(removal);
    expect(first.alerts.map((a) => [a.channel, a.kind, a.resolution])).toEqual([
      ['ops', 'resolved', 'instance-deleted'],
      ['instance-tag', 'resolved', 'instance-deleted'],
    ]);
    expect(first.enqueued).toBe(3); // ops: Teams and e-mail; the tag's address
    expect((await alerting.onRemoval({ ...removal, now: minutesAfter(T0, 40) })).enqueued).toBe(0);
    await alerting.deliverDue(minutesAfter(T0, 41));
    expect(teams.received).toHaveLength(2);
    expect(smtp.received).toHaveLength(4);
    const closing = smtp.received.slice(2);
    for (const mail of closing) {
      expect(mail.subject).toBe('[apim-vnet-guard] RESOLVED apim-prod-weu: instance deleted');
      expect(mail.text).toContain('Instance deleted: the alert is closed.');
      expect(opened.alerts.map((a) => `<${a.id}@apim-vnet-guard>`)).toContain(mail.inReplyTo);
    }
    expect(smtp.envelopes.slice(2).flat().sort()).toEqual(['ops@contoso.com', 'team-a@contoso.com']);
    const card = cardOf(teams.received[1]);
    expectValidCard(card, expect);
    expect(JSON.stringify(card)).toContain('Instance deleted: the alert is closed.');
  });

  it('lists what could not be delivered for the instance API', async () => {
    const { alerting, teams, evaluate } = await setup();
    await teams.close();
    await evaluate(report('fail', [finding()]), [CHANGE], 0);
    const undelivered = await alerting.listUndelivered(INSTANCE_ID);
    expect(undelivered.map((u) => [u.channel, u.target, u.status])).toEqual([['ops', 'teams', 'pending']]);
    expect(undelivered[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(undelivered[0]!.lastError).toMatch(/fetch failed|ECONNREFUSED/);
  });
});
