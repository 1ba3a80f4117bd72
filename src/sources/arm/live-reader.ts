/**
 * The live estate reader: the EstateReader port on the real ARM SDKs. `loadInstance` reads one
 * instance and everything it depends on, each distinct resource once; `sweep` reads a whole scope
 * (sweep.ts). Both hand ARM's JSON to the same Estate and normalizer as an estate file, so a live
 * check and a snapshot check of the same estate give the same report.
 */
import type { ArmResource } from '../../arm/arm-resource.js';
import { effectiveAdminRulesId, normalizeResourceId, RESOURCE_TYPES, isType, tryParseResourceId } from '../../arm/resource-id.js';
import { found, type InstanceView } from '../../model/view.js';
import type { EstateReader, InstanceRead, Scope, SweepProgress, SweepResult } from '../reader.js';
import type { ArmConnection } from './connection.js';
import { listArmResources } from './list-resources.js';
import { failureOutcome } from './read-resource.js';
import { knownDependencies, linkedInstances, planNeighbourReads, type OccupantIndex } from './neighbours.js';
import { ReadSession } from './read-session.js';
import { GraphDeniedError, GraphIncompleteError, occupantsQuery, queryResourceGraph } from './resource-graph.js';
import { Collected, resolveDependencies } from './resolve-dependencies.js';
import { sweepScope, type SweepOptions } from './sweep.js';

export interface LiveReaderOptions extends SweepOptions {
  connection: ArmConnection;
  /** What `sweep` covers. `loadInstance` reads any instance the credential can read. */
  scope?: Scope;
  /**
   * Whether a single-instance read also finds the instances that share its subnets and public IPs
   * (capacity, stv1 and v2 dedication rules use them). Default true: one Resource Graph query per
   * subscription and a read of each neighbour by id (the subscription's list where Graph cannot answer).
   */
  neighbours?: boolean;
  /**
   * Where the watcher's dependency index says who shares a subnet or public IP. With it, neighbours
   * are read by id and the list is only a fallback (neighbours.ts): the cost of a read no longer
   * grows with the subscription.
   */
  occupants?: OccupantIndex;
}

/** The instance itself could not be read (403, retries exhausted): there is nothing to evaluate. */
export class InstanceUnreadableError extends Error {
  override name = 'InstanceUnreadableError';
  constructor(
    readonly instanceId: string,
    readonly reason: string,
  ) {
    super(`cannot read instance ${instanceId}: ${reason}`);
  }
}

/** Several instances as read together, with what that read could not see besides them. */
export interface InstancesRead {
  /** Keys are normalized ids; an instance that does not exist (404) maps to undefined. */
  views: Map<string, InstanceView | undefined>;
  notes: string[];
}

/**
 * One reader serves concurrent reads (the Functions worker shares it across invocations), so it
 * holds no per-read state: each read returns its own notes.
 */
export class LiveArmReader implements EstateReader {
  private readonly connection: ArmConnection;

  constructor(private readonly options: LiveReaderOptions) {
    this.connection = options.connection;
  }

  async loadInstance(instanceId: string): Promise<InstanceView | undefined> {
    return (await this.readInstance(instanceId)).view;
  }

  async readInstance(instanceId: string): Promise<InstanceRead> {
    const { views, notes } = await this.loadInstances([instanceId]);
    return { view: views.get(normalizeResourceId(instanceId)), notes };
  }

  /** Several instances in one evaluation: a resource they share is read once. */
  async loadInstances(instanceIds: readonly string[]): Promise<InstancesRead> {
    const notes: string[] = [];
    for (const id of instanceIds) {
      if (!tryParseResourceId(id) || !isType(id, RESOURCE_TYPES.apim)) throw new Error(`"${id}" is not the id of a ${RESOURCE_TYPES.apim}`);
    }
    const session = new ReadSession(this.connection, this.options.concurrency ?? 8);
    const listNeighbours = this.options.neighbours ?? true;
    if (listNeighbours && this.options.occupants) return this.loadWithIndex(instanceIds, this.options.occupants, session, notes);
    const collected = this.collected();
    const present = await this.readInstances(instanceIds, session, collected);
    let estate = await resolveDependencies(collected, session, { instanceIds: present });
    if (listNeighbours) {
      const views = present.flatMap((id) => estate.buildView(id) ?? []);
      if (await this.readOccupants(views, session, collected, notes)) estate = await resolveDependencies(collected, session, { instanceIds: present });
    }
    for (const line of collected.rejected) notes.push(`resource rejected: ${line}`);
    const views = new Map<string, InstanceView | undefined>();
    for (const id of instanceIds) views.set(normalizeResourceId(id), estate.buildView(id));
    return { views, notes };
  }

