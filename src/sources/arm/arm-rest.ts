/**
 * One ARM call as plain REST through the connection's pipeline (credential, transport, retries and
 * request counter of the SDK clients), for the reads whose raw JSON the project keeps anyway. The body
 * is parsed once, by the pipeline's deserialization policy, and handed on as ARM sent it: the SDK's
 * typed deserialization (and our re-serialization to raw JSON) was most of the cost of a watcher
 * evaluation (issue 15). Failures are thrown as the SDK throws them (RestError with ARM's error code),
 * so callers classify them in one place (read-resource.ts `failureOutcome`).
 */
import type { FullOperationResponse } from '@azure/core-client';
import { createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import type { ResourceId } from '../../arm/resource-id.js';
import type { ArmConnection } from './connection.js';
import { PUBLIC_ARM_ENDPOINT } from './transport.js';

export interface ArmRestCall {
  method: 'GET' | 'POST';
  /** Path from the ARM root, already encoded (starts with `/`). */
  path: string;
  apiVersion: string;
  /** Further query parameters (e.g. `$top`). */
  query?: Record<string, string>;
  /** JSON request body (POST). */
  body?: unknown;
  abortSignal?: AbortSignal;
}

/** The parsed JSON body of a 2xx answer; throws RestError otherwise. */
export async function armRest(connection: ArmConnection, call: ArmRestCall): Promise<unknown> {
  const query = new URLSearchParams({ 'api-version': call.apiVersion, ...call.query });
  return send(connection, call.method, `${PUBLIC_ARM_ENDPOINT}${call.path}?${query.toString()}`, call.body, call.abortSignal);
}

/**
 * The next page of a paged answer: a GET of the `nextLink` it gave, which must be on the ARM host (the
 * pipeline adds the bearer token to whatever URL it is given, so a link elsewhere is refused, not followed).
 */
export async function armNextLink(connection: ArmConnection, nextLink: string, abortSignal?: AbortSignal): Promise<unknown> {
  const url = new URL(nextLink);
  if (url.origin !== new URL(PUBLIC_ARM_ENDPOINT).origin) throw new Error(`a nextLink outside ARM (${url.origin}) was not followed`);
  return send(connection, 'GET', url.href, undefined, abortSignal);
}

async function send(connection: ArmConnection, method: 'GET' | 'POST', url: string, body: unknown, abortSignal: AbortSignal | undefined): Promise<unknown> {
  const request = createPipelineRequest({ url, method });
  if (abortSignal) request.abortSignal = abortSignal;
  request.headers.set('accept', 'application/json');
  if (body !== undefined) {
    request.headers.set('content-type', 'application/json');
    request.body = JSON.stringify(body);
  }
  const response = (await connection.restClient().sendRequest(request)) as FullOperationResponse;
  const parsed = response.parsedBody ?? parseText(response.bodyAsText);
  if (response.status >= 200 && response.status < 300) return parsed;
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const message = typeof error?.message === 'string' ? error.message : `ARM answered ${response.status}`;
  throw new RestError(message, { statusCode: response.status, ...(code ? { code } : {}), request, response });
}

/** A body the pipeline did not parse (no JSON content type): parsed here, or undefined. */
function parseText(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The URL path of a resource id: each name encoded as the SDKs encode path parameters. */
export function resourcePath(parsed: Readonly<ResourceId>): string {
  let path = `/subscriptions/${encodeURIComponent(parsed.subscriptionId)}`;
  if (parsed.resourceGroup !== undefined) path += `/resourceGroups/${encodeURIComponent(parsed.resourceGroup)}`;
  if (parsed.provider !== undefined) path += `/providers/${parsed.provider}`;
  for (const s of parsed.segments) path += `/${s.type}/${encodeURIComponent(s.name)}`;
  return path;
}
