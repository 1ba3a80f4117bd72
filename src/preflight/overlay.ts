/**
 * The overlay: current resources + change items → the proposed resources, in ARM's shape, so that the
 * same normalizer and engine read both. Pure. The rules it keeps (reference §1.5, §2.4):
 *   - create / modify / replace put the item's `after` body; delete removes; no-change / ignore leave it;
 *   - child resources fold into their parents (`securityRules`, `subnets`, `routes`), after the parents;
 *   - a VNet body without `subnets` keeps the current subnets (what-if shows them removed, the
 *     deployment does not remove them); read-only properties (a subnet's ipConfigurations, an
 *     instance's platformVersion) keep their current value when the body leaves them out;
 *   - values not known before apply are kept unknown: the resource is listed in `unknown` with why;
 *   - every item ends applied or skipped with its reason.
 */
import type { ArmResource } from '../arm/arm-resource.js';
import { nameOf, normalizeResourceId, parentResourceId, RESOURCE_TYPES, tryParseResourceId } from '../arm/resource-id.js';
import { normalizeRegion } from '../model/region.js';
import type { ChangeAction, ChangeItem } from './change.js';

export interface ChangeOutcome {
  resourceId: string;
  action: ChangeAction;
  source: string;
  /** True when the item shaped the proposed state (including as an unknown value). */
  applied: boolean;
  /** Why it was skipped, or what to know about how it was applied. */
  reason?: string;
  /** Paths of values not known before apply. */
  unknown?: string[];
}

export interface Overlaid {
  resources: ArmResource[];
  /** Normalized ids of resources whose proposed value is not known, with why. */
  unknown: Map<string, string>;
  /** Normalized ids the change touches (a child's parents included) → indexes of the items that did. */
  touched: Map<string, number[]>;
  /** One per item, in the document's order. */
  outcomes: ChangeOutcome[];
  /** Normalized ids of resources the change deletes (and does not create again): Azure would answer 404. */
  deleted: Set<string>;
}

export interface OverlayOptions {
  /** Index of a `replace` item to take in its in-between form (deleted, or the association cleared). */
  replacing?: number;
}

type Body = Record<string, unknown>;

const T = RESOURCE_TYPES;
const lower = (s: string) => s.toLowerCase();

/** Child type → its parent's type and the array of the parent that holds it. */
const CHILDREN: ReadonlyMap<string, { parentType: string; key: string; what: string }> = new Map([
  [lower(T.securityRule), { parentType: T.networkSecurityGroup, key: 'securityRules', what: 'network security group' }],
  [lower(T.route), { parentType: T.routeTable, key: 'routes', what: 'route table' }],
  [lower(T.subnet), { parentType: T.virtualNetwork, key: 'subnets', what: 'virtual network' }],
]);

const TOP_LEVEL = new Set([T.apim, T.virtualNetwork, T.networkSecurityGroup, T.routeTable, T.publicIp].map(lower));

/** Properties a deployment cannot set: absent from a proposed body, they keep their current value. */
const READ_ONLY: Readonly<Record<string, readonly string[]>> = {
  [lower(T.subnet)]: ['ipConfigurations', 'ipConfigurationProfiles', 'resourceNavigationLinks', 'serviceAssociationLinks', 'privateEndpoints', 'provisioningState'],
  [lower(T.networkSecurityGroup)]: ['defaultSecurityRules', 'subnets', 'networkInterfaces', 'provisioningState'],
  [lower(T.routeTable)]: ['subnets', 'provisioningState'],
  [lower(T.publicIp)]: ['ipConfiguration', 'ipAddress', 'provisioningState'],
  [lower(T.apim)]: ['platformVersion', 'provisioningState'],
  [lower(T.virtualNetwork)]: ['provisioningState'],
};

