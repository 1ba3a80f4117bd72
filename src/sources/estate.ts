/**
 * The estate: normalized resources indexed by id (case-insensitively), and the view builder that joins
 * each APIM instance location to its subnet, VNet, NSG, route table, public IP and neighbours.
 * It does not care where the resources came from (a file, live ARM reads, a Resource Graph sweep):
 * a live reader marks what answered 404 with `markMissing` and what it could not read with
 * `markUnreadable`; anything else absent is `unreadable` with the estate's absent reason.
 */
import { type ArmResource, type InputError, type InputOrigin, formatInputError } from '../arm/arm-resource.js';
import {
  type LocatedResource,
  type NormalizedEntry,
  type NormalizeResult,
  type ResourceKind,
  normalizeResources,
} from '../arm/normalize.js';
import { effectiveAdminRulesId, normalizeResourceId, parentResourceId, tryParseResourceId } from '../arm/resource-id.js';
import type { ApimInstance, ApimLocation } from '../model/instance.js';
import type { EffectiveAdminRules, NetworkSecurityGroup, PublicIpAddress, RouteTable, Subnet, VirtualNetwork } from '../model/network.js';
import type { InstanceView, LocationView, Lookup, Neighbour, UnreadableCause } from '../model/view.js';
import type { EstateReader, SweepProgress, SweepResult } from './reader.js';

/** A snapshot cannot tell a deleted resource (404) from one that was not exported. */
export const NOT_IN_ESTATE = 'not in the estate';

export interface EstateOptions {
  /** Reason of the `unreadable` lookup for a referenced resource that is absent and not marked. */
  absentReason?: string;
  /** Problems found before normalization (unreadable files), kept with the estate's own errors. */
  errors?: readonly InputError[];
  /**
   * Whether every VNet's effective security admin rules belong in the estate (a live read): absent ones are
   * then `unreadable` like any dependency. Otherwise (an estate file) a VNet without them has no admin layer.
   */
  expectAdminRules?: boolean;
}

type Mark = { state: 'missing' } | { state: 'unreadable'; reason: string; cause?: UnreadableCause };

interface Placed {
  instance: ApimInstance;
  location: ApimLocation;
}

export class Estate implements EstateReader {
  /** Every input problem: unreadable files, rejected resources, duplicate ids. */
  readonly errors: readonly InputError[];
  /** Resources of types the project does not read, counted by lower-case type. */
  readonly ignored: Readonly<Record<string, number>>;

  private readonly absentReason: string;
  /** A snapshot: what it lacks is `not-in-snapshot`, or `input-error` when some input was rejected. */
  private readonly snapshot: boolean;
  /** Resources rejected as malformed, by id: absent because of their file. */
  private readonly rejected = new Map<string, InputError>();
  /** Files (or parts) that could not be read at all: any absent resource may be in them. */
  private readonly unreadableFiles: string[] = [];
  private readonly instancesById = new Map<string, ApimInstance>();
  private readonly virtualNetworks = new Map<string, VirtualNetwork>();
  /** Subnets that came inline in their VNet. */
  private readonly inlineSubnets = new Map<string, Subnet>();
  /** Subnets read as resources of their own; they win over inline copies (a direct read of the subnet). */
  private readonly standaloneSubnets = new Map<string, Subnet>();
  private readonly networkSecurityGroups = new Map<string, NetworkSecurityGroup>();
  private readonly routeTables = new Map<string, RouteTable>();
  private readonly publicIps = new Map<string, PublicIpAddress>();
  private readonly adminRules = new Map<string, EffectiveAdminRules>();
  private readonly expectAdminRules: boolean;
  private readonly raw = new Map<string, ArmResource>();
  private readonly marks = new Map<string, Mark>();
  private readonly bySubnet = new Map<string, Placed[]>();
  private readonly byPublicIp = new Map<string, Placed[]>();

