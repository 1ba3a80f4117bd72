/**
 * The effective security admin rules of one VNet (Azure Virtual Network Manager), read with
 * `listNetworkManagerEffectiveSecurityAdminRules` page by page (`skipToken`, up to 20 a page), and
 * kept as the estate's pseudo-resource `{vnetId}/effectiveSecurityAdminRules/default` holding the raw
 * items, so that a live read, the sweep and `export` go through the one normalizer.
 */
import type { FullOperationResponse, OperationOptions } from '@azure/core-client';
import type { ArmResource } from '../../arm/arm-resource.js';
import { effectiveAdminRulesId, parseResourceId, RESOURCE_TYPES } from '../../arm/resource-id.js';
import type { ArmConnection } from './connection.js';

/** Rules a page, at most (the API's own limit). */
export const ADMIN_RULES_PAGE_SIZE = 20;
/** Pages followed at most: a VNet with more than 1,000 effective rules is read as unreadable, not in part. */
const MAX_PAGES = 50;

export async function readEffectiveAdminRules(connection: ArmConnection, virtualNetworkId: string, abortSignal?: AbortSignal): Promise<ArmResource> {
  const parsed = parseResourceId(virtualNetworkId);
  const client = await connection.networkClient(parsed.subscriptionId);
  const items: unknown[] = [];
  let skipToken: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages of effective security admin rules for ${virtualNetworkId}`);
    let raw: string | undefined;
    const options: OperationOptions & { top: number } = {
      top: ADMIN_RULES_PAGE_SIZE,
      onResponse: (response: FullOperationResponse) => {
        raw = response.bodyAsText ?? undefined;
      },
    };
    if (abortSignal) options.abortSignal = abortSignal;
    await client.listNetworkManagerEffectiveSecurityAdminRules(parsed.resourceGroup!, parsed.segments[0]!.name, skipToken ? { skipToken } : {}, options);
    const body = JSON.parse(raw ?? '{}') as { value?: unknown; skipToken?: unknown };
    if (!Array.isArray(body.value)) throw new Error(`listNetworkManagerEffectiveSecurityAdminRules answered ${virtualNetworkId} without a "value" array`);
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