  /** The instances by id, in one parallel round; returns those that exist. */
  private async readInstances(instanceIds: readonly string[], session: ReadSession, collected: Collected): Promise<string[]> {
    return acceptInstances(await readAll(instanceIds, session), collected);
  }

  /**
   * The other instances on the subnets and public IPs of these views, without an index: one Resource
   * Graph query per subscription for the services whose properties name them, and those the subnets'
   * links name, then a read of each by id, so that the cost follows the neighbours, not the
   * subscription. Where Resource Graph cannot answer (denied, failed), the subscription's instances are
   * listed as before. Instances share a subnet only within its subscription; the VNet may live in
   * another one. Returns whether anything was added.
   */
  private async readOccupants(views: readonly InstanceView[], session: ReadSession, collected: Collected, notes: string[]): Promise<boolean> {
    const bySubscription = new Map<string, { subscriptionId: string; ids: Set<string> }>();
    for (const view of views) {
      for (const l of view.locations) {
        for (const id of [l.location.subnetId, l.location.publicIpAddressId]) {
          const sub = id ? tryParseResourceId(id)?.subscriptionId : undefined;
          if (!id || !sub) continue;
          const entry = bySubscription.get(sub.toLowerCase()) ?? { subscriptionId: sub, ids: new Set<string>() };
          entry.ids.add(id);
          bySubscription.set(sub.toLowerCase(), entry);
        }
      }
    }
    const before = collected.resources.length;
    const listed = new Set<string>();
    const named = new Map<string, string>();
    // The services a subnet's links name are read too: ARM has them at once, Resource Graph may lag.
    for (const view of views) {
      for (const l of view.locations) for (const id of linkedInstances(found(l.subnet))) if (tryParseResourceId(id)) named.set(id, id);
    }
    await Promise.all(
      [...bySubscription.values()].map(async ({ subscriptionId, ids }) => {
        const occupants = await this.queryOccupants(subscriptionId, [...ids]);
        if (occupants === undefined) return this.listInstances(subscriptionId, session, collected, listed, notes);
        for (const id of occupants) named.set(normalizeResourceId(id), id);
      }),
    );
    await Promise.all([...named.values()].map((id) => readNeighbour(id, session, collected, notes)));
    return collected.resources.length !== before;
  }

  /** Ids of the API Management services naming these resources, or undefined when Resource Graph cannot say. */
  private async queryOccupants(subscriptionId: string, resourceIds: readonly string[]): Promise<string[] | undefined> {
    const query = occupantsQuery(resourceIds);
    if (query === undefined) return undefined;
    const ids: string[] = [];
    try {
      await queryResourceGraph(this.connection, { subscriptions: [subscriptionId] }, query, RESOURCE_TYPES.apim, (page) => {
        for (const row of page.rows) if (typeof row.id === 'string' && tryParseResourceId(row.id)) ids.push(row.id);
      });
    } catch (e) {
      if (e instanceof GraphDeniedError || e instanceof GraphIncompleteError) return undefined;
      throw e;
    }
    return ids;
  }

