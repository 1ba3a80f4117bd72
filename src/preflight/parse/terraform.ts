/**
 * Terraform plan JSON (`terraform show -json plan.tfplan`) → change items, for the azurerm resources
 * an instance depends on (reference §2). Each resource change is mapped to the ARM body the provider
 * writes (./terraform-azurerm.ts); ids unknown before apply are built from names, matched against
 * the current resources, or resolved through `configuration` references.
 */
import { ChangeDocumentError, type ChangeAction, type ChangeDocument, type ChangeItem, type UnknownValue } from '../change.js';
import { AZURERM, type MapContext, type Mapped, type TfValues } from './terraform-azurerm.js';

type Obj = Record<string, unknown>;

export function looksLikeTerraformPlan(document: unknown): boolean {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return false;
  const o = document as Obj;
  return Array.isArray(o.resource_changes) || (typeof o.format_version === 'string' && ('terraform_version' in o || 'planned_values' in o));
}

export interface TerraformOptions {
  /** Ids of the current resources: a resource planned by name is matched to its id there. */
  currentIds?: readonly string[];
}

interface ResourceChange {
  address: string;
  mode?: string;
  type: string;
  deposed?: string;
  change: { actions: string[]; before: unknown; after: unknown; after_unknown?: unknown };
}

export function parseTerraformPlan(document: unknown, file: string, options: TerraformOptions = {}): ChangeDocument {
  if (!looksLikeTerraformPlan(document)) throw new ChangeDocumentError(`${file}: not a Terraform plan in JSON (terraform show -json plan.tfplan): no "resource_changes"`);
  const plan = document as Obj;
  const version = typeof plan.format_version === 'string' ? plan.format_version : undefined;
  if (version !== undefined && !/^1(\.|$)/.test(version)) {
    throw new ChangeDocumentError(`${file}: plan format_version ${version.slice(0, 20)} is not supported (1.x is)`);
  }
  const changes = (plan.resource_changes ?? []) as unknown[];
  if (!Array.isArray(changes)) throw new ChangeDocumentError(`${file}: "resource_changes" is not an array`);
  const rcs = changes.map((c, i) => resourceChange(c, `${file} resource_changes[${i}]`));
  const ctx = mapContext(plan, rcs, options.currentIds ?? []);
  const items = rcs.map((rc) => changeItem(rc, ctx));
  const notes: string[] = [];
  if (rcs.some((rc) => rc.type === 'azurerm_network_security_group') && rcs.some((rc) => rc.type === 'azurerm_network_security_rule')) {
    notes.push(
      'the plan has both azurerm_network_security_group and azurerm_network_security_rule resources: inline security_rule blocks and separate rules overwrite each other on every apply (hashicorp/terraform#26571)',
    );
  }
  return { format: 'terraform', file, items, notes };
}

function resourceChange(value: unknown, where: string): ResourceChange {
  const o = value as Obj | null;
  const change = o?.change as Obj | undefined;
  if (typeof o?.address !== 'string' || typeof o.type !== 'string' || typeof change !== 'object' || change === null || !Array.isArray(change.actions)) {
    throw new ChangeDocumentError(`${where}: a resource change needs address, type and change.actions`);
  }
  return {
    address: o.address,
    type: o.type,
    ...(typeof o.mode === 'string' ? { mode: o.mode } : {}),
    ...(typeof o.deposed === 'string' ? { deposed: o.deposed } : {}),
    change: { actions: change.actions.map(String), before: change.before, after: change.after, after_unknown: change.after_unknown },
  };
}

const ACTIONS: Record<string, ChangeAction> = {
  'no-op': 'no-change',
  read: 'no-change',
  create: 'create',
  update: 'modify',
  delete: 'delete',
  'delete,create': 'replace',
  'create,delete': 'replace',
};

function changeItem(rc: ResourceChange, ctx: MapContext): ChangeItem {
  const action = ACTIONS[rc.change.actions.join(',')];
  const source = rc.address;
  const skipped = (reason: string, resourceId = '', a: ChangeAction = action ?? 'unknown'): ChangeItem => ({ resourceId, action: a, source, unknown: [], skip: reason });
  if (action === undefined) return skipped(`actions ${JSON.stringify(rc.change.actions)} are not a Terraform plan action`);
  if (rc.mode === 'data') return skipped('a data source: read only');
  const mapper = AZURERM[rc.type];
  const values = (action === 'delete' ? rc.change.before : rc.change.after) as TfValues | null;
  const idValues = (rc.change.before ?? rc.change.after) as TfValues | null;
  if (mapper === undefined) return skipped(`${rc.type} is not a resource apim-vnet-guard reads: no instance depends on it`, String((idValues as Obj | null)?.id ?? ''));
  if (rc.deposed !== undefined) return skipped('a deposed object (left over from an earlier replace): not the current resource', '', action);
  const resourceId = mapper.idOf((idValues ?? {}) as TfValues, ctx, rc.address);
  if (action === 'no-change') return skipped(rc.change.actions[0] === 'read' ? 'read during apply: no change' : 'no-op: no change planned', resourceId ?? '');
  if (resourceId === undefined) {
    return skipped(`its ARM id cannot be built before apply (${mapper.idHint}); give the subscription in the plan or the current resources`, '', action);
  }
  if (action === 'delete') {
    const mapped = mapper.onDelete?.((values ?? {}) as TfValues, ctx, rc.address);
    return { resourceId, action: 'delete', source, unknown: [], ...(mapped?.patch ? { patch: mapped.patch } : {}) };
  }
  if (values === null || typeof values !== 'object') return skipped('the plan gives no planned values for it', resourceId);
  const unknownAfter = (rc.change.after_unknown ?? {}) as Obj;
  const mapped: Mapped = mapper.map(values, unknownAfter, ctx, rc.address);
  const unknown: UnknownValue[] = mapped.unknown ?? [];
  const item: ChangeItem = { resourceId, action: mapped.action ?? action, source, unknown };
  if (mapped.body !== undefined) item.after = mapped.body;
  if (mapped.patch !== undefined) item.patch = mapped.patch;
  if (mapped.keep !== undefined) item.keep = mapped.keep;
  if (action === 'replace') {
    const between = mapper.onDelete?.(values, ctx, rc.address);
    item.whileReplacing = between?.patch ? { action: 'modify', patch: between.patch } : { action: 'delete' };
  }
  return item;
}