  private constructor(normalized: NormalizeResult, options: EstateOptions) {
    this.absentReason = options.absentReason ?? NOT_IN_ESTATE;
    this.expectAdminRules = options.expectAdminRules ?? false;
    this.snapshot = options.absentReason === undefined;
    const errors: InputError[] = [...(options.errors ?? []), ...normalized.errors];
    const seen = new Map<string, InputOrigin>();
    for (const entry of normalized.resources) {
      const duplicate = this.place(entry, seen);
      if (duplicate !== undefined) errors.push(duplicate);
    }
    this.errors = errors;
    for (const e of errors) {
      if (e.resource !== undefined && tryParseResourceId(e.resource)) this.rejected.set(normalizeResourceId(e.resource), e);
      else if (e.resource === undefined && !this.unreadableFiles.includes(e.origin.file)) this.unreadableFiles.push(e.origin.file);
    }
    this.ignored = normalized.ignored;
    for (const instance of this.instancesById.values()) {
      for (const location of instance.locations) {
        if (location.subnetId) push(this.bySubnet, normalizeResourceId(location.subnetId), { instance, location });
        if (location.publicIpAddressId) push(this.byPublicIp, normalizeResourceId(location.publicIpAddressId), { instance, location });
      }
    }
  }

  /**
   * Resources as ARM or Resource Graph return them (validated here all the same); `source` names them
   * in errors (default `ARM`), with their index as the path.
   */
  static fromResources(resources: readonly ArmResource[], options: EstateOptions & { source?: string } = {}): Estate {
    const file = options.source ?? 'ARM';
    return Estate.fromLocated(
      resources.map((resource, i) => ({ resource, origin: { file, path: `[${i}]` } })),
      options,
    );
  }

  /** Resources with the file and path they came from (what src/sources/estate-file.ts loads). */
  static fromLocated(items: readonly LocatedResource[], options: EstateOptions = {}): Estate {
    return new Estate(normalizeResources(items), options);
  }

  /** Resources normalized already (a live read normalizes each body once, however often it rebuilds). */
  static fromNormalized(normalized: NormalizeResult, options: EstateOptions = {}): Estate {
    return new Estate(normalized, options);
  }

  /** Marks a resource as deleted (Azure answered 404). Overrides anything read for it. */
  markMissing(id: string): void {
    this.marks.set(normalizeResourceId(id), { state: 'missing' });
  }

  /** Marks a resource as not readable (403, retries exhausted…). Overrides anything read for it. */
  markUnreadable(id: string, reason: string, cause?: UnreadableCause): void {
    this.marks.set(normalizeResourceId(id), { state: 'unreadable', reason, ...(cause ? { cause } : {}) });
  }

  /** Instances in input order; those marked missing or unreadable are left out. */
  get instances(): ApimInstance[] {
    return [...this.instancesById.entries()].filter(([key]) => !this.marks.has(key)).map(([, i]) => i);
  }

  /** Every accepted resource of a type the project reads, as given (what `export` writes). */
  get resources(): ArmResource[] {
    return [...this.raw.values()];
  }

  instance(id: string): ApimInstance | undefined {
    const key = normalizeResourceId(id);
    return this.marks.has(key) ? undefined : this.instancesById.get(key);
  }

  subnet(id: string): Lookup<Subnet> {
    const key = normalizeResourceId(id);
    const lookup = this.lookup(id, this.standaloneSubnets.get(key) ?? this.inlineSubnets.get(key));
    // A VNet in a snapshot lists all its subnets: one it does not list does not exist.
    const vnetId = parentResourceId(id);
    if (lookup.state === 'unreadable' && lookup.cause === 'not-in-snapshot' && vnetId && this.virtualNetworks.has(normalizeResourceId(vnetId))) {
      return { state: 'missing', id, notInParent: true };
    }
    return lookup;
  }

  virtualNetwork(id: string): Lookup<VirtualNetwork> {
    return this.lookup(id, this.virtualNetworks.get(normalizeResourceId(id)));
  }

  networkSecurityGroup(id: string): Lookup<NetworkSecurityGroup> {
    return this.lookup(id, this.networkSecurityGroups.get(normalizeResourceId(id)));
  }

  routeTable(id: string): Lookup<RouteTable> {
    return this.lookup(id, this.routeTables.get(normalizeResourceId(id)));
  }

  publicIp(id: string): Lookup<PublicIpAddress> {
    return this.lookup(id, this.publicIps.get(normalizeResourceId(id)));
  }

