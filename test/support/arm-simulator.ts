/**
 * An ARM simulator for tests: a real HTTP server on 127.0.0.1 that speaks the parts of the Azure
 * Resource Manager REST API the project uses, from an in-memory estate (the same ARM JSON the CLI
 * reads). The real SDK clients talk to it through a transport that rewrites
 * https://management.azure.com to this server (src/sources/arm/transport.ts), keeping their real
 * bearer policy, retries and paging.
 *
 * Served:
 * - GET by id of top-level resources and of child resources (subnets, securityRules, routes), which
 *   are also served inline in their parent, exactly as ARM returns them (properties nested);
 * - lists by resource group, by subscription and of child collections, paged with absolute nextLinks
 *   on the public host;
 * - POST /providers/Microsoft.ResourceGraph/resources for the sweep's queries (arm-simulator-graph.ts);
 * - GET /subscriptions/{id}/locations (region display names, arm-simulator-locations.ts);
 * - POST …/virtualNetworks/{v}/listNetworkManagerEffectiveSecurityAdminRules, paged by `$top` and the
 *   body's `skipToken`, from the estate's `{vnetId}/effectiveSecurityAdminRules/default` pseudo-resources
 *   (arm-simulator-network.ts);
 * - GET …/Microsoft.ApiManagement/service/{name}/networkstatus, from `networkStatus` by instance id (an
 *   instance without an entry has no probes: `[]`);
 * - GET /subscriptions/{id}/providers/Microsoft.Network/locations/{location}/serviceTags, the document given
 *   to `serviceTags` (404 while none is given), in pages of `serviceTagsPageSize` values with absolute
 *   nextLinks when that is set;
 * - ARM's error bodies: 400 without api-version, 401 without a bearer token, 403 for denied ids, 404.
 *
 * Every request is logged and counted per route and per resource id, and faults can be injected per
 * route (arm-simulator-faults.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatInputError, type ArmResource } from '../../src/arm/arm-resource.js';
import { normalizeResourceId, parseResourceId } from '../../src/arm/resource-id.js';
import { loadEstateFromPath } from '../../src/sources/estate-file.js';
import { FaultPlan, type FaultRule, type RequestFacts } from './arm-simulator-faults.js';
import {
  decodeSkipToken,
  encodeSkipToken,
  parseKnownQuery,
  toGraphRow,
  type GraphRequestBody,
} from './arm-simulator-graph.js';
import { locationList } from './arm-simulator-locations.js';
import { ADMIN_RULES_ROUTE, effectiveAdminRulesPage, isAdminRulesPath } from './arm-simulator-network.js';
import { CHILD_COLLECTIONS, SimulatorStore } from './arm-simulator-store.js';

export const PUBLIC_ARM_HOST = 'https://management.azure.com';
export const RESOURCE_GRAPH_ROUTE = 'POST resourcegraph';
export const SERVICE_TAGS_ROUTE = 'GET servicetags';
export const NETWORK_STATUS_ROUTE = 'GET networkstatus';
const RESOURCE_GRAPH_PATH = '/providers/microsoft.resourcegraph/resources';
const GRAPH_MAX_TOP = 1000;
const GRAPH_DEFAULT_TOP = 100;

export interface ArmSimulatorOptions {
  /** Page size of ARM list calls (ARM's own varies by provider). */
  pageSize?: number;
  /** Seed of the fault plan's random generator. */
  seed?: number;
  /** Management group name → subscription ids, for Resource Graph queries at management-group scope. */
  managementGroups?: Record<string, string[]>;
  /** Page size of listNetworkManagerEffectiveSecurityAdminRules when the client sends no `$top` (default 20). */
  adminRulesPageSize?: number;
}

export interface RequestRecord extends RequestFacts {
  path: string;
  apiVersion?: string;
  status: number;
  fault?: FaultRule['kind'];
}

