/**
 * The effective security admin rules of one VNet (Azure Virtual Network Manager), read with
 * `listNetworkManagerEffectiveSecurityAdminRules` (a plain POST, arm-rest.ts) page by page (`skipToken`, up to 20 a page), and
 * kept as the estate's pseudo-resource `{vnetId}/effectiveSecurityAdminRules/default` holding the raw
 * items, so that a live read, the sweep and `export` go through the one normalizer.
 */
import type { ArmResource } from '../../arm/arm-resource.js';
import { effectiveAdminRulesId, parseResourceId, RESOURCE_TYPES } from '../../arm/resource-id.js';
import { armRest, resourcePath } from './arm-rest.js';
import { NETWORK_API_VERSION, type ArmConnection } from './connection.js';

/** Rules a page, at most (the API's own limit). */
export const ADMIN_RULES_PAGE_SIZE = 20;
/** Pages followed at most: a VNet with more than 1,000 effective rules is read as unreadable, not in part. */
const MAX_PAGES = 50;

export async function readEffectiveAdminRules(connection: ArmConnection, virtualNetworkId: string, abortSignal?: AbortSignal): Promise<ArmResource> {
  const path = `${resourcePath(parseResourceId(virtualNetworkId))}/listNetworkManagerEffectiveSecurityAdminRules`;
  const items: unknown[] = [];
  let skipToken: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages of effective security admin rules for ${virtualNetworkId}`);
    const body = (await armRest(connection, {
      method: 'POST',
      path,
      apiVersion: NETWORK_API_VERSION,
      query: { $top: String(ADMIN_RULES_PAGE_SIZE) },
      body: skipToken ? { skipToken } : {},
      ...(abortSignal ? { abortSignal } : {}),
    })) as { value?: unknown; skipToken?: unknown } | undefined;
    if (!Array.isArray(body?.value)) throw new Error(`listNetworkManagerEffectiveSecurityAdminRules answered ${virtualNetworkId} without a "value" array`);
    items.push(...(body.value as unknown[]));
    skipToken = typeof body.skipToken === 'string' && body.skipToken !== '' ? body.skipToken : undefined;
    if (skipToken === undefined) break;
  }
  return {
    id: effectiveAdminRulesId(virtualNetworkId),
    type: RESOURCE_TYPES.effectiveAdminRules,
    name: 'default',
    properties: { value: items },
  };
}
