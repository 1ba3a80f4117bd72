/**
 * `status`: the watcher's state as a page to keep open (function key, like the other routes).
 *   GET /api/status[?page=N&pageSize=N&status=fail]           every instance in scope, failures first, paged
 *   GET /api/status/{subscriptionId}/{resourceGroup}/{name}   one instance
 * Rendered from stored state only (no ARM call). The page is self-contained and served with the same
 * Content-Security-Policy it carries, plus frame-ancestors. Its links never carry the function key.
 *
 * With STATUS_SIGN_IN_CLIENT_ID set where App Service Authentication is on (the Bicep's optional
 * Entra ID sign-in), both routes are registered without a function key and answer only requests that
 * the platform signed in with Entra ID; anyone else is sent to the sign-in page. The platform lets
 * anonymous requests through to every other route (they keep their keys) and strips sign-in headers a
 * caller sends, which is why sign-in mode needs WEBSITE_AUTH_ENABLED as well.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { statusSignInRequested } from '../src/config/config.js';
import { STATUSES } from '../src/engine/report.js';
import type { InstanceStatus } from '../src/model/finding.js';
import { contentSecurityPolicy } from '../src/report/html/page.js';
import { renderStatusPage } from '../src/report/html/status.js';
import { DEFAULT_PAGE_SIZE, instanceStatus, MAX_PAGE_SIZE, statusOverview } from '../src/watcher/status.js';
import { logOf } from './invocation.js';
import { apiError, checkQuery, guarded, OUT_OF_SCOPE, refOf } from './recheck.js';
import { defaultRuntime, type RuntimeProvider } from './runtime.js';

const MAX_PAGE = 100_000;

function page(body: string): HttpResponseInit {
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy(true),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    },
    body,
  };
}

function intParam(request: HttpRequest, name: string, fallback: number, max: number): number | HttpResponseInit {
  const raw = request.query.get(name);
  if (raw === null) return fallback;
  if (!/^[1-9][0-9]{0,6}$/.test(raw) || Number(raw) > max) return apiError(400, 'INVALID_QUERY', `${name} must be a whole number from 1 to ${max}`);
  return Number(raw);
}

function statusParam(request: HttpRequest): InstanceStatus | undefined | HttpResponseInit {
  const raw = request.query.get('status');
  if (raw === null) return undefined;
  if (!(STATUSES as readonly string[]).includes(raw)) return apiError(400, 'INVALID_QUERY', `status must be one of ${STATUSES.join(', ')}`);
  return raw as InstanceStatus;
}

const isResponse = (v: unknown): v is HttpResponseInit => typeof v === 'object' && v !== null && 'status' in v;

export interface StatusRouteOptions {
  /** Entra ID sign-in (App Service Authentication) instead of a function key. */
  signIn?: boolean;
  now?: () => Date;
}

/** In sign-in mode: undefined for a request the platform signed in with Entra ID, else the redirect to sign in. */
function signInRedirect(request: HttpRequest, options: StatusRouteOptions): HttpResponseInit | undefined {
  if (!options.signIn) return undefined;
  const principal = request.headers.get('x-ms-client-principal-id');
  const provider = request.headers.get('x-ms-client-principal-idp');
  if (principal && provider === 'aad') return undefined;
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  return { status: 302, headers: { location: `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(back)}`, 'cache-control': 'no-store' } };
}

export function statusPageHandler(runtime: RuntimeProvider = defaultRuntime, options: StatusRouteOptions = {}) {
  const now = options.now ?? (() => new Date());
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const signIn = signInRedirect(request, options);
    if (signIn) return signIn;
    const bad = checkQuery(request, ['page', 'pageSize', 'status']);
    if (bad) return bad;
    const pageNo = intParam(request, 'page', 1, MAX_PAGE);
    const pageSize = intParam(request, 'pageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const status = statusParam(request);
    if (isResponse(pageNo)) return pageNo;
    if (isResponse(pageSize)) return pageSize;
    if (isResponse(status)) return status;
    return guarded(context, runtime, async (rt) => {
      const overview = await statusOverview(rt.watcher(logOf(context)), { page: pageNo, pageSize, ...(status ? { status } : {}) });
      const pageLink = (p: number, s?: InstanceStatus) => {
        const q = new URLSearchParams({ page: String(p) });
        if (pageSize !== DEFAULT_PAGE_SIZE) q.set('pageSize', String(pageSize));
        if (s) q.set('status', s);
        return `?${q.toString()}`;
      };
      return page(renderStatusPage({ ...overview, generatedAt: now(), pageLink, detailLink: (ref) => `status/${ref}` }));
    });
  };
}

export function instanceStatusHandler(runtime: RuntimeProvider = defaultRuntime, options: StatusRouteOptions = {}) {
  const now = options.now ?? (() => new Date());
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const signIn = signInRedirect(request, options);
    if (signIn) return signIn;
    const bad = checkQuery(request, []);
    if (bad) return bad;
    const parsed = refOf(request);
    if ('response' in parsed) return parsed.response;
    return guarded(context, runtime, async (rt) => {
      const result = await instanceStatus(rt.watcher(logOf(context)), parsed.ref);
      if (result.kind === 'out-of-scope') return OUT_OF_SCOPE();
      if (result.kind === 'not-found') return apiError(404, 'NOT_EVALUATED', 'no evaluation is stored for this instance; POST /api/instances/…/check evaluates it now');
      const one = { fail: 0, unknown: 0, warn: 0, pass: 0, 'not-injected': 0, [result.entry.state.status]: 1 } as Record<InstanceStatus, number>;
      return page(
        renderStatusPage({
          entries: [result.entry],
          byStatus: one,
          total: 1,
          matching: 1,
          page: 1,
          pages: 1,
          pageSize: 1,
          generatedAt: now(),
          // From /api/status/{sub}/{rg}/{name} back to /api/status.
          pageLink: () => '../../../status',
          single: true,
        }),
      );
    });
  };
}

const signIn = statusSignInRequested();
const authLevel = signIn ? 'anonymous' : 'function';
app.http('statusPage', { methods: ['GET'], authLevel, route: 'status', handler: statusPageHandler(defaultRuntime, { signIn }) });
app.http('instanceStatus', { methods: ['GET'], authLevel, route: 'status/{subscriptionId}/{resourceGroup}/{name}', handler: instanceStatusHandler(defaultRuntime, { signIn }) });
