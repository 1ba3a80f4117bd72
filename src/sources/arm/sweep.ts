/**
 * The whole-scope sweep: every APIM instance of some subscriptions or a management group, with its
 * dependencies, in a bounded number of requests. One Resource Graph query per kind of resource (five),
 * each paged by 1,000 rows; where Resource Graph is not permitted (403), ARM list calls per
 * subscription instead; then reads by id for the few dependencies the lists did not hold (another
 * subscription, Resource Graph's indexing lag, a deletion: 404 is then a finding). Whatever could not
 * be read is said in `incomplete`, and the instances that needed it end `unknown`.
 */
import type { ArmResource } from '../../arm/arm-resource.js';
import { parseResourceId } from '../../arm/resource-id.js';
import type { Scope, SweepProgress, SweepResult } from '../reader.js';
import type { ArmConnection } from './connection.js';
import { listArmResources } from './list-resources.js';
import { failureOutcome, READABLE_TYPES } from './read-resource.js';
import { ReadSession } from './read-session.js';
import { regionDisplayNames, withDisplayLocation } from './region-names.js';
import { Collected, resolveDependencies } from './resolve-dependencies.js';
import {
  GraphDeniedError,
  GraphIncompleteError,
  queryResourceGraph,
  sweepQuery,
  SWEPT_KINDS,
  type GraphScope,
  type SweptKind,
} from './resource-graph.js';

export interface SweepOptions {
  /** Requests in flight for reads by id and list calls (default 8). */
  concurrency?: number;
  /** Reads by id after the lists, at most (default 500). */
  maxFallbackReads?: number;
  /** Rows per Resource Graph page, at most 1,000 (the default); smaller only to exercise paging. */
  graphPageSize?: number;
  /**
   * Whether each VNet's effective security admin rules (Virtual Network Manager) are read, one paged
   * POST per VNet (default true). Without them the NSG alone decides every flow.
   */
  adminRules?: boolean;
}

export async function sweepScope(
  connection: ArmConnection,
  scope: Scope,
  options: SweepOptions = {},
  onProgress?: (p: SweepProgress) => void,
): Promise<SweepResult> {
  const session = new ReadSession(connection, options.concurrency ?? 8);
  const collected = new Collected({ adminRules: options.adminRules ?? true });
  const incomplete: string[] = [];
  // By id: a subscription inside the management group is listed twice when both are given.
  const apimRows = new Map<string, ArmResource>();
  let merged = false;
  const progress = () =>
    onProgress?.({
      instancesFound: apimRows.size,
      resourcesRead: collected.resources.length + (merged ? 0 : apimRows.size),
      requests: connection.requestsSent,
    });

  const graphScopes: GraphScope[] = [];
  if (scope.subscriptions.length > 0) graphScopes.push({ subscriptions: scope.subscriptions });
  if (scope.managementGroup) graphScopes.push({ managementGroup: scope.managementGroup });
  if (graphScopes.length === 0) throw new Error('a sweep needs at least one subscription or a management group');

  const add = (kind: SweptKind, rows: readonly ArmResource[]) => {
    for (const r of rows) {
      if (kind.kind === 'apim') apimRows.set(r.id.toLowerCase(), r);
      else collected.add(r);
    }
    progress();
  };

  await Promise.all(
    graphScopes.flatMap((graphScope) =>
      SWEPT_KINDS.map(async (kind) => {
        let fromGraph = 0;
        try {
          const onPage = (page: { rows: ArmResource[] }) => {
            fromGraph += page.rows.length;
            add(kind, page.rows);
          };
          await queryResourceGraph(connection, graphScope, sweepQuery(kind.type), kind.type, onPage, options.graphPageSize);
        } catch (e) {
          if (e instanceof GraphDeniedError && fromGraph === 0) {
            await listInstead(kind, graphScope, e.message);
          } else if (e instanceof GraphIncompleteError || e instanceof GraphDeniedError) {
            incomplete.push(`${kind.label} in ${describeScope(graphScope)}: Resource Graph stopped after ${fromGraph} rows (${e.message}); instances using the ones not read are unknown`);
          } else {
            throw e;
          }
        }
      }),
    ),
  );

  async function listInstead(kind: SweptKind, graphScope: GraphScope, why: string): Promise<void> {
    if ('managementGroup' in graphScope) {
      incomplete.push(
        `${kind.label} in management group ${graphScope.managementGroup}: Resource Graph is not permitted (${why}), and ARM list calls need subscription ids: pass --subscription for each`,
      );
      return;
    }
    await Promise.all(
      graphScope.subscriptions.map(async (subscriptionId) => {
        const listed = await session.list(`${kind.type}|${subscriptionId}`.toLowerCase(), () =>
          listArmResources(connection, subscriptionId, kind.type),
        );
        if (listed.ok) add(kind, listed.resources);
        else {
          const outcome = failureOutcome(listed.error);
          const reason = outcome.state === 'unreadable' ? outcome.reason : '404 subscription not found';
          incomplete.push(`${kind.label} in subscription ${subscriptionId}: neither Resource Graph nor ARM lists could be read (${reason})`);
        }
      }),
    );
  }

  // Resource Graph spells the primary location `westeurope`; ARM's GET says `West Europe`.
  const instances = [...apimRows.values()];
  const programmatic = instances.find((r) => typeof r.location === 'string' && !/\s/.test(r.location));
  const names = programmatic ? await regionDisplayNames(connection, parseResourceId(programmatic.id).subscriptionId) : new Map<string, string>();
  for (const r of instances) collected.add(withDisplayLocation(r, names));
  merged = true;

  const estate = await resolveDependencies(collected, session, {
    maxReads: options.maxFallbackReads ?? 500,
    onRound: progress,
  });
  progress();
  // Kinds were read concurrently: sort so that two runs say the same thing in the same order.
  incomplete.sort();
  for (const line of collected.rejected) incomplete.push(`resource rejected: ${line}`);
  return { views: estate.buildViews(), resources: exportOrder(collected.resources), incomplete };
}

function describeScope(scope: GraphScope): string {
  if ('managementGroup' in scope) return `management group ${scope.managementGroup}`;
  return scope.subscriptions.length === 1 ? `subscription ${scope.subscriptions[0]}` : `${scope.subscriptions.length} subscriptions`;
}

const KIND_ORDER = READABLE_TYPES.map((t) => t.toLowerCase());

/** What `export` writes: instances first, then their dependencies by kind, each sorted by id. */
export function exportOrder(resources: readonly ArmResource[]): ArmResource[] {
  const rank = (r: ArmResource) => {
    const i = KIND_ORDER.indexOf(r.type.toLowerCase());
    return i < 0 ? KIND_ORDER.length : i;
  };
  return [...resources].sort((a, b) => rank(a) - rank(b) || (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : a.id.toLowerCase() > b.id.toLowerCase() ? 1 : 0));
}