/** What the mappers need of the plan as a whole. */
function mapContext(plan: Obj, rcs: readonly ResourceChange[], currentIds: readonly string[]): MapContext {
  const subscriptions = new Set<string>();
  const text = JSON.stringify([plan.resource_changes, plan.prior_state ?? null]);
  for (const m of text.matchAll(/\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//gi)) subscriptions.add(m[1]!.toLowerCase());
  const expressions = configurationExpressions(plan.configuration);
  const byAddress = new Map<string, ResourceChange[]>();
  for (const rc of rcs) {
    const key = withoutIndexes(rc.address);
    byAddress.set(key, [...(byAddress.get(key) ?? []), rc]);
  }
  const resolving = new Set<string>();
  const ctx: MapContext = {
    armId(path: string, resourceGroup: string | undefined) {
      if (resourceGroup === undefined || resourceGroup === '') return undefined;
      const suffix = `/resourcegroups/${resourceGroup}/providers/${path}`.toLowerCase();
      const matches = currentIds.filter((id) => id.toLowerCase().endsWith(suffix) && /^\/subscriptions\/[^/]+$/i.test(id.slice(0, id.length - suffix.length)));
      if (matches.length === 1) return matches[0]!.slice(0, matches[0]!.length - suffix.length) + `/resourceGroups/${resourceGroup}/providers/${path}`;
      // A new resource in a resource group the current resources place in exactly one subscription.
      const groupSubscriptions = new Set(
        currentIds.flatMap((id) => {
          const m = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\//i.exec(id);
          return m && m[2]!.toLowerCase() === resourceGroup.toLowerCase() ? [m[1]!.toLowerCase()] : [];
        }),
      );
      if (groupSubscriptions.size === 1) return `/subscriptions/${[...groupSubscriptions][0]}/resourceGroups/${resourceGroup}/providers/${path}`;
      if (subscriptions.size === 1) return `/subscriptions/${[...subscriptions][0]}/resourceGroups/${resourceGroup}/providers/${path}`;
      return undefined;
    },
    referencedId(address: string, path: ReadonlyArray<string | number>) {
      let expression: unknown = expressions.get(withoutIndexes(address));
      for (const p of path) expression = typeof expression === 'object' && expression !== null ? (expression as Record<string | number, unknown>)[p] : undefined;
      const refs = (expression as Obj | undefined)?.references;
      const references = Array.isArray(refs) ? refs.map(String) : [];
      const prefix = modulePrefix(withoutIndexes(address));
      for (const ref of references) {
        const target = `${prefix}${ref.replace(/\.id$/, '')}`;
        const candidates = byAddress.get(target);
        if (candidates?.length !== 1 || resolving.has(target)) continue;
        const rc = candidates[0]!;
        const mapper = AZURERM[rc.type];
        if (mapper === undefined) continue;
        resolving.add(target);
        try {
          const id = mapper.idOf((rc.change.after ?? rc.change.before ?? {}) as TfValues, ctx, rc.address);
          if (id !== undefined) return id;
        } finally {
          resolving.delete(target);
        }
      }
      return undefined;
    },
  };
  return ctx;
}

/** `configuration.root_module` and its module calls: address → the expressions of its arguments. */
function configurationExpressions(configuration: unknown): Map<string, Obj> {
  const out = new Map<string, Obj>();
  const walk = (module: unknown, prefix: string, depth: number) => {
    if (typeof module !== 'object' || module === null || depth > 20) return;
    const m = module as Obj;
    for (const r of Array.isArray(m.resources) ? (m.resources as Obj[]) : []) {
      if (typeof r?.address === 'string' && typeof r.expressions === 'object' && r.expressions !== null) out.set(`${prefix}${r.address}`, r.expressions as Obj);
    }
    const calls = (m.module_calls ?? {}) as Record<string, Obj>;
    for (const [name, call] of Object.entries(calls)) walk(call?.module, `${prefix}module.${name}.`, depth + 1);
  };
  walk((configuration as Obj | undefined)?.root_module, '', 0);
  return out;
}

function withoutIndexes(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

/** `module.net.azurerm_subnet.apim` → `module.net.` */
function modulePrefix(address: string): string {
  const parts = address.split('.');
  let end = 0;
  while (parts[end] === 'module' && end + 2 < parts.length) end += 2;
  return end === 0 ? '' : `${parts.slice(0, end).join('.')}.`;
}
