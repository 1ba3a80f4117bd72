/**
 * Issue 9's watcher scenario: a Premium v2 VNet injection (the sample estate's, with its NSG repaired) against
 * Azurite and the ARM simulator. An NSG rule that denies outbound Key Vault is added → the instance fails →
 * the rule is removed → it is resolved, with every queue message handled twice. Exactly one Teams card and one
 * e-mail each way reach local servers, naming the caller, the deciding rule and the mode in words; the HTTP
 * re-check evaluates it as the watcher does.
 */
import { HttpRequest } from '@azure/functions';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInstanceHandler } from '../../functions/recheck.js';
import type { Runtime } from '../../functions/runtime.js';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import type { SmtpServer, TeamsServer } from '../alerts/servers.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { resourceEvent } from '../watcher/fixtures.js';
import { startAlertingWatcher, type AlertingWatcher } from '../support/alerting-watcher.js';
import { context, queue, send, type LogLine } from './host.js';

const INSTANCE = 'apim-contoso-v2-inj-weu';
let sim: ArmSimulator;
let runtime: Runtime;
let teams: TeamsServer;
let smtp: SmtpServer;
let events: ReturnType<typeof queue>;
let evaluations: ReturnType<typeof queue>;
let nsgId: string;
let apimIds: string[];
const logs: LogLine[] = [];
let watcher: AlertingWatcher;

const stateOf = (instanceId: string) => runtime.watcher({ info() {}, warn() {}, error() {} }).store.getInstance(instanceId);
const injectedId = () => apimIds.find((id) => id.endsWith(`/${INSTANCE}`))!;

const deliver = () => watcher.deliver();

beforeAll(async () => {
  const resources = JSON.parse(await readFile('examples/estate/v2-tiers.json', 'utf8')) as ArmResource[];
  const nsg = resources.find((r) => r.name === 'nsg-apim-v2-injection-weu')!;
  nsgId = nsg.id;
  apimIds = resources.filter((r) => r.type === 'Microsoft.ApiManagement/service').map((r) => r.id);
  // Repaired as the 08/2026 guidance says: Key Vault allowed above the deny of Internet outbound.
  const rules = nsg.properties!.securityRules as ArmResource[];
  const storage = rules.find((r) => r.name === 'AllowStorageOutbound')!;
  rules.push({ ...structuredClone(storage), name: 'AllowKeyVaultOutbound', id: `${nsgId}/securityRules/AllowKeyVaultOutbound`, properties: { ...storage.properties, destinationAddressPrefix: 'AzureKeyVault', priority: 110 } });
  watcher = await startAlertingWatcher(resources, { subscriptionId: parseResourceId(nsgId).subscriptionId, prefix: 'v2alerts', logs, twice: true });
  ({ sim, runtime, teams, smtp, events, evaluations } = watcher);
});

afterAll(async () => {
  await watcher?.stop();
});

describe('a Premium v2 injection through the watcher', () => {
  const denyId = () => `${nsgId}/securityRules/DenyKeyVaultOutbound`;

  it('the healthy v2 instances pass after the sweep and send nothing', async () => {
    for (const id of apimIds) expect((await stateOf(id))?.status, id).toBe('pass');
    expect(teams.received).toHaveLength(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('a deny of outbound Key Vault added: one card and one e-mail naming the caller, the deciding rule and the mode', async () => {
    sim.store.put({
      id: denyId(),
      name: 'DenyKeyVaultOutbound',
      type: 'Microsoft.Network/networkSecurityGroups/securityRules',
      properties: {
        protocol: 'Tcp',
        sourcePortRange: '*',
        destinationPortRange: '443',
        sourceAddressPrefix: 'VirtualNetwork',
        destinationAddressPrefix: 'AzureKeyVault',
        access: 'Deny',
        priority: 105,
        direction: 'Outbound',
      },
    });
    const event = resourceEvent({ id: 'evt-v2-deny', resourceId: denyId(), operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/write', upn: 'mallory@contoso.com' });
    await send(events, event);
    await send(events, event); // Event Grid delivered it twice
    await deliver();

    expect(teams.received).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
    const card = JSON.stringify(teams.received[0]);
    for (const s of [INSTANCE, 'mallory@contoso.com', 'V2_NSG_OUT_KV_443', 'DenyKeyVaultOutbound', 'VNet injection']) expect(card).toContain(s);
    expect(card).not.toContain('NSG_IN_MGMT_3443');
    const mail = smtp.received[0]!;
    expect(mail.subject).toMatch(new RegExp(`FAIL ${INSTANCE}`));
    expect(mail.text).toContain('mallory@contoso.com');
    expect(mail.text).toContain('DenyKeyVaultOutbound');
    expect(mail.text).toContain('VNet injection');
    expect((await stateOf(injectedId()))?.status).toBe('fail');
  });

  it('the deny removed: one resolved card and one e-mail in the same thread, naming who removed it', async () => {
    sim.store.remove(denyId());
    await send(events, resourceEvent({ id: 'evt-v2-undeny', resourceId: denyId(), operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/delete', upn: 'bob@contoso.com' }));
    await deliver();

    expect(teams.received).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);
    expect(JSON.stringify(teams.received[1])).toContain('bob@contoso.com');
    const [failMail, resolvedMail] = smtp.received;
    expect(resolvedMail!.subject).toMatch(new RegExp(`RESOLVED ${INSTANCE}`));
    expect(resolvedMail!.inReplyTo).toBe(failMail!.messageId);
  });

  it('the HTTP re-check evaluates the Premium v2 instance live, as the watcher did', async () => {
    const p = parseResourceId(injectedId());
    const params = { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup!, name: p.name! };
    const response = await checkInstanceHandler(async () => runtime)(new HttpRequest({ method: 'POST', url: 'http://localhost/api/instances', params }), context('checkInstance', logs));
    expect(response.status).toBe(200);
    expect((response.jsonBody as { report: unknown }).report).toMatchObject({ sku: 'PremiumV2', networkMode: 'Internal', status: 'pass', findings: [] });
  });

  it('nothing more is sent when everything is delivered and swept again', async () => {
    await deliver();
    await watcher.sweep();
    expect(teams.received).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);
  });
});