export function overlay(current: readonly ArmResource[], items: readonly ChangeItem[], options: OverlayOptions = {}): Overlaid {
  const state = new ProposedState(current);
  const outcomes: ChangeOutcome[] = items.map((item) => ({ resourceId: item.resourceId, action: item.action, source: item.source, applied: false }));
  const touched = new Map<string, number[]>();
  const unknown = new Map<string, string>();
  const touch = (id: string, i: number) => {
    const key = normalizeResourceId(id);
    const list = touched.get(key) ?? [];
    if (!list.includes(i)) list.push(i);
    touched.set(key, list);
  };

  // Parents first, then children (a child declared beside its parent wins), then patches of other resources.
  const phase = (item: ChangeItem): number => {
    if (item.patch !== undefined) return 2;
    const type = tryParseResourceId(item.resourceId)?.type;
    return type !== undefined && CHILDREN.has(lower(type)) ? 1 : 0;
  };
  const order = items.map((item, i) => ({ item, i })).sort((a, b) => phase(a.item) - phase(b.item) || a.i - b.i);

  for (const { item: original, i } of order) {
    const item = i === options.replacing ? { ...original, ...(original.whileReplacing ?? { action: 'delete' as const, patch: undefined }) } : original;
    const outcome = outcomes[i]!;
    if (item.skip !== undefined) {
      outcome.reason = item.skip;
      continue;
    }
    const parsed = tryParseResourceId(item.resourceId);
    if (parsed?.type === undefined) {
      outcome.reason = `"${item.resourceId.slice(0, 200)}" is not the ARM id of a resource`;
      continue;
    }
    const type = lower(parsed.type);
    if (!TOP_LEVEL.has(type) && !CHILDREN.has(type)) {
      outcome.reason = `${parsed.type} is not a resource type apim-vnet-guard reads: no instance depends on it`;
      continue;
    }
    if (item.action === 'no-change' || item.action === 'ignore') {
      outcome.reason = item.action === 'no-change' ? 'no change predicted' : 'ignored by the deployment (not deployed or modified)';
      continue;
    }
    const result = item.patch !== undefined ? state.patch(item.resourceId, item.patch) : state.apply(item, type);
    if (typeof result === 'string') {
      outcome.reason = result;
      continue;
    }
    outcome.applied = true;
    if (result.note) outcome.reason = result.note;
    // The resource itself; a rule or a route is read with its NSG or route table. A subnet is a dependency
    // of its own: changing one subnet does not touch the instances in the VNet's other subnets.
    touch(parsed.id, i);
    if (type === lower(T.securityRule) || type === lower(T.route)) touch(parentResourceId(parsed.id)!, i);
    const unknownPaths = item.unknown.map((u) => u.path);
    if (item.action === 'unknown' || unknownPaths.length > 0) {
      const target = unknownTarget(parsed.id, type);
      const why = item.unknown.length > 0 ? `not known before apply: ${item.unknown.map((u) => `${u.path} (${u.reason})`).join('; ')}` : (item.skip ?? 'the change document has no payload for it');
      unknown.set(normalizeResourceId(target), `${why} [${item.source}]`);
      if (unknownPaths.length > 0) outcome.unknown = unknownPaths;
      outcome.reason ??= item.action === 'unknown' ? why : 'applied with values not known before apply: the verdict of the instances that depend on it is unknown';
    }
  }
  return { resources: state.resources(), unknown, touched, outcomes, deleted: state.deleted() };
}

/** Which resource's lookup becomes unknown: a rule or a route is read with its NSG or route table. */
function unknownTarget(id: string, type: string): string {
  if (type === lower(T.securityRule) || type === lower(T.route)) return parentResourceId(id) ?? id;
  return id;
}

type Applied = { note?: string } | string;

/**
 * The resources being overlaid: top-level bodies by normalized id; subnets inline in their VNet when it
 * is known. Copy on write: a current resource is cloned only when the change modifies it in place.
 */
class ProposedState {
  private readonly byId = new Map<string, Body>();
  private readonly owned = new Set<Body>();
  private readonly gone = new Set<string>();

  constructor(current: readonly ArmResource[]) {
    const standalone: Body[] = [];
    for (const r of current) {
      const body = r as Body;
      if (typeof body.type === 'string' && lower(body.type) === lower(T.subnet)) standalone.push(body);
      else if (typeof body.id === 'string') this.byId.set(normalizeResourceId(body.id), body);
    }
    // A subnet read on its own wins over the VNet's inline copy (the estate does the same): fold it in.
    for (const subnet of standalone) {
      const vnetId = typeof subnet.id === 'string' && tryParseResourceId(subnet.id) ? parentResourceId(subnet.id) : undefined;
      const vnet = vnetId !== undefined ? this.own(vnetId) : undefined;
      if (vnet === undefined) this.byId.set(normalizeResourceId(String(subnet.id)), subnet);
      else upsertEntry(arrayOf(vnet, 'subnets', true)!, childEntry(structuredClone(subnet)));
    }
  }

