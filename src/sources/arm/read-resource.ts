/**
 * Reads one resource by id with a plain GET (arm-rest.ts) and keeps the JSON exactly as ARM sent it,
 * parsed once, so that the one normalizer in the project (src/arm/normalize.ts) sees live reads and
 * estate files alike. The SDKs' typed, flattened models are not used: mapping them back would drop
 * what they do not know, and deserializing into them cost more than the rest of an evaluation.
 */
import { isRestError } from '@azure/core-rest-pipeline';
import type { ArmResource } from '../../arm/arm-resource.js';
import { normalizeResourceId, parentResourceId, parseResourceId, RESOURCE_TYPES } from '../../arm/resource-id.js';
import type { UnreadableCause } from '../../model/view.js';
import { readEffectiveAdminRules } from './admin-rules.js';
import { armRest, resourcePath } from './arm-rest.js';
import { APIM_READ_API_VERSION, NETWORK_API_VERSION, type ArmConnection } from './connection.js';

export type ReadOutcome =
  | { state: 'found'; resource: ArmResource }
  /** ARM answered 404: deleted while referenced. */
  | { state: 'missing' }
  /** 403, retries exhausted, or anything else that leaves us not knowing. */
  | { state: 'unreadable'; reason: string; cause?: UnreadableCause };

/** The resource types that can be read by id. */
export const READABLE_TYPES: readonly string[] = [
  RESOURCE_TYPES.apim,
  RESOURCE_TYPES.virtualNetwork,
  RESOURCE_TYPES.subnet,
  RESOURCE_TYPES.networkSecurityGroup,
  RESOURCE_TYPES.routeTable,
  RESOURCE_TYPES.publicIp,
  RESOURCE_TYPES.effectiveAdminRules,
];

export async function readArmResource(connection: ArmConnection, id: string, abortSignal?: AbortSignal): Promise<ReadOutcome> {
  const parsed = parseResourceId(id);
  const type = parsed.type?.toLowerCase();
  if (!parsed.resourceGroup || !type) return { state: 'unreadable', reason: `${id} is not a resource id` };
  if (type === RESOURCE_TYPES.effectiveAdminRules.toLowerCase()) {
    // Not a resource: a POST list on the VNet, paged (admin-rules.ts).
    try {
      return { state: 'found', resource: await readEffectiveAdminRules(connection, parentResourceId(id)!, abortSignal) };
    } catch (e) {
      return failureOutcome(e);
    }
  }
  const apiVersion = READ_API_VERSIONS.get(type);
  if (apiVersion === undefined) return { state: 'unreadable', reason: `resources of type ${parsed.type} are not read` };
  let body: unknown;
  try {
    body = await armRest(connection, { method: 'GET', path: resourcePath(parsed), apiVersion, ...(abortSignal ? { abortSignal } : {}) });
  } catch (e) {
    return failureOutcome(e);
  }
  return asResource(body, id);
}

/** The API version of each GET: what the SDK clients of package.json send (APIM: see connection.ts). */
const READ_API_VERSIONS: ReadonlyMap<string, string> = new Map([
  [RESOURCE_TYPES.apim.toLowerCase(), APIM_READ_API_VERSION],
  ...[RESOURCE_TYPES.virtualNetwork, RESOURCE_TYPES.subnet, RESOURCE_TYPES.networkSecurityGroup, RESOURCE_TYPES.routeTable, RESOURCE_TYPES.publicIp].map(
    (t) => [t.toLowerCase(), NETWORK_API_VERSION] as const,
  ),
]);

export function failureOutcome(e: unknown): ReadOutcome {
  if (isRestError(e)) {
    // ResourceNotFound, ResourceGroupNotFound, NotFound (child resources): all mean "not there any more".
    if (e.statusCode === 404) return { state: 'missing' };
    const status = e.statusCode ? `${e.statusCode} ` : '';
    const code = e.code ?? 'error';
    return { state: 'unreadable', reason: `${status}${code}: ${oneLine(e.message)}`, cause: e.statusCode === 403 ? 'forbidden' : 'read-failed' };
  }
  return { state: 'unreadable', reason: oneLine(e instanceof Error ? e.message : String(e)), cause: 'read-failed' };
}

function asResource(body: unknown, id: string): ReadOutcome {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as ArmResource).id === 'string') {
    const resource = body as ArmResource;
    if (normalizeResourceId(resource.id) !== normalizeResourceId(id)) {
      return { state: 'unreadable', reason: `ARM answered ${id} with ${resource.id}` };
    }
    return { state: 'found', resource };
  }
  return { state: 'unreadable', reason: `ARM answered ${id} with a body that is not a resource` };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
