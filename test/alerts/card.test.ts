import { describe, expect, it } from 'vitest';
import { decideAlerts, decideRemoval } from '../../src/alerts/policy.js';
import { buildCard, buildTeamsMessage } from '../../src/alerts/render/card.js';
import type { Alert, Attribution, PolicyOptions, PreviousAlertState } from '../../src/alerts/types.js';
import type { Finding, InstanceReport } from '../../src/model/finding.js';
import { expectValidCard, textsOf } from './card-check.js';
import { CHANGE, INSTANCE_ID, NSG_ID, ROUTE_FINDING, T0, UNREADABLE_FINDING, finding, minutesAfter, report } from './fixtures.js';

const OPTIONS: PolicyOptions = { unknownAfterMinutes: 0, subjectPrefix: '[apim-vnet-guard]', reminderIntervalMinutes: 60 };
const CH = [{ name: 'ops', minSeverity: 'breaks-on-apply' as const }];

function sequence(reports: InstanceReport[], changes: Attribution[] = [CHANGE]): Alert[] {
  let state: PreviousAlertState | undefined;
  const out: Alert[] = [];
  reports.forEach((r, i) => {
    const d = decideAlerts({ report: r, previous: state, channels: CH, changes, now: minutesAfter(T0, i * 61), options: OPTIONS });
    out.push(...d.alerts);
    state = d.next;
  });
  return out;
}

const failing = () => sequence([report('fail', [finding(), ROUTE_FINDING])])[0]!;

const DELETE: Attribution = {
  caller: { name: 'Jane Doe', upn: 'jane.doe@contoso.com' },
  operation: 'Microsoft.ApiManagement/service/delete',
  resourceId: INSTANCE_ID,
  time: '2025-05-01T16:00:00Z',
};

/** The failing alert of `last`, and the notice sent when the instance is then found deleted. */
function deletedAfter(last: InstanceReport, changes: Attribution[] = [DELETE]): { opened: Alert; notice: Alert } {
  const first = decideAlerts({ report: last, previous: undefined, channels: CH, changes: [CHANGE], now: T0, options: OPTIONS });
  const removal = decideRemoval({ report: last, previous: first.next, channels: CH, changes, now: minutesAfter(T0, 90), options: OPTIONS });
  return { opened: first.alerts[0]!, notice: removal.alerts[0]! };
}

function allText(alert: Alert): string {
  return textsOf(buildCard(alert))
    .map((t) => t.text)
    .join('\n');
}