  /** The body of a resource, made this state's own copy before it is modified in place. */
  private own(id: string): Body | undefined {
    const key = normalizeResourceId(id);
    const body = this.byId.get(key);
    if (body === undefined || this.owned.has(body)) return body;
    const copy = structuredClone(body);
    this.owned.add(copy);
    this.byId.set(key, copy);
    return copy;
  }

  resources(): ArmResource[] {
    return [...this.byId.values()] as ArmResource[];
  }

  /** What was deleted and is not there at the end (a subnet inline in its VNet counts as there). */
  deleted(): Set<string> {
    const present = new Set(this.byId.keys());
    // Only a VNet holds its subnets (an NSG or a route table lists the subnets it is attached to).
    for (const body of this.byId.values()) {
      if (typeof body.type !== 'string' || lower(body.type) !== lower(T.virtualNetwork)) continue;
      for (const s of arrayOf(body, 'subnets', false) ?? []) if (typeof (s as Body)?.id === 'string') present.add(normalizeResourceId((s as Body).id as string));
    }
    return new Set([...this.gone].filter((id) => !present.has(id)));
  }

  private markGone(body: Body | undefined, id: string): void {
    this.gone.add(normalizeResourceId(id));
    if (body === undefined || typeof body.type !== 'string' || lower(body.type) !== lower(T.virtualNetwork)) return;
    for (const s of arrayOf(body, 'subnets', false) ?? []) this.markSubnetGone(s as Body, id);
  }

  private markSubnetGone(subnet: Body, vnetId: string): void {
    const id = typeof subnet?.id === 'string' ? subnet.id : typeof subnet?.name === 'string' ? `${vnetId}/subnets/${subnet.name}` : undefined;
    if (id !== undefined) this.gone.add(normalizeResourceId(id));
  }

  apply(item: ChangeItem, type: string): Applied {
    const child = CHILDREN.get(type);
    const parentId = child !== undefined ? parentResourceId(item.resourceId) : undefined;
    const parent = parentId !== undefined ? this.own(parentId) : undefined;
    if (child !== undefined && parent === undefined) {
      // A subnet whose VNet is not in the estate may still be there on its own.
      if (type === lower(T.subnet)) return this.applyTopLevel(item, type);
      return `its ${child.what} ${nameOf(parentId!)} is neither in the current resources nor created by the change`;
    }
    if (child !== undefined) return this.applyChild(item, type, parent!, child.key);
    return this.applyTopLevel(item, type);
  }

  patch(resourceId: string, patch: Record<string, unknown>): Applied {
    const target = this.find(resourceId);
    if (target === undefined) return `${nameOf(resourceId)} is neither in the current resources nor created by the change`;
    const props = propertiesOf(target);
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete props[key];
      else props[key] = structuredClone(value);
    }
    return {};
  }

  private applyTopLevel(item: ChangeItem, type: string): Applied {
    const key = normalizeResourceId(item.resourceId);
    const current = this.byId.get(key);
    if (item.action === 'delete' || item.action === 'unknown' && item.after === undefined) {
      if (item.action === 'unknown') return current === undefined ? { note: 'not in the current resources' } : {};
      if (current === undefined) return { note: 'not in the current resources: nothing to delete' };
      this.byId.delete(key);
      this.markGone(current, item.resourceId);
      return {};
    }
    if (item.after === undefined) return 'the change document gives no body for it';
    const body = proposedBody(item, type);
    if (typeof body === 'string') return body;
    this.owned.add(body);
    if (current !== undefined) carryCurrent(body, current, type, item.keep ?? []);
    if (current !== undefined && type === lower(T.virtualNetwork)) {
      // An explicit subnets array that leaves a subnet out removes it.
      const kept = arrayOf(body, 'subnets', false) ?? [];
      for (const s of arrayOf(current, 'subnets', false) ?? []) {
        if (!kept.some((k) => typeof (s as Body)?.name === 'string' && sameName(k, (s as Body).name as string))) this.markSubnetGone(s as Body, item.resourceId);
      }
    }
    this.byId.set(key, body);
    return {};
  }

  private applyChild(item: ChangeItem, type: string, parent: Body, key: string): Applied {
    const list = arrayOf(parent, key, true)!;
    const name = nameOf(item.resourceId);
    const index = list.findIndex((e) => sameName(e, name));
    if (item.action === 'delete' || item.action === 'unknown' && item.after === undefined) {
      if (item.action === 'unknown') return {};
      if (index === -1) return { note: 'not in the current resources: nothing to delete' };
      list.splice(index, 1);
      this.gone.add(normalizeResourceId(item.resourceId));
      return {};
    }
    if (item.after === undefined) return 'the change document gives no body for it';
    const body = proposedBody(item, type);
    if (typeof body === 'string') return body;
    const entry = childEntry(body);
    if (index !== -1) carryCurrent(entry, list[index] as Body, type, item.keep ?? []);
    upsertEntry(list, entry);
    return {};
  }

  /** A top-level resource, or a subnet inline in its VNet. */
  private find(resourceId: string): Body | undefined {
    const own = this.own(resourceId);
    if (own !== undefined) return own;
    const parentId = tryParseResourceId(resourceId) ? parentResourceId(resourceId) : undefined;
    const parent = parentId !== undefined ? this.own(parentId) : undefined;
    if (parent === undefined) return undefined;
    const type = tryParseResourceId(resourceId)?.type;
    const child = type !== undefined ? CHILDREN.get(lower(type)) : undefined;
    if (child === undefined) return undefined;
    return arrayOf(parent, child.key, false)?.find((e) => sameName(e, nameOf(resourceId))) as Body | undefined;
  }
}

