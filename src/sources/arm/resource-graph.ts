/**
 * Azure Resource Graph: the sweep's queries and the pager that runs them. Called as plain REST
 * (POST /providers/Microsoft.ResourceGraph/resources) through the same core pipeline, credential and
 * retry policy as the SDK clients: @azure/arm-resourcegraph's Node-20 release is built on the retired
 * ms-rest-js. Pages hold up to 1,000 rows and are followed with $skipToken.
 */
import { createPipelineRequest, isRestError } from '@azure/core-rest-pipeline';
import type { ArmResource } from '../../arm/arm-resource.js';
import { RESOURCE_TYPES } from '../../arm/resource-id.js';
import type { ArmConnection } from './connection.js';
import { PUBLIC_ARM_ENDPOINT } from './transport.js';

export const RESOURCE_GRAPH_API_VERSION = '2022-10-01';
export const RESOURCE_GRAPH_PAGE_SIZE = 1000;
/** Resource Graph accepts at most this many subscriptions in one request. */
const SUBSCRIPTIONS_PER_REQUEST = 1000;

/** What the sweep lists, one query per kind. */
export const SWEPT_KINDS = [
  { kind: 'apim', type: RESOURCE_TYPES.apim, label: 'API Management instances' },
  { kind: 'virtualNetwork', type: RESOURCE_TYPES.virtualNetwork, label: 'virtual networks' },
  { kind: 'networkSecurityGroup', type: RESOURCE_TYPES.networkSecurityGroup, label: 'network security groups' },
  { kind: 'routeTable', type: RESOURCE_TYPES.routeTable, label: 'route tables' },
  { kind: 'publicIp', type: RESOURCE_TYPES.publicIp, label: 'public IP addresses' },
] as const;
export type SweptKind = (typeof SWEPT_KINDS)[number];

const COLUMNS = 'id, name, type, location, sku, zones, tags, properties';

/** The query for one kind: every resource of the type, as ARM has it, in a stable order for paging. */
export function sweepQuery(type: string): string {
  return `resources | where type =~ '${type.toLowerCase()}' | project ${COLUMNS} | order by id asc`;
}

/**
 * The API Management services whose properties name one of these resources (a subnet, a public IP), in
 * any location: a single-instance read's neighbours without listing the subscription. `contains` is
 * case-insensitive and the quotes make it match whole ids; the view builder joins on exact ids anyway.
 * Undefined when an id holds a character the KQL literal cannot carry (the caller lists instead).
 */
