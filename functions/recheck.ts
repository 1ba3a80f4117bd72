/**
 * `recheck`: the HTTP API (function key required).
 *   GET  /api/instances                                           every known instance, last status
 *   GET  /api/instances/{subscriptionId}/{resourceGroup}/{name}   last result with findings
 *   POST /api/instances/{subscriptionId}/{resourceGroup}/{name}/check[?notify=true][&corroborate=true]   evaluate now
 *     (corroborate: also read the instance's networkstatus now and attach it to the findings)
 * Errors are JSON `{ code, message }` with a stable code; nothing internal (stack, ARM error text,
 * identities) is returned: details go to the invocation log.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { ConfigError } from '../src/config/config.js';
import { parseInstanceRef, type InstanceRef } from '../src/watcher/instance-ref.js';
import { checkInstance, listInstances, showInstance } from '../src/watcher/instances.js';
import { logOf } from './invocation.js';
import { defaultRuntime, type Runtime, type RuntimeProvider } from './runtime.js';

export type ApiErrorCode =
  | 'INVALID_SUBSCRIPTION_ID'
  | 'INVALID_RESOURCE_GROUP'
  | 'INVALID_INSTANCE_NAME'
  | 'INVALID_QUERY'
  | 'OUT_OF_SCOPE'
  | 'INSTANCE_NOT_FOUND'
  | 'NOT_EVALUATED'
  | 'INSTANCE_UNREADABLE'
  | 'NOT_CONFIGURED'
  | 'INVALID_CHANGE_DOCUMENT'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL_ERROR';

const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function json(status: number, body: unknown): HttpResponseInit {
  return { status, headers: HEADERS, jsonBody: body };
}

export function apiError(status: number, code: ApiErrorCode, message: string): HttpResponseInit {
  return json(status, { code, message });
}

export const OUT_OF_SCOPE = () => apiError(403, 'OUT_OF_SCOPE', 'the instance is outside the scope this watcher is configured to watch');

/** Query parameters each route accepts; `code` is the function key, which the host checks. */
export function checkQuery(request: HttpRequest, allowed: readonly string[]): HttpResponseInit | undefined {
  for (const key of request.query.keys()) {
    if (key !== 'code' && !allowed.includes(key)) return apiError(400, 'INVALID_QUERY', `unknown query parameter "${key.slice(0, 40)}"`);
  }
  return undefined;
}

export function refOf(request: HttpRequest): { ref: InstanceRef } | { response: HttpResponseInit } {
  const parsed = parseInstanceRef({
    subscriptionId: request.params.subscriptionId,
    resourceGroup: request.params.resourceGroup,
    name: request.params.name,
  });
  return 'error' in parsed ? { response: apiError(400, parsed.error.code, parsed.error.message) } : parsed;
}

/** Runs a route; a configuration problem or an unexpected failure becomes a JSON error, logged in full. */
export async function guarded(context: InvocationContext, runtime: RuntimeProvider, route: (rt: Runtime) => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
  let rt: Runtime;
  try {
    rt = await runtime();
  } catch (e) {
    context.error(`the watcher cannot start: ${(e as Error).message}`);
    const hint = e instanceof ConfigError ? 'the watcher is not configured correctly; see the function logs' : 'the watcher cannot reach its storage; see the function logs';
    return apiError(503, 'NOT_CONFIGURED', hint);
  }
  try {
    return await route(rt);
  } catch (e) {
    context.error(`request failed: ${(e as Error).stack ?? String(e)}`);
    return apiError(500, 'INTERNAL_ERROR', 'the request failed; see the function logs');
  }
}

export function listInstancesHandler(runtime: RuntimeProvider = defaultRuntime) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const bad = checkQuery(request, []);
    if (bad) return bad;
    return guarded(context, runtime, async (rt) => {
      const instances = await listInstances(rt.watcher(logOf(context)));
      return json(200, { count: instances.length, instances });
    });
  };
}

export function showInstanceHandler(runtime: RuntimeProvider = defaultRuntime) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const bad = checkQuery(request, []);
    if (bad) return bad;
    const parsed = refOf(request);
    if ('response' in parsed) return parsed.response;
    return guarded(context, runtime, async (rt) => {
      const result = await showInstance(rt.watcher(logOf(context)), parsed.ref);
      if (result.kind === 'out-of-scope') return OUT_OF_SCOPE();
      if (result.kind === 'not-found') {
        return apiError(404, 'NOT_EVALUATED', 'no evaluation is stored for this instance; POST …/check evaluates it now');
      }
      return json(200, { instance: result.instance, report: result.report, transitions: result.transitions, undeliveredAlerts: result.undeliveredAlerts });
    });
  };
}

export function checkInstanceHandler(runtime: RuntimeProvider = defaultRuntime) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const bad = checkQuery(request, ['notify', 'corroborate']);
    if (bad) return bad;
    const notifyParam = request.query.get('notify');
    if (notifyParam !== null && notifyParam !== 'true' && notifyParam !== 'false') {
      return apiError(400, 'INVALID_QUERY', 'notify must be true or false');
    }
    const corroborateParam = request.query.get('corroborate');
    if (corroborateParam !== null && corroborateParam !== 'true' && corroborateParam !== 'false') {
      return apiError(400, 'INVALID_QUERY', 'corroborate must be true or false');
    }
    const parsed = refOf(request);
    if ('response' in parsed) return parsed.response;
    return guarded(context, runtime, async (rt) => {
      const log = logOf(context);
      const result = await checkInstance(rt.watcher(log), parsed.ref, notifyParam === 'true', log, corroborateParam === 'true');
      switch (result.kind) {
        case 'out-of-scope':
          return OUT_OF_SCOPE();
        case 'not-found':
          return apiError(404, 'INSTANCE_NOT_FOUND', 'Azure Resource Manager has no such API Management instance');
        case 'unreadable':
          return apiError(502, 'INSTANCE_UNREADABLE', 'the instance could not be read from Azure Resource Manager; see the function logs');
        case 'checked':
          return json(200, {
            instance: result.instance,
            report: result.report,
            transition: result.transition ?? null,
            notified: result.notified,
            stored: result.stored,
          });
      }
    });
  };
}

const INSTANCE_ROUTE = 'instances/{subscriptionId}/{resourceGroup}/{name}';

app.http('listInstances', { methods: ['GET'], authLevel: 'function', route: 'instances', handler: listInstancesHandler() });
app.http('showInstance', { methods: ['GET'], authLevel: 'function', route: INSTANCE_ROUTE, handler: showInstanceHandler() });
app.http('checkInstance', { methods: ['POST'], authLevel: 'function', route: `${INSTANCE_ROUTE}/check`, handler: checkInstanceHandler() });