  /**
   * The effective admin rules of a VNet; undefined when the estate does not hold them, nobody marked
   * them and they are not expected (no admin layer).
   */
  effectiveAdminRules(virtualNetworkId: string): Lookup<EffectiveAdminRules> | undefined {
    const id = effectiveAdminRulesId(virtualNetworkId);
    const key = normalizeResourceId(id);
    const held = this.adminRules.get(key);
    if (held === undefined && !this.marks.has(key) && !this.expectAdminRules) return undefined;
    return this.lookup(id, held);
  }

  /** The view of one instance, or undefined when the estate does not hold it (or it is marked). */
  buildView(instanceId: string): InstanceView | undefined {
    const instance = this.instance(instanceId);
    if (instance === undefined) return undefined;
    return { instance, locations: instance.locations.map((l) => this.locationView(instance, l)) };
  }

  /** Views of every instance, in input order. */
  buildViews(): InstanceView[] {
    return this.instances.map((i) => ({ instance: i, locations: i.locations.map((l) => this.locationView(i, l)) }));
  }

  // --- the reader port: an estate answers from what it holds, without I/O ---

  async loadInstance(instanceId: string): Promise<InstanceView | undefined> {
    return this.buildView(instanceId);
  }

  async sweep(onProgress?: (p: SweepProgress) => void): Promise<SweepResult> {
    const views = this.buildViews();
    const resources = this.resources;
    onProgress?.({ instancesFound: views.length, resourcesRead: resources.length, requests: 0 });
    return { views, resources, incomplete: this.describeErrors() };
  }

  /** One line per input problem, for logs and the sweep's `incomplete`. */
  describeErrors(): string[] {
    return this.errors.map(formatInputError);
  }

  private locationView(instance: ApimInstance, location: ApimLocation): LocationView {
    const view: LocationView = {
      location,
      subnetNeighbours: this.neighbours(this.bySubnet, location.subnetId, instance),
      publicIpNeighbours: this.neighbours(this.byPublicIp, location.publicIpAddressId, instance),
    };
    if (location.subnetId) {
      view.subnet = this.subnet(location.subnetId);
      // The VNet is the subnet id's parent: it can be looked up even when the subnet itself cannot.
      const vnetId = tryParseResourceId(location.subnetId) ? parentResourceId(location.subnetId) : undefined;
      if (vnetId !== undefined) {
        view.virtualNetwork = this.virtualNetwork(vnetId);
        const adminRules = this.effectiveAdminRules(vnetId);
        if (adminRules !== undefined) view.adminRules = adminRules;
      }
      if (view.subnet.state === 'found') {
        const { networkSecurityGroupId, routeTableId } = view.subnet.resource;
        if (networkSecurityGroupId) view.networkSecurityGroup = this.networkSecurityGroup(networkSecurityGroupId);
        if (routeTableId) view.routeTable = this.routeTable(routeTableId);
      }
      if (view.virtualNetwork?.state === 'found' && (view.subnet.state !== 'found' || view.networkSecurityGroup?.state !== 'found')) {
        const spare = this.unattachedNetworkSecurityGroups(view.virtualNetwork.resource);
        if (spare.length > 0) view.unattachedNetworkSecurityGroups = spare;
      }
    }
    if (location.publicIpAddressId) view.publicIp = this.publicIp(location.publicIpAddressId);
    return view;
  }

