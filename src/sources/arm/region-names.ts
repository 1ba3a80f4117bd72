/**
 * Resource Graph stores every location in its programmatic form (`westeurope`), while ARM's own GET
 * of an APIM instance answers with the display name (`West Europe`), which the findings quote. To
 * give a sweep the same report as a read by id or an exported estate, the sweep puts the display
 * name back, from one `Subscriptions - List Locations` call.
 */
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import type { ArmResource } from '../../arm/arm-resource.js';
import { normalizeRegion } from '../../model/region.js';
import type { ArmConnection } from './connection.js';
import { PUBLIC_ARM_ENDPOINT } from './transport.js';

export const LOCATIONS_API_VERSION = '2022-12-01';

/** Programmatic region name → display name; empty when the list cannot be read. */
export async function regionDisplayNames(connection: ArmConnection, subscriptionId: string): Promise<Map<string, string>> {
  const request = createPipelineRequest({
    url: `${PUBLIC_ARM_ENDPOINT}/subscriptions/${encodeURIComponent(subscriptionId)}/locations?api-version=${LOCATIONS_API_VERSION}`,
    method: 'GET',
  });
  const names = new Map<string, string>();
  try {
    const response = await connection.restClient().sendRequest(request);
    if (response.status !== 200) return names;
    const body = JSON.parse(response.bodyAsText ?? '{}') as { value?: Array<{ name?: unknown; displayName?: unknown }> };
    for (const l of body.value ?? []) {
      if (typeof l.name === 'string' && typeof l.displayName === 'string') names.set(normalizeRegion(l.name), l.displayName);
    }
  } catch {
    // Only the spelling of region names in messages depends on it.
  }
  return names;
}

/** The instance with its primary location spelled as ARM's GET spells it. */
export function withDisplayLocation(instance: ArmResource, names: ReadonlyMap<string, string>): ArmResource {
  if (typeof instance.location !== 'string') return instance;
  const display = names.get(normalizeRegion(instance.location));
  return display === undefined ? instance : { ...instance, location: display };
}