/** The item's body with its id and type, or why it cannot be used. */
function proposedBody(item: ChangeItem, type: string): Body | string {
  const body = structuredClone(item.after!) as Body;
  if (typeof body.type === 'string' && lower(body.type) !== type) return `its body has type "${body.type.slice(0, 100)}", its id is a ${tryParseResourceId(item.resourceId)?.type}`;
  body.id = item.resourceId;
  body.type = tryParseResourceId(item.resourceId)!.type;
  if (typeof body.name !== 'string' || body.name === '') body.name = nameOf(item.resourceId);
  return body;
}

/** Read-only and kept properties, and a VNet's subnets when the body leaves them out. */
function carryCurrent(body: Body, current: Body, type: string, keep: readonly string[]): void {
  const props = propertiesOf(body);
  const now = (current.properties ?? {}) as Body;
  for (const key of [...(READ_ONLY[type] ?? []), ...keep]) {
    if (props[key] === undefined && now[key] !== undefined) props[key] = structuredClone(now[key]);
  }
  if (type === lower(T.virtualNetwork)) {
    if (props.subnets === undefined || props.subnets === null) {
      if (now.subnets !== undefined) props.subnets = structuredClone(now.subnets);
    } else if (Array.isArray(props.subnets)) {
      const currentSubnets = Array.isArray(now.subnets) ? (now.subnets as Body[]) : [];
      for (const s of props.subnets as Body[]) {
        const was = currentSubnets.find((c) => typeof s?.name === 'string' && sameName(c, s.name));
        if (was !== undefined) carryCurrent(s, was, lower(T.subnet), []);
      }
    }
  }
  if (type === lower(T.apim) && Array.isArray(props.additionalLocations) && Array.isArray(now.additionalLocations)) {
    // Each additional location reports its own platform: match them by region.
    for (const loc of props.additionalLocations as Body[]) {
      const was = (now.additionalLocations as Body[]).find((c) => normalizeRegion(String(c?.location ?? '')) === normalizeRegion(String(loc?.location ?? '')));
      if (was?.platformVersion !== undefined && loc.platformVersion === undefined) loc.platformVersion = was.platformVersion;
    }
  }
}

function childEntry(body: Body): Body {
  const entry: Body = { name: body.name, id: body.id };
  if (body.properties !== undefined) entry.properties = body.properties;
  return entry;
}

function upsertEntry(list: unknown[], entry: Body): void {
  const i = list.findIndex((e) => typeof entry.name === 'string' && sameName(e, entry.name));
  if (i === -1) list.push(entry);
  else list[i] = entry;
}

function sameName(entry: unknown, name: string): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as Body;
  const own = typeof e.name === 'string' ? e.name : typeof e.id === 'string' && tryParseResourceId(e.id) ? nameOf(e.id) : undefined;
  return own !== undefined && lower(own) === lower(name);
}

function propertiesOf(body: Body): Body {
  if (typeof body.properties !== 'object' || body.properties === null) body.properties = {};
  return body.properties as Body;
}

function arrayOf(body: Body, key: string, create: boolean): unknown[] | undefined {
  const props = create ? propertiesOf(body) : ((body.properties ?? {}) as Body);
  if (!Array.isArray(props[key])) {
    if (!create) return undefined;
    props[key] = [];
  }
  return props[key] as unknown[];
}