  /** NSGs in the VNet's subscription and region that no subnet of the estate uses and ARM lists as attached to nothing. */
  private unattachedNetworkSecurityGroups(vnet: VirtualNetwork): NetworkSecurityGroup[] {
    const subscription = tryParseResourceId(vnet.id)?.subscriptionId.toLowerCase();
    const used = new Set<string>();
    for (const s of [...this.inlineSubnets.values(), ...this.standaloneSubnets.values()]) {
      if (s.networkSecurityGroupId) used.add(normalizeResourceId(s.networkSecurityGroupId));
    }
    return [...this.networkSecurityGroups.entries()]
      .filter(([key, nsg]) => !used.has(key) && nsg.attachments === 0 && nsg.location === vnet.location)
      .filter(([, nsg]) => tryParseResourceId(nsg.id)?.subscriptionId.toLowerCase() === subscription)
      .map(([, nsg]) => nsg)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Locations of other instances that reference the same resource. */
  private neighbours(index: Map<string, Placed[]>, id: string | undefined, self: ApimInstance): Neighbour[] {
    if (!id) return [];
    const selfKey = normalizeResourceId(self.id);
    return (index.get(normalizeResourceId(id)) ?? [])
      .filter((p) => normalizeResourceId(p.instance.id) !== selfKey && !this.marks.has(normalizeResourceId(p.instance.id)))
      .map(({ instance, location }) => ({
        instanceId: instance.id,
        instanceName: instance.name,
        region: location.region,
        skuName: location.skuName,
        capacity: location.capacity,
        networkMode: instance.networkMode,
      }));
  }

  private lookup<T extends { id: string }>(id: string, resource: T | undefined): Lookup<T> {
    const mark = this.marks.get(normalizeResourceId(id));
    if (mark?.state === 'missing') return { state: 'missing', id };
    if (mark?.state === 'unreadable') return { state: 'unreadable', id, reason: mark.reason, ...(mark.cause ? { cause: mark.cause } : {}) };
    if (resource !== undefined) return { state: 'found', id: resource.id, resource };
    if (!this.snapshot) return { state: 'unreadable', id, reason: this.absentReason };
    const rejected = this.rejected.get(normalizeResourceId(id));
    if (rejected) return { state: 'unreadable', id, reason: `rejected in ${formatInputError(rejected)}`, cause: 'input-error' };
    if (this.unreadableFiles.length > 0) {
      const files = this.unreadableFiles.slice(0, 3).join(', ') + (this.unreadableFiles.length > 3 ? `, and ${this.unreadableFiles.length - 3} more` : '');
      return { state: 'unreadable', id, reason: `not in the estate; the input errors in ${files} may have kept it out`, cause: 'input-error' };
    }
    return { state: 'unreadable', id, reason: this.absentReason, cause: 'not-in-snapshot' };
  }

  /** Indexes one resource; returns an error when it repeats an id already read (the later one wins). */
  private place(entry: NormalizedEntry, seen: Map<string, InputOrigin>): InputError | undefined {
    const { resource } = entry;
    const key = normalizeResourceId(resource.value.id);
    const seenKey = `${resource.kind}:${key}`;
    const earlier = seen.get(seenKey);
    seen.set(seenKey, entry.origin);
    this.raw.set(seenKey, entry.raw);
    switch (resource.kind) {
      case 'instance':
        this.instancesById.set(key, resource.value);
        break;
      case 'virtualNetwork':
        this.virtualNetworks.set(key, resource.value);
        for (const s of resource.value.subnets) this.inlineSubnets.set(normalizeResourceId(s.id), s);
        break;
      case 'subnet':
        this.standaloneSubnets.set(key, resource.value);
        break;
      case 'networkSecurityGroup':
        this.networkSecurityGroups.set(key, resource.value);
        break;
      case 'routeTable':
        this.routeTables.set(key, resource.value);
        break;
      case 'publicIp':
        this.publicIps.set(key, resource.value);
        break;
      case 'effectiveAdminRules':
        this.adminRules.set(key, resource.value);
        break;
      default:
        return assertNever(resource);
    }
    if (earlier === undefined) return undefined;
    const where = earlier.path ? `${earlier.file} (${earlier.path})` : earlier.file;
    return {
      origin: entry.origin,
      resource: resource.value.id,
      message: `the same ${KIND_NAMES[resource.kind]} was already read from ${where}; this later one is used`,
    };
  }
}

const KIND_NAMES: Record<ResourceKind, string> = {
  instance: 'API Management instance',
  virtualNetwork: 'virtual network',
  subnet: 'subnet',
  networkSecurityGroup: 'network security group',
  routeTable: 'route table',
  publicIp: 'public IP address',
  effectiveAdminRules: 'list of effective security admin rules',
};

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function assertNever(value: never): never {
  throw new Error(`unexpected resource kind ${JSON.stringify(value)}`);
}
