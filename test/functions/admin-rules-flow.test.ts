/**
 * Issue 13's scenario through the whole watcher (Azurite, the ARM simulator, local Teams and SMTP servers):
 * a central network team commits a Virtual Network Manager security admin Deny on TCP 3443. The instance's
 * NSG stays perfect, yet it breaks; the commit event re-evaluates it, and the alert names the admin rule.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliverAlertsHandler } from '../../functions/deliverAlerts.js';
import { evaluateInstanceHandler } from '../../functions/evaluateInstance.js';
import { resourceEventsHandler } from '../../functions/resourceEvents.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { sweepHandler } from '../../functions/sweep.js';
import { parentResourceId, parseResourceId } from '../../src/arm/resource-id.js';
import { loadConfig } from '../../src/config/config.js';
import { NETWORK_MANAGER_COMMIT } from '../../src/events/operations.js';
import { startSmtpServer, startTeamsServer, type SmtpServer, type TeamsServer } from '../alerts/servers.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { armAdminRuleItem, armEffectiveAdminRules, syntheticEstate } from '../support/synthetic-estate.js';
import { resourceEvent } from '../watcher/fixtures.js';
import { context, drain, queue, send, watcherTestSettings, type LogLine } from './host.js';

let sim: ArmSimulator;
let runtime: Runtime;
let teams: TeamsServer;
let smtp: SmtpServer;
let events: ReturnType<typeof queue>;
let evaluations: ReturnType<typeof queue>;
let instanceId: string;
let vnetId: string;
let manager: string;
const logs: LogLine[] = [];

async function deliver(): Promise<void> {
  await drain(events, 'resourceEvents', resourceEventsHandler(async () => runtime), { logs });
  await new Promise((r) => setTimeout(r, 1_100)); // DEBOUNCE_SECONDS=1
  await drain(evaluations, 'evaluateInstance', evaluateInstanceHandler(async () => runtime), { logs });
  await deliverAlertsHandler(async () => runtime)({ isPastDue: false } as never, context('deliverAlerts', logs));
}

const status = async () => (await runtime.watcher({ info() {}, warn() {}, error() {} }).store.getInstance(instanceId))?.status;

beforeAll(async () => {
  teams = await startTeamsServer();
  smtp = await startSmtpServer();
  const resources = syntheticEstate({ instances: 1, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: 1 });
  const instance = resources.find((r) => r.type === 'Microsoft.ApiManagement/service')!;
  instanceId = instance.id;
  const subnetId = (instance.properties as { virtualNetworkConfiguration: { subnetResourceId: string } }).virtualNetworkConfiguration.subnetResourceId;
  vnetId = parentResourceId(subnetId)!;
  const sub = parseResourceId(instanceId).subscriptionId;
  manager = `/subscriptions/${sub}/resourceGroups/rg-netops/providers/Microsoft.Network/networkManagers/avnm-corp`;
  sim = await ArmSimulator.start(resources);
  const cs = inject('storageConnectionString');
  const config = loadConfig(
    watcherTestSettings({ connectionString: cs, armEndpoint: sim.url, subscriptionId: sub, prefix: 'avnm' }, {
      ALERT_TEAMS_WEBHOOK_URL: teams.url,
      ALERT_EXTRA_WEBHOOK_ORIGINS: teams.origin,
      ALERT_EMAIL_TO: 'platform-team@contoso.com',
      EMAIL_FROM: 'apim-vnet-guard@contoso.com',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_TLS: 'none',
      READ_ADMIN_RULES: 'true',
    }),
  );
  runtime = await createRuntime(config, { armCredential: fakeCredential() });
  events = queue(cs, config.eventsQueueName);
  evaluations = queue(cs, config.evaluationsQueueName);
  await events.createIfNotExists();
  await sweepHandler(async () => runtime)({ isPastDue: false } as never, context('sweep', logs));
  await deliverAlertsHandler(async () => runtime)({ isPastDue: false } as never, context('deliverAlerts', logs));
});

afterAll(async () => {
  await sim?.stop();
  await teams?.close();
  await smtp?.close();
});

describe('a Virtual Network Manager admin Deny on 3443, committed', () => {
  it('the instance with a healthy NSG passes before the commit, and the sweep read its VNet’s admin rules', async () => {
    expect(await status()).toBe('pass');
    expect(sim.requestsFor('POST listnetworkmanagereffectivesecurityadminrules')).toBe(1);
    expect(teams.received).toHaveLength(0);
  });

  it('the commit event re-evaluates it: fail, and the alert names the admin rule and who committed it', async () => {
    const deny = armAdminRuleItem({ networkManagerId: manager, configuration: 'cfg-lockdown', ruleCollection: 'rc-mgmt', name: 'DenyMgmt3443', priority: 10, access: 'Deny', destinationPortRanges: ['3443'] });
    sim.store.put(armEffectiveAdminRules(vnetId, [deny]));
    // APIM's own probe of its control plane fails too: the failing evaluation reads it once and attaches it.
    const now = new Date().toISOString();
    sim.networkStatus.set(instanceId.toLowerCase(), [
      {
        location: 'West Europe',
        networkStatus: {
          dnsServers: ['168.63.129.16'],
          connectivityStatus: [
            { name: 'https://x.management.azure-api.net:3443/servicestatus', status: 'failure', error: 'Connection refused', lastUpdated: now, lastStatusChange: now, resourceType: 'ApiManagement Control Plane - inbound', isOptional: false },
          ],
        },
      },
    ]);
    await send(events, resourceEvent({ id: 'evt-commit-1', resourceId: manager, operationName: NETWORK_MANAGER_COMMIT, upn: 'netops@contoso.com' }));
    await deliver();

    expect(await status()).toBe('fail');
    expect(teams.received).toHaveLength(1);
    const card = JSON.stringify(teams.received[0]);
    expect(card).toContain('NSG_IN_MGMT_3443');
    expect(card).toContain('DenyMgmt3443');
    expect(card).toContain('netops@contoso.com');
    const mail = smtp.received[0]!;
    expect(mail.text).toContain('security admin rule DenyMgmt3443 (configuration cfg-lockdown, rule collection rc-mgmt, priority 10, Deny)');
    expect(mail.text).toContain('managed centrally');
    expect(mail.text).toContain("Probe: confirmed by the instance's probe ApiManagement Control Plane - inbound");
    expect(sim.requestsFor('GET networkstatus')).toBe(1);
  });

  it('the Deny lifted and committed again: resolved', async () => {
    sim.store.put(armEffectiveAdminRules(vnetId, []));
    await send(events, resourceEvent({ id: 'evt-commit-2', resourceId: manager, operationName: NETWORK_MANAGER_COMMIT, upn: 'netops@contoso.com' }));
    await deliver();
    expect(await status()).toBe('pass');
    expect(teams.received).toHaveLength(2);
  });
});
