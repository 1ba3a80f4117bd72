/**
 * Issue 5's scenario through the whole watcher: an NSG rule deleted → the instance fails → the rule
 * restored → it passes, with every queue message handled twice (at-least-once delivery). Exactly one
 * Teams card and one e-mail for the failure and one of each for the recovery reach a local webhook
 * server and a local SMTP server, naming who made the change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../functions/runtime.js';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import type { SmtpServer, TeamsServer } from '../alerts/servers.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { syntheticEstate } from '../support/synthetic-estate.js';
import { resourceEvent } from '../watcher/fixtures.js';
import { startAlertingWatcher, type AlertingWatcher } from '../support/alerting-watcher.js';
import { queue, send, type LogLine } from './host.js';

let sim: ArmSimulator;
let runtime: Runtime;
let teams: TeamsServer;
let smtp: SmtpServer;
let events: ReturnType<typeof queue>;
let evaluations: ReturnType<typeof queue>;
let instanceName: string;
let nsgId: string;
const logs: LogLine[] = [];
let watcher: AlertingWatcher;

const deliver = () => watcher.deliver();

beforeAll(async () => {
  const resources = syntheticEstate({ instances: 1, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: 1 });
  const instanceId = resources.find((r) => r.type === 'Microsoft.ApiManagement/service')!.id;
  instanceName = parseResourceId(instanceId).name!;
  nsgId = resources.find((r) => r.type === 'Microsoft.Network/networkSecurityGroups')!.id;
  watcher = await startAlertingWatcher(resources, { subscriptionId: parseResourceId(instanceId).subscriptionId, prefix: 'alerts', logs, twice: true });
  ({ sim, runtime, teams, smtp, events, evaluations } = watcher);
});

afterAll(async () => {
  await watcher?.stop();
});

describe('alerts through the watcher', () => {
  const ruleId = () => `${nsgId}/securityRules/AllowApiManagementInbound`;
  let rule: ArmResource;

  it('a healthy instance sends nothing', () => {
    expect(teams.received).toHaveLength(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('the 3443 rule deleted: one card and one e-mail, naming the caller and the deciding rule', async () => {
    rule = structuredClone(sim.store.get(ruleId())!);
    sim.store.remove(ruleId());
    const event = resourceEvent({
      id: 'evt-alert-delete',
      resourceId: ruleId(),
      operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/delete',
      upn: 'mallory@contoso.com',
    });
    await send(events, event);
    await send(events, event); // Event Grid delivered it twice
    await deliver();

    expect(teams.received).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
    const card = JSON.stringify(teams.received[0]);
    expect(card).toContain(instanceName);
    expect(card).toContain('mallory@contoso.com');
    expect(card).toContain('NSG_IN_MGMT_3443');
    expect(card).toContain('DenyAllInBound');
    const mail = smtp.received[0]!;
    expect(mail.subject).toMatch(new RegExp(`FAIL ${instanceName}`));
    expect(mail.text).toContain('mallory@contoso.com');
    expect(mail.html).toContain('mallory@contoso.com');
    expect(JSON.stringify(logs)).not.toContain(new URL(teams.url).pathname);
  });

  it('the rule restored: one resolved card and one e-mail in the same thread, naming who restored it', async () => {
    sim.store.put(rule);
    await send(
      events,
      resourceEvent({ id: 'evt-alert-restore', resourceId: ruleId(), operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/write', upn: 'bob@contoso.com' }),
    );
    await deliver();

    expect(teams.received).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);
    expect(JSON.stringify(teams.received[1])).toContain('bob@contoso.com');
    const [failMail, resolvedMail] = smtp.received;
    expect(resolvedMail!.subject).toMatch(new RegExp(`RESOLVED ${instanceName}`));
    expect(resolvedMail!.inReplyTo).toBe(failMail!.messageId);
  });

  it('nothing more is sent when everything is delivered again', async () => {
    await deliver();
    await watcher.sweep();
    expect(teams.received).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);
  });
});
