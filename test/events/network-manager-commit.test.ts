/** A Virtual Network Manager commit is a watched change (an action, from the resources topic only). */
import { describe, expect, it } from 'vitest';
import { NETWORK_MANAGER_COMMIT, watchedKindOfType, watchedOperation } from '../../src/events/operations.js';
import { parseEvents } from '../../src/events/parse-events.js';
import { resourceEvent } from '../watcher/fixtures.js';

const MANAGER = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-netops/providers/Microsoft.Network/networkManagers/avnm-corp';

describe('network manager commit', () => {
  it('is parsed into a change of kind networkManager, with the caller', async () => {
    const parsed = await parseEvents([resourceEvent({ id: 'e1', resourceId: MANAGER, operationName: NETWORK_MANAGER_COMMIT, upn: 'netops@contoso.com' })]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.changes.map((c) => [c.operation.kind, c.verb, c.resourceIdAsGiven, c.caller.upn])).toEqual([['networkManager', 'action', MANAGER, 'netops@contoso.com']]);
  });

  it('writes to a manager or its rules are not watched (they change nothing until committed)', async () => {
    expect(watchedOperation('Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules/write')).toBeUndefined();
    expect(watchedKindOfType('Microsoft.Network/networkManagers')).toBeUndefined();
    const parsed = await parseEvents([resourceEvent({ id: 'e2', resourceId: MANAGER, operationName: 'Microsoft.Network/networkManagers/write' })]);
    expect(parsed.changes).toEqual([]);
  });
});
