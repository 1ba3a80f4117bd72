/**
 * The ARM simulator's Virtual Network Manager route: a VNet's effective security admin rules, served from
 * the estate's `{vnetId}/effectiveSecurityAdminRules/default` pseudo-resource (a VNet without one has none),
 * paged as Azure pages it: `$top` (1..20) rules a page, the next page asked with `{ skipToken }` in the body.
 */
import { effectiveAdminRulesId } from '../../src/arm/resource-id.js';
import type { SimulatorStore } from './arm-simulator-store.js';

export const ADMIN_RULES_ROUTE = 'POST listnetworkmanagereffectivesecurityadminrules';

/** /subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/listNetworkManagerEffectiveSecurityAdminRules */
export function isAdminRulesPath(lower: readonly string[]): boolean {
  return (
    lower.length === 9 &&
    lower[0] === 'subscriptions' &&
    lower[2] === 'resourcegroups' &&
    lower[4] === 'providers' &&
    lower[5] === 'microsoft.network' &&
    lower[6] === 'virtualnetworks' &&
    lower[8] === 'listnetworkmanagereffectivesecurityadminrules'
  );
}

export function effectiveAdminRulesPage(store: SimulatorStore, vnetId: string, url: URL, bodyText: string, defaultTop: number): [number, unknown] {
  const vnet = store.get(vnetId);
  if (!vnet) return [404, { error: { code: 'ResourceNotFound', message: `The Resource 'Microsoft.Network/virtualNetworks/${vnetId.split('/').pop()}' was not found.` } }];
  const topText = url.searchParams.get('$top');
  const top = topText === null ? defaultTop : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > 20) return [400, { error: { code: 'InvalidParameter', message: '$top must be between 1 and 20' } }];
  let body: { skipToken?: unknown };
  try {
    body = JSON.parse(bodyText || '{}') as { skipToken?: unknown };
  } catch {
    return [400, { error: { code: 'InvalidRequestContent', message: 'The request content was invalid and could not be deserialized.' } }];
  }
  const offset = typeof body.skipToken === 'string' ? Number(body.skipToken.replace(/^sim-/, '')) : 0;
  if (!Number.isInteger(offset) || offset < 0) return [400, { error: { code: 'InvalidSkipToken', message: 'The skipToken is invalid.' } }];
  const items = (store.get(effectiveAdminRulesId(vnetId))?.properties?.value as unknown[] | undefined) ?? [];
  const page: { value: unknown[]; skipToken?: string } = { value: items.slice(offset, offset + top) };
  if (offset + top < items.length) page.skipToken = `sim-${offset + top}`;
  return [200, page];
}
