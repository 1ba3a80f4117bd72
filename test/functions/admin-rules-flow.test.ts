/**
 * Issue 13's scenario through the whole watcher (Azurite, the ARM simulator, local Teams and SMTP servers):
 * a central network team commits a Virtual Network Manager security admin Deny on TCP 3443. The instance's
 * NSG stays perfect, yet it breaks; the commit event re-evaluates it, and the alert names the admin rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../functions/runtime.js';
import { parentResourceId, parseResourceId } from '../../src/arm/resource-id.js';
import { NETWORK_MANAGER_COMMIT } from '../../src/events/operations.js';
import type { SmtpServer, TeamsServer } from '../alerts/servers.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { armAdminRuleItem, armEffectiveAdminRules, syntheticEstate } from '../support/synthetic-estate.js';
import { resourceEvent } from '../watcher/fixtures.js';
import { startAlertingWatcher, type AlertingWatcher } from '../support/alerting-watcher.js';
import { queue, send, type LogLine } from './host.js';

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
let watcher: AlertingWatcher;

const deliver = () => watcher.deliver();

const status = async () => (await runtime.watcher({ info() {}, warn() {}, error() {} }).store.getInstance(instanceId))?.status;

beforeAll(async () => {
  const resources = syntheticEstate({ instances: 1, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: 1 });
  const instance = resources.find((r) => r.type === 'Microsoft.ApiManagement/service')!;
  instanceId = instance.id;
  const subnetId = (instance.properties as { virtualNetworkConfiguration: { subnetResourceId: string } }).virtualNetworkConfiguration.subnetResourceId;
  vnetId = parentResourceId(subnetId)!;
  const sub = parseResourceId(instanceId).subscriptionId;
  manager = `/subscriptions/${sub}/resourceGroups/rg-netops/providers/Microsoft.Network/networkManagers/avnm-corp`;
  // No READ_ADMIN_RULES: the watcher reads admin rules by default, as deployed.
  watcher = await startAlertingWatcher(resources, { subscriptionId: sub, prefix: 'avnm', logs });
  ({ sim, runtime, teams, smtp, events, evaluations } = watcher);
});

afterAll(async () => {
  await watcher?.stop();
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