describe('Teams message', () => {
  it('is an Adaptive Card 1.4 in the message/attachments envelope', () => {
    const message = buildTeamsMessage(failing());
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment!.contentUrl).toBeNull();
    expect(attachment!.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    // What the Workflows template reads: JSON all the way, no undefined holes.
    expect(JSON.parse(JSON.stringify(message))).toEqual(message);
  });

  it.each([
    ['failing', () => failing()],
    ['changed', () => sequence([report('fail', [finding()]), report('fail', [finding(), ROUTE_FINDING])])[1]!],
    ['reminder', () => sequence([report('fail', [finding()]), report('fail', [finding()])])[1]!],
    ['resolved', () => sequence([report('fail', [finding()]), report('pass')])[1]!],
    ['resolved (instance deleted)', () => deletedAfter(report('fail', [finding()])).notice],
    ['cannot-evaluate', () => sequence([report('unknown', [UNREADABLE_FINDING])])[0]!],
    ['failing without changes', () => sequence([report('fail', [finding()])], [])[0]!],
  ])('the %s card parses without events, validates, and round-trips', (kind, make) => {
    const alert = make();
    expect(kind.startsWith(alert.kind)).toBe(true);
    expectValidCard(buildCard(alert), expect);
  });

  it('shows the instance, its regions, tier and platform', () => {
    const text = allText(failing());
    for (const s of ['apim-prod-weu', 'westeurope, northeurope', 'Premium (2 units)', 'stv2.1', 'Internal', 'Regions', 'rg-apim (subscription 00000000-0000-0000-0000-000000000001)']) expect(text).toContain(s);
  });

  it('shows each failing rule with its severity, message, deciding NSG rule or route and remediation', () => {
    const text = allText(failing());
    expect(text).toContain('Breaks on next apply');
    expect(text).toContain('Breaks now');
    expect(text).toContain('Inbound TCP 3443 from ApiManagement is denied by rule DenyAllInbound (priority 200).');
    expect(text).toContain('NSG rule DenyAllInbound (priority 200, Deny)');
    expect(text).toContain('route default-to-fw 0.0.0.0/0 → VirtualAppliance 10.0.0.4');
    expect(text).toContain('Add an inbound rule allowing ApiManagement → VirtualNetwork on TCP 3443 with a priority below 200.');
    expect(text).toContain('NSG_INBOUND_MANAGEMENT');
  });

  it('shows a default NSG rule and the flow when the evidence has them', () => {
    const f = finding({
      evidence: {
        decidingRule: { name: 'DenyAllInBound', priority: 65500, access: 'Deny', isDefault: true },
        flow: { direction: 'Inbound', protocol: 'TCP', source: 'ApiManagement', destination: 'VirtualNetwork', port: 3443 },
      },
    });
    const text = allText(sequence([report('fail', [f])])[0]!);
    expect(text).toContain('default NSG rule DenyAllInBound (priority 65500, Deny)');
    expect(text).toContain('Inbound TCP from ApiManagement to VirtualNetwork, port 3443');
  });

  it('says who changed what and when', () => {
    const text = allText(failing());
    expect(text).toContain('Jane Doe (jane.doe@contoso.com)');
    expect(text).toContain('deleted security rule');
    expect(text).toContain('nsg-apim-weu/AllowApimManagement');
    expect(text).toContain('2025-05-01 14:03 UTC');
  });

  it('names a service principal by its application id', () => {
    const alert = sequence([report('fail', [finding()])], [{ ...CHANGE, caller: { appId: '11111111-2222-3333-4444-555555555555' } }])[0]!;
    expect(allText(alert)).toContain('application 11111111-2222-3333-4444-555555555555');
  });

  it('links to the instance and the faulty resource in the portal, and to Microsoft Learn', () => {
    const card = buildCard(failing());
    const urls = JSON.stringify(card).match(/"url":"[^"]+"/g) ?? [];
    expect(urls).toContain(`"url":"https://portal.azure.com/#@/resource${INSTANCE_ID}"`);
    expect(urls).toContain(`"url":"https://portal.azure.com/#@/resource${NSG_ID}"`);
    expect(urls).toContain('"url":"https://learn.microsoft.com/azure/api-management/api-management-using-with-vnet#configure-nsg-rules"');
    expect(card.actions?.[0]).toEqual({ type: 'Action.OpenUrl', title: 'Open the instance in the Azure portal', url: `https://portal.azure.com/#@/resource${INSTANCE_ID}` });
    const types = JSON.stringify(card).match(/"type":"Action\.[A-Za-z]+"/g) ?? [];
    expect(new Set(types)).toEqual(new Set(['"type":"Action.OpenUrl"']));
  });

  it('uses the configured portal (sovereign clouds)', () => {
    const card = buildCard(failing(), { portalUrl: 'https://portal.azure.us' });
    expect(card.actions?.[0]).toMatchObject({ url: `https://portal.azure.us/#@/resource${INSTANCE_ID}` });
  });

  it('makes resolved notices short and green, referring to the original alert', () => {
    const [opened, resolved] = sequence([report('fail', [finding()]), report('pass')]);
    const card = buildCard(resolved!);
    const header = card.body[0] as { style: string; items: Array<Record<string, unknown>> };
    expect(header.style).toBe('good');
    expect(header.items[0]).toMatchObject({ type: 'TextBlock', color: 'Good' });
    const text = allText(resolved!);
    expect(text).toContain(`Resolves "${opened!.subject}"`);
    expect(text).not.toContain('Breaks on next apply');
    expect(JSON.stringify(card).length).toBeLessThan(JSON.stringify(buildCard(opened!)).length / 2);
  });

  it('makes the notice of a deleted instance short and green: instance deleted, the alert is closed, no link to the gone instance', () => {
    const { opened, notice } = deletedAfter(report('fail', [finding(), ROUTE_FINDING]));
    const card = buildCard(notice);
    const header = card.body[0] as { style: string; items: Array<Record<string, unknown>> };
    expect(header.style).toBe('good');
    expect(header.items[0]).toMatchObject({ type: 'TextBlock', color: 'Good', text: 'RESOLVED: instance deleted' });
    const text = allText(notice);
    expect(text).toContain('Instance deleted: the alert is closed.');
    expect(text).toContain(`Closes "${opened.subject}"`);
    expect(text).toContain('Jane Doe (jane.doe@contoso.com)');
    expect(text).toContain('deleted API Management instance');
    expect(text).not.toContain('Breaks');
    expect(card.actions).toBeUndefined();
    expect(JSON.stringify(card)).not.toContain(`resource${INSTANCE_ID}`);
    expect(JSON.stringify(card).length).toBeLessThan(JSON.stringify(buildCard(opened)).length / 2);
  });

  it('colours a failure Attention', () => {
    const header = buildCard(failing()).body[0] as { style: string; items: Array<Record<string, unknown>> };
    expect(header.style).toBe('attention');
    expect(header.items[0]).toMatchObject({ color: 'Attention' });
  });

  it('shows at most ten findings and counts the rest', () => {
    const many = Array.from({ length: 14 }, (_, i) => finding({ ruleId: `RULE_${i}` }));
    const card = buildCard(sequence([report('fail', many)])[0]!);
    expect(allText(sequence([report('fail', many)])[0]!)).toContain('…and 4 more finding(s)');
    expect(JSON.stringify(card)).not.toContain('RULE_10');
    expectValidCard(card, expect);
  });
});