export class ArmSimulator {
  readonly store: SimulatorStore;
  readonly faults: FaultPlan;
  readonly log: RequestRecord[] = [];
  private readonly server: http.Server;
  private readonly pageSize: number;
  private readonly adminRulesPageSize: number;
  private readonly managementGroups: Record<string, string[]>;
  private readonly denied = new Set<string>();
  private readonly graphDenied = new Set<string>();
  private graphDeniedEverywhere = false;
  /** What `networkstatus` answers per instance (normalized id → the listByService body). */
  readonly networkStatus = new Map<string, unknown>();
  /** What the Service Tags discovery API answers (the weekly JSON's shape); undefined: 404. */
  serviceTags: unknown;
  /** Values per page of the Service Tags answer; undefined: one page, as Azure answers today. */
  serviceTagsPageSize: number | undefined;
  private base = '';

  constructor(resources: readonly ArmResource[] = [], options: ArmSimulatorOptions = {}) {
    this.store = new SimulatorStore(resources);
    this.faults = new FaultPlan(options.seed ?? 1);
    this.pageSize = options.pageSize ?? 100;
    this.adminRulesPageSize = options.adminRulesPageSize ?? 20;
    this.managementGroups = Object.fromEntries(
      Object.entries(options.managementGroups ?? {}).map(([k, v]) => [k.toLowerCase(), v.map((s) => s.toLowerCase())]),
    );
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, armError('InternalServerError', `simulator: ${String(err)}`));
      });
    });
  }

  static async start(resources: readonly ArmResource[] = [], options: ArmSimulatorOptions = {}): Promise<ArmSimulator> {
    const sim = new ArmSimulator(resources, options);
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject);
      sim.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = sim.server.address() as AddressInfo;
    sim.base = `http://127.0.0.1:${port}`;
    return sim;
  }

  /** Starts a simulator on the ARM JSON of an estate file or directory, as `check --estate` reads it. */
  static async fromEstate(path: string, options: ArmSimulatorOptions = {}): Promise<ArmSimulator> {
    const loaded = await loadEstateFromPath(path);
    if (loaded.errors.length > 0) throw new Error(`estate ${path}: ${loaded.errors.map(formatInputError).join('; ')}`);
    return ArmSimulator.start(
      loaded.resources.map((r) => r.resource as ArmResource),
      options,
    );
  }

  /** http://127.0.0.1:<port>, where the transport sends what the SDK addresses to management.azure.com. */
  get url(): string {
    return this.base;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Answer 403 AuthorizationFailed for this id and everything under it (a subscription, a group, a resource). */
  deny(scopeOrId: string): void {
    this.denied.add(normalizeResourceId(scopeOrId));
  }

  /** Lifts every `deny` and `denyResourceGraph`. */
  allowAll(): void {
    this.denied.clear();
    this.graphDenied.clear();
    this.graphDeniedEverywhere = false;
  }

  /** Answer 403 to Resource Graph queries over this subscription, or over any subscription when omitted. */
  denyResourceGraph(subscriptionId?: string): void {
    if (subscriptionId === undefined) this.graphDeniedEverywhere = true;
    else this.graphDenied.add(subscriptionId.toLowerCase());
  }

  injectFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  // ---- counters ------------------------------------------------------------------------------

  /** Requests that reached the server (including those answered with an injected fault). */
  get requestCount(): number {
    return this.log.length;
  }

  /** Requests per route, e.g. `{ 'GET microsoft.network/networksecuritygroups': 3, 'POST resourcegraph': 5 }`. */
  countsByRoute(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.log) out[r.route] = (out[r.route] ?? 0) + 1;
    return out;
  }

  requestsFor(route: string): number {
    return this.log.filter((r) => r.route.toLowerCase() === route.toLowerCase()).length;
  }

  /** GETs by id of one resource (compared case-insensitively), faults included. */
  readsOf(id: string): number {
    const key = normalizeResourceId(id);
    return this.log.filter((r) => r.method === 'GET' && r.resourceId === key && !r.route.startsWith('LIST')).length;
  }

  /** Successful GETs by id, per normalized resource id. */
  successfulReadsById(): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.log) {
      if (r.route.startsWith('GET ') && r.resourceId && r.status === 200) out.set(r.resourceId, (out.get(r.resourceId) ?? 0) + 1);
    }
    return out;
  }

  faultCount(): number {
    return this.log.filter((r) => r.fault !== undefined).length;
  }

  resetCounters(): void {
    this.log.length = 0;
  }

  // ---- request handling ----------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const bodyText = await readBody(req);
    const facts = classify(method, url.pathname);
    if (bodyText) {
      try {
        facts.body = JSON.parse(bodyText) as unknown;
      } catch {
        // answered 400 below, where the body is read for real
      }
    }
    const apiVersion = url.searchParams.get('api-version') ?? undefined;
    const record: RequestRecord = { ...facts, path: url.pathname + url.search, status: 0 };
    if (apiVersion !== undefined) record.apiVersion = apiVersion;
    this.log.push(record);

    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      send(res, status, body, headers);
    };

    const fault = this.faults.pick(facts);
    if (fault) {
      record.fault = fault.kind;
      if (fault.kind === 'latency') {
        await sleep(fault.latencyMs ?? 0);
      } else if (fault.kind === 'reset') {
        record.status = -1;
        req.socket.destroy();
        return;
      } else if (fault.kind === 'forbidden') {
        return reply(403, forbidden(facts.resourceId ?? url.pathname));
      } else {
        const status = fault.kind === 'unavailable' ? 503 : 429;
        const headers: Record<string, string> = { ...fault.headers };
        if (fault.kind !== 'throttle-no-retry-after') {
          if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
          else if (fault.retryAfterSeconds !== undefined || fault.kind === 'throttle') {
            headers['retry-after'] = String(fault.retryAfterSeconds ?? 1);
          }
        }
        const code = status === 429 ? 'TooManyRequests' : 'ServiceUnavailable';
        return reply(status, armError(code, `simulator: injected ${fault.kind}`), headers);
      }
    }

    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      return reply(401, armError('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."));
    }
    if (!apiVersion) {
      return reply(
        400,
        armError('MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'),
      );
    }

    if (facts.route === RESOURCE_GRAPH_ROUTE) {
      let body: GraphRequestBody;
      try {
        body = JSON.parse(bodyText || '{}') as GraphRequestBody;
      } catch {
        return reply(400, armError('InvalidRequestContent', 'The request content was invalid and could not be deserialized.'));
      }
      const [status, payload] = this.resourceGraph(body);
      return reply(status, payload);
    }
    if (facts.route === ADMIN_RULES_ROUTE) {
      if (this.isDenied(facts.resourceId!)) return reply(403, forbidden(facts.resourceId!));
      const [status, payload] = effectiveAdminRulesPage(this.store, facts.resourceId!, url, bodyText, this.adminRulesPageSize);
      return reply(status, payload);
    }
    if (method !== 'GET') return reply(405, armError('MethodNotAllowed', `simulator: ${method} is not served`));

    const [status, payload] = this.get(url, facts);
    return reply(status, payload);
  }

  private get(url: URL, facts: RequestFacts): [number, unknown] {
    const segments = url.pathname.split('/').filter(Boolean);
    const route = facts.route;
    if (route.startsWith('UNSUPPORTED')) {
      return [400, armError('SimulatorUnsupportedRoute', `simulator: no route for ${url.pathname}`)];
    }
    const scope = `/${segments.join('/')}`;
    if (this.isDenied(scope)) return [403, forbidden(scope)];
    if (route === 'LIST locations') return [200, locationList(segments[1]!, this.store.all())];
    if (route === NETWORK_STATUS_ROUTE) {
      if (!this.store.get(facts.resourceId!)) return [404, notFound(facts.resourceId!)];
      return [200, this.networkStatus.get(facts.resourceId!) ?? []];
    }
    if (route === SERVICE_TAGS_ROUTE) {
      if (this.serviceTags === undefined) return [404, armError('NotFound', 'simulator: no service tags were given')];
      return [200, this.serviceTagsPage(url)];
    }

    const subscriptionId = segments[1]!;
    const resourceGroup = segments[2]?.toLowerCase() === 'resourcegroups' ? segments[3] : undefined;
    if (resourceGroup !== undefined && !this.store.resourceGroupExists(subscriptionId, resourceGroup)) {
      return [404, armError('ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`)];
    }

    if (route.startsWith('GET ')) {
      const resource = this.store.get(scope);
      if (!resource) return [404, notFound(scope)];
      return [200, resource];
    }
    // Lists.
    const skip = Number(url.searchParams.get('$skipToken') ?? '0');
    let items: ArmResource[];
    if (segments.length === 9) {
      // list of a child collection: /subscriptions/s/resourceGroups/g/providers/ns/type/name/children
      const parentId = `/${segments.slice(0, 8).join('/')}`;
      const children = this.store.children(parentId, canonicalCollection(segments) ?? segments[8]!);
      if (!children) return [404, notFound(parentId)];
      items = children.filter((r) => !this.isDenied(r.id));
    } else {
      const type = `${segments[segments.length - 2]}/${segments[segments.length - 1]}`;
      // A list is authorized at its scope (403 above); resources denied inside it are left out.
      items = this.store.list(type, subscriptionId, resourceGroup).filter((r) => !this.isDenied(r.id));
    }
    const page = items.slice(skip, skip + this.pageSize);
    const body: { value: ArmResource[]; nextLink?: string } = { value: page };
    if (skip + this.pageSize < items.length) {
      const next = new URLSearchParams({ 'api-version': url.searchParams.get('api-version')!, $skipToken: String(skip + this.pageSize) });
      body.nextLink = `${PUBLIC_ARM_HOST}${url.pathname}?${next.toString()}`;
    }
    return [200, body];
  }

  private resourceGraph(body: GraphRequestBody): [number, unknown] {
    const query = body.query ?? '';
    const known = parseKnownQuery(query);
    if (!known) {
      return [400, armError('SimulatorUnsupportedQuery', `simulator: not one of the sweep's queries: ${query.slice(0, 300)}`)];
    }
    const top = body.options?.$top ?? GRAPH_DEFAULT_TOP;
    if (!Number.isInteger(top) || top < 1 || top > GRAPH_MAX_TOP) {
      return [400, armError('BadRequest', `$top must be between 1 and ${GRAPH_MAX_TOP}`)];
    }
    let subscriptions: string[];
    if (body.managementGroups?.length) {
      subscriptions = [];
      for (const mg of body.managementGroups) {
        const subs = this.managementGroups[mg.toLowerCase()];
        if (!subs) return [403, armError('AuthorizationFailed', `The client does not have access to management group '${mg}'.`)];
        subscriptions.push(...subs);
      }
    } else {
      subscriptions = (body.subscriptions?.length ? body.subscriptions : this.store.subscriptions()).map((s) => s.toLowerCase());
    }
    const denied = subscriptions.filter((s) => this.graphDeniedEverywhere || this.graphDenied.has(s));
    if (denied.length > 0) {
      return [
        403,
        armError('AuthorizationFailed', `The client does not have authorization to query Resource Graph over subscription '${denied[0]}'.`),
      ];
    }
    const inScope = new Set(subscriptions);
    const rows = this.store
      .all()
      .filter((r) => r.type.toLowerCase() === known.type)
      .filter((r) => inScope.has(parseResourceId(r.id).subscriptionId.toLowerCase()))
      .filter((r) => !this.isDenied(normalizeResourceId(r.id)))
      .filter((r) => {
        if (!known.naming) return true;
        const text = JSON.stringify(r.properties ?? {}).toLowerCase();
        return known.naming.some((id) => text.includes(`"${id}"`));
      });
    let offset = body.options?.$skip ?? 0;
    if (body.options?.$skipToken) {
      const decoded = decodeSkipToken(query, body.options.$skipToken);
      if (decoded === undefined) return [400, armError('BadRequest', 'The $skipToken is invalid for this query.')];
      offset = decoded;
    }
    const page = rows.slice(offset, offset + top);
    const result: Record<string, unknown> = {
      totalRecords: rows.length,
      count: page.length,
      data: page.map((r) => toGraphRow(r, known.columns)),
      facets: [],
      resultTruncated: 'false',
    };
    if (offset + top < rows.length) result.$skipToken = encodeSkipToken(query, offset + top);
    return [200, result];
  }

  private serviceTagsPage(url: URL): unknown {
    const document = this.serviceTags as { values?: unknown[] };
    if (this.serviceTagsPageSize === undefined || !Array.isArray(document.values)) return document;
    const skip = Number(url.searchParams.get('$skipToken') ?? '0');
    const page: Record<string, unknown> = { ...document, values: document.values.slice(skip, skip + this.serviceTagsPageSize) };
    if (skip + this.serviceTagsPageSize < document.values.length) {
      const next = new URLSearchParams({ 'api-version': url.searchParams.get('api-version')!, $skipToken: String(skip + this.serviceTagsPageSize) });
      page.nextLink = `${PUBLIC_ARM_HOST}${url.pathname}?${next.toString()}`;
    }
    return page;
  }

  private isDenied(scope: string): boolean {
    const key = normalizeResourceId(scope);
    for (const d of this.denied) if (key === d || key.startsWith(`${d}/`)) return true;
    return false;
  }
}

// ---- helpers -----------------------------------------------------------------------------------

/**
 * Names the route of a request: `GET <type>` for a read by id, `LIST <type>` for a list (by resource
 * group, subscription or parent), `POST resourcegraph`, or `UNSUPPORTED ...`.
 */
export function classify(method: string, pathname: string): RequestFacts {
  const segments = pathname.split('/').filter(Boolean);
  const lower = segments.map((s) => s.toLowerCase());
  if (method === 'POST' && `/${lower.join('/')}` === RESOURCE_GRAPH_PATH) return { method, route: RESOURCE_GRAPH_ROUTE };
  if (method === 'POST' && isAdminRulesPath(lower)) return { method, route: ADMIN_RULES_ROUTE, resourceId: normalizeResourceId(`/${segments.slice(0, 8).join('/')}`) };
  const unsupported = { method, route: `UNSUPPORTED ${method} ${pathname}` };
  if (lower[0] !== 'subscriptions') return unsupported;
  if (segments.length === 3 && lower[2] === 'locations') return { method, route: 'LIST locations' };
  if (segments.length === 7 && lower[2] === 'providers' && lower[3] === 'microsoft.network' && lower[4] === 'locations' && lower[6] === 'servicetags') {
    return { method, route: SERVICE_TAGS_ROUTE };
  }
  if (segments.length < 5) return unsupported;
  // /subscriptions/s/providers/ns/type
  if (lower[2] === 'providers' && segments.length === 5) return { method, route: `LIST ${lower[3]}/${lower[4]}` };
  if (lower[2] !== 'resourcegroups' || lower[4] !== 'providers') return unsupported;
  const ns = lower[5];
  const type = lower[6];
  if (!ns || !type) return unsupported;
  const parentType = `${ns}/${type}`;
  switch (segments.length) {
    case 7:
      return { method, route: `LIST ${parentType}` };
    case 8:
      return { method, route: `GET ${parentType}`, resourceId: normalizeResourceId(pathname) };
    case 9:
      if (parentType === 'microsoft.apimanagement/service' && lower[8] === 'networkstatus') {
        return { method, route: NETWORK_STATUS_ROUTE, resourceId: normalizeResourceId(`/${segments.slice(0, 8).join('/')}`) };
      }
      if (!canonicalCollection(segments)) return unsupported;
      return { method, route: `LIST ${parentType}/${lower[8]}` };
    case 10:
      if (!canonicalCollection(segments)) return unsupported;
      return { method, route: `GET ${parentType}/${lower[8]}`, resourceId: normalizeResourceId(pathname) };
    default:
      return unsupported;
  }
}

function canonicalCollection(segments: string[]): string | undefined {
  const parentType = `${segments[5]}/${segments[6]}`.toLowerCase();
  const child = segments[8]?.toLowerCase();
  return CHILD_COLLECTIONS[parentType]?.find((c) => c.toLowerCase() === child);
}

export function armError(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

function notFound(id: string) {
  const p = parseResourceId(id);
  const typeAndName = p.segments.map((s) => `${s.type}/${s.name}`).join('/');
  return armError(
    'ResourceNotFound',
    `The Resource '${p.provider}/${typeAndName}' under resource group '${p.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function forbidden(scope: string) {
  return armError(
    'AuthorizationFailed',
    `The client '00000000-0000-0000-0000-00000000beef' with object id '00000000-0000-0000-0000-00000000beef' does not have authorization to perform action 'read' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-ms-request-id': `sim-${Math.random().toString(16).slice(2)}`,
    ...headers,
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { FaultPlan, type FaultRule } from './arm-simulator-faults.js';