  /**
   * The instances in one parallel round of reads by id, then their dependencies, then the neighbours
   * the index names (by id, in parallel), listing a subscription only where the index falls short.
   */
  private async loadWithIndex(instanceIds: readonly string[], occupants: OccupantIndex, session: ReadSession, notes: string[]): Promise<InstancesRead> {
    const collected = this.collected();
    // One round: the instances, and the dependencies the index saw them use (a stale one costs one read),
    // with the effective admin rules of those VNets, so that in the common case nothing is left to read.
    const adminRules = this.options.adminRules ?? true;
    const [outcomes] = await Promise.all([
      readAll(instanceIds, session),
      knownDependencies(instanceIds, occupants).then((known) =>
        adminRules ? [...known, ...known.filter((id) => isType(id, RESOURCE_TYPES.virtualNetwork)).map(effectiveAdminRulesId)] : known,
      ).then((ids) =>
        Promise.all(
          ids.map(async (id) => {
            const outcome = await session.read(id);
            if (outcome.state === 'found') collected.add(outcome.resource);
            else if (outcome.state === 'missing') collected.mark(id, { state: 'missing' });
            else collected.mark(id, { state: 'unreadable', reason: outcome.reason });
          }),
        ),
      ),
    ]);
    const present = acceptInstances(outcomes, collected);
    let estate = await resolveDependencies(collected, session, { instanceIds: present });
    const views = present.flatMap((id) => estate.buildView(id) ?? []);
    const plan = await planNeighbourReads(views, occupants);
    const listed = new Set<string>();
    await Promise.all([
      ...plan.listSubscriptions.map((sub) => this.listInstances(sub, session, collected, listed, notes)),
      ...plan.reads.map((id) => readNeighbour(id, session, collected, notes)),
    ]);
    if (plan.reads.length > 0 || plan.listSubscriptions.length > 0) estate = await resolveDependencies(collected, session, { instanceIds: present });
    for (const line of collected.rejected) notes.push(`resource rejected: ${line}`);
    const result = new Map<string, InstanceView | undefined>();
    for (const id of instanceIds) result.set(normalizeResourceId(id), estate.buildView(id));
    return { views: result, notes };
  }

  private collected(): Collected {
    return new Collected({ adminRules: this.options.adminRules ?? true });
  }

  async sweep(onProgress?: (p: SweepProgress) => void): Promise<SweepResult> {
    const scope = this.options.scope;
    if (!scope) throw new Error('the live reader has no scope to sweep: give subscriptions or a management group');
    return sweepScope(this.connection, scope, this.options, onProgress);
  }

  private async listInstances(subscriptionId: string, session: ReadSession, collected: Collected, listed: Set<string>, notes: string[]): Promise<void> {
    const key = subscriptionId.toLowerCase();
    if (listed.has(key)) return;
    listed.add(key);
    const outcome = await session.list(`${RESOURCE_TYPES.apim}|${key}`.toLowerCase(), () =>
      listArmResources(this.connection, subscriptionId, RESOURCE_TYPES.apim),
    );
    if (outcome.ok) {
      for (const r of outcome.resources as ArmResource[]) collected.add(r);
      return;
    }
    const failure = failureOutcome(outcome.error);
    const reason = failure.state === 'unreadable' ? failure.reason : 'not found';
    notes.push(
      `the API Management instances of subscription ${subscriptionId} could not be listed (${reason}): instances sharing a subnet with the checked one may be missed`,
    );
  }
}

/** Reads an instance that may share a subnet or public IP with the checked one, unless read already. */
async function readNeighbour(id: string, session: ReadSession, collected: Collected, notes: string[]): Promise<void> {
  if (collected.has(id)) return;
  const outcome = await session.read(id);
  // A neighbour gone (404) is simply not a neighbour; one unreadable may be missed.
  if (outcome.state === 'found') collected.add(outcome.resource);
  else if (outcome.state === 'unreadable') notes.push(`instance ${id}, which may share a subnet or public IP with the checked one, could not be read (${outcome.reason}): it may be missed`);
}

function readAll(ids: readonly string[], session: ReadSession) {
  return Promise.all(ids.map(async (id) => [id, await session.read(id)] as const));
}

/** The instances read: those that exist are collected (in the order asked); one unreadable fails the whole read. */
function acceptInstances(outcomes: ReadonlyArray<readonly [string, Awaited<ReturnType<ReadSession['read']>>]>, collected: Collected): string[] {
  const present: string[] = [];
  for (const [id, outcome] of outcomes) {
    if (outcome.state === 'missing') continue;
    if (outcome.state === 'unreadable') throw new InstanceUnreadableError(id, outcome.reason);
    collected.add(outcome.resource);
    present.push(id);
  }
  return present;
}