export function occupantsQuery(resourceIds: readonly string[]): string | undefined {
  if (resourceIds.length === 0 || resourceIds.some((id) => /['"\\]/.test(id))) return undefined;
  const named = resourceIds.map((id) => `tostring(properties) contains '"${id}"'`).join(' or ');
  return `resources | where type =~ '${RESOURCE_TYPES.apim.toLowerCase()}' | where ${named} | project id | order by id asc`;
}

export type GraphScope = { subscriptions: string[] } | { managementGroup: string };

export interface GraphPage {
  rows: ArmResource[];
  totalRecords?: number;
}

/** Resource Graph refused the query (403): the caller falls back to ARM list calls. */
export class GraphDeniedError extends Error {
  override name = 'GraphDeniedError';
}

/** Paging stopped before the last page; `rowsRead` rows were delivered before it stopped. */
export class GraphIncompleteError extends Error {
  override name = 'GraphIncompleteError';
  constructor(
    message: string,
    readonly rowsRead: number,
  ) {
    super(message);
  }
}

interface GraphResponseBody {
  totalRecords?: number;
  count?: number;
  data?: unknown;
  $skipToken?: string;
  resultTruncated?: string | boolean;
}

/**
 * Runs one query over a scope, page by page, calling `onPage` with the rows converted to ARM resources
 * (the type spelled as `canonicalType`, absent columns dropped).
 */
export async function queryResourceGraph(
  connection: ArmConnection,
  scope: GraphScope,
  query: string,
  canonicalType: string,
  onPage: (page: GraphPage) => void,
  pageSize = RESOURCE_GRAPH_PAGE_SIZE,
): Promise<void> {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > RESOURCE_GRAPH_PAGE_SIZE) {
    throw new RangeError(`a Resource Graph page holds 1 to ${RESOURCE_GRAPH_PAGE_SIZE} rows, not ${pageSize}`);
  }
  const batches: Array<Record<string, unknown>> =
    'managementGroup' in scope
      ? [{ managementGroups: [scope.managementGroup] }]
      : chunk(scope.subscriptions, SUBSCRIPTIONS_PER_REQUEST).map((subscriptions) => ({ subscriptions }));
  let rowsRead = 0;
  for (const target of batches) {
    let skipToken: string | undefined;
    do {
      const options: Record<string, unknown> = { $top: pageSize, resultFormat: 'objectArray' };
      if (skipToken) options.$skipToken = skipToken;
      const body = await post(connection, { ...target, query, options }, rowsRead);
      if (!Array.isArray(body.data)) throw new GraphIncompleteError('Resource Graph answered without a data array', rowsRead);
      const rows = body.data.map((row) => toArmResource(row, canonicalType));
      rowsRead += rows.length;
      const page: GraphPage = { rows };
      if (typeof body.totalRecords === 'number') page.totalRecords = body.totalRecords;
      onPage(page);
      skipToken = typeof body.$skipToken === 'string' && body.$skipToken !== '' ? body.$skipToken : undefined;
      if (!skipToken && (body.resultTruncated === true || body.resultTruncated === 'true')) {
        throw new GraphIncompleteError('Resource Graph truncated the result and gave no $skipToken', rowsRead);
      }
    } while (skipToken);
  }
}

async function post(connection: ArmConnection, payload: unknown, rowsRead: number): Promise<GraphResponseBody> {
  const client = connection.restClient();
  const request = createPipelineRequest({
    url: `${PUBLIC_ARM_ENDPOINT}/providers/Microsoft.ResourceGraph/resources?api-version=${RESOURCE_GRAPH_API_VERSION}`,
    method: 'POST',
  });
  request.headers.set('content-type', 'application/json');
  request.body = JSON.stringify(payload);
  let status: number;
  let text: string | undefined;
  try {
    const response = await client.sendRequest(request);
    status = response.status;
    text = response.bodyAsText ?? undefined;
  } catch (e) {
    const reason = isRestError(e) ? `${e.code ?? 'error'}: ${e.message}` : String(e);
    throw new GraphIncompleteError(`Resource Graph request failed (${oneLine(reason)})`, rowsRead);
  }
  if (status === 403) throw new GraphDeniedError(errorText(text) ?? 'Resource Graph answered 403');
  if (status < 200 || status >= 300) {
    throw new GraphIncompleteError(`Resource Graph answered ${status}${errorSuffix(text)}`, rowsRead);
  }
  try {
    return JSON.parse(text ?? '') as GraphResponseBody;
  } catch {
    throw new GraphIncompleteError('Resource Graph answered with a body that is not JSON', rowsRead);
  }
}

/** A Resource Graph row as an ARM resource: nulls are absent values, the type gets its ARM spelling. */
export function toArmResource(row: unknown, canonicalType: string): ArmResource {
  const out: Record<string, unknown> = {};
  if (typeof row === 'object' && row !== null) {
    for (const [key, value] of Object.entries(row)) if (value !== null && value !== undefined) out[key] = value;
  }
  if (typeof out.type === 'string' && out.type.toLowerCase() === canonicalType.toLowerCase()) out.type = canonicalType;
  return out as ArmResource;
}

function errorText(text: string | undefined): string | undefined {
  try {
    const body = JSON.parse(text ?? '') as { error?: { code?: string; message?: string } };
    if (body.error) return oneLine(`${body.error.code ?? 'error'}: ${body.error.message ?? ''}`);
  } catch {
    // not JSON
  }
  return undefined;
}

function errorSuffix(text: string | undefined): string {
  const e = errorText(text);
  return e ? ` (${e})` : '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