describe('Teams card escaping', () => {
  const HOSTILE = '**bold** _it_ ~~x~~ [click](https://evil.example/x) <script>alert(1)</script> `code` # h1 \n- item\n1. one {{DATE(2017-02-14T06:08:39Z, SHORT)}} &amp;';
  const MARK = 'ZQX';
  const poison = (s: string) => `${MARK}${s}${HOSTILE}`;

  function hostileAlert(): Alert {
    const f: Finding = finding({
      message: poison('message'),
      remediation: poison('remediation'),
      resourceId: `${NSG_ID.replace('nsg-apim-weu', `${MARK}nsg_*evil*`)}`,
      evidence: { decidingRule: { name: poison('rule'), priority: 100, access: 'Deny', isDefault: false } },
    });
    const r = report('fail', [f], { name: poison('name'), sku: poison('sku'), platform: poison('platform'), networkMode: poison('mode'), locations: [poison('region')] });
    const change: Attribution = { caller: { name: poison('caller'), upn: poison('upn') }, operation: CHANGE.operation, resourceId: CHANGE.resourceId, time: CHANGE.time };
    return sequence([r], [change])[0]!;
  }

  it('keeps every value from Azure out of markdown (TextBlock, FactSet): only in TextRuns and action titles', () => {
    const texts = textsOf(buildCard(hostileAlert()));
    const leaked = texts.filter((t) => t.text.includes(MARK) && (t.where === 'TextBlock' || t.where === 'Fact'));
    expect(leaked).toEqual([]);
    // The poisoned values are there, as literal text.
    const runs = texts.filter((t) => t.where === 'TextRun' && t.text.includes(MARK));
    expect(runs.length).toBeGreaterThanOrEqual(8);
    const name = runs.find((t) => t.text.startsWith(`${MARK}name`))!;
    expect(name.text).toContain('**bold** _it_ ~~x~~ [click](https://evil.example/x) <script>alert(1)</script> `code`');
  });

  it('defuses the date/time functions TextRuns would expand', () => {
    const texts = textsOf(buildCard(hostileAlert()));
    expect(texts.filter((t) => /\{\{(DATE|TIME)\(/.test(t.text))).toEqual([]);
    expect(texts.some((t) => t.text.includes('{\u200b{DATE('))).toBe(true);
  });

  it('still parses and validates with hostile values', () => {
    expectValidCard(buildCard(hostileAlert()), expect);
  });

  it('keeps the values of a deleted instance’s notice out of markdown too', () => {
    const hostile = report('fail', [finding()], { name: poison('name'), locations: [poison('region')] });
    const { notice } = deletedAfter(hostile, [{ ...DELETE, caller: { name: poison('caller') } }]);
    const card = buildCard(notice);
    const texts = textsOf(card);
    expect(texts.filter((t) => t.text.includes(MARK) && (t.where === 'TextBlock' || t.where === 'Fact'))).toEqual([]);
    expect(texts.filter((t) => t.where === 'TextRun' && t.text.includes(MARK)).length).toBeGreaterThanOrEqual(3);
    expectValidCard(card, expect);
  });

  it('keeps portal links well-formed for odd resource names', () => {
    const urls = (JSON.stringify(buildCard(hostileAlert())).match(/"url":"[^"]+"/g) ?? []).map((u) => u.slice(7, -1));
    for (const url of urls) expect(() => new URL(url)).not.toThrow();
    expect(urls.some((u) => u.includes('ZQXnsg_*evil*'))).toBe(true);
  });
});
