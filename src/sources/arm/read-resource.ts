/**
 * Reads one resource by id with the SDK operation for its type, and keeps the JSON exactly as ARM
 * sent it (the raw body, via the operation's onResponse), so that the one normalizer in the project
 * (src/arm/normalize.ts) sees live reads and estate files alike. The SDK's typed, flattened result is
 * not used: mapping it back would drop what its models do not know.
 */
import type { FullOperationResponse, OperationOptions } from '@azure/core-client';
import { isRestError } from '@azure/core-rest-pipeline';
import type { ArmResource } from '../../arm/arm-resource.js';
import { normalizeResourceId, parseResourceId, RESOURCE_TYPES } from '../../arm/resource-id.js';
import type { UnreadableCause } from '../../model/view.js';
import type { ArmConnection } from './connection.js';

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
];

export async function readArmResource(connection: ArmConnection, id: string, abortSignal?: AbortSignal): Promise<ReadOutcome> {
  const parsed = parseResourceId(id);
  const type = parsed.type?.toLowerCase();
  const rg = parsed.resourceGroup;
  const names = parsed.segments.map((s) => s.name);
  if (!rg || !type) return { state: 'unreadable', reason: `${id} is not a resource id` };
  const sub = parsed.subscriptionId;
  let raw: string | undefined;
  const options: OperationOptions = {
    onResponse: (response: FullOperationResponse) => {
      raw = response.bodyAsText ?? undefined;
    },
  };
  if (abortSignal) options.abortSignal = abortSignal;
  try {
    switch (type) {
      case RESOURCE_TYPES.apim.toLowerCase():
        await (await connection.apimClient(sub)).apiManagementService.get(rg, names[0]!, options);
        break;
      case RESOURCE_TYPES.virtualNetwork.toLowerCase():
        await (await connection.networkClient(sub)).virtualNetworks.get(rg, names[0]!, options);
        break;
      case RESOURCE_TYPES.subnet.toLowerCase():
        await (await connection.networkClient(sub)).subnets.get(rg, names[0]!, names[1]!, options);
        break;
      case RESOURCE_TYPES.networkSecurityGroup.toLowerCase():
        await (await connection.networkClient(sub)).networkSecurityGroups.get(rg, names[0]!, options);
        break;
      case RESOURCE_TYPES.routeTable.toLowerCase():
        await (await connection.networkClient(sub)).routeTables.get(rg, names[0]!, options);
        break;
      case RESOURCE_TYPES.publicIp.toLowerCase():
        await (await connection.networkClient(sub)).publicIPAddresses.get(rg, names[0]!, options);
        break;
      default:
        return { state: 'unreadable', reason: `resources of type ${parsed.type} are not read` };
    }
  } catch (e) {
    return failureOutcome(e);
  }
  return parseBody(raw, id);
}

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

function parseBody(raw: string | undefined, id: string): ReadOutcome {
  try {
    const body = JSON.parse(raw ?? '') as unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as ArmResource).id === 'string') {
      const resource = body as ArmResource;
      if (normalizeResourceId(resource.id) !== normalizeResourceId(id)) {
        return { state: 'unreadable', reason: `ARM answered ${id} with ${resource.id}` };
      }
      return { state: 'found', resource };
    }
  } catch {
    // fall through
  }
  return { state: 'unreadable', reason: `ARM answered ${id} with a body that is not a resource` };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
