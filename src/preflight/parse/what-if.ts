/**
 * ARM what-if results → change items. Three spellings of one model (reference §1.2, §1.4): the REST
 * body (`properties.changes`), the client model that `az deployment … what-if --no-pretty-print` and
 * the SDKs print (`changes` at the top level), and PowerShell's PascalCase objects
 * (`Changes[].FullyQualifiedResourceId`, `ChangeType` possibly numeric).
 */
import { tryParseResourceId } from '../../arm/resource-id.js';
import { ChangeDocumentError, type ChangeDocument, type ChangeItem } from '../change.js';
import { unresolvedExpressions } from '../expressions.js';

type Obj = Record<string, unknown>;

/** The .NET enum order (Learn `WhatIfChangeType`), for PowerShell output serialised with numbers. */
const CHANGE_TYPES = ['Create', 'Delete', 'Ignore', 'Deploy', 'NoChange', 'Modify', 'Unsupported'] as const;
type ChangeType = (typeof CHANGE_TYPES)[number];

const OMISSION_NOTE =
  'what-if may leave out resources of nested templates whose parameters come from reference() (Azure/arm-template-whatif#157): a resource absent from the result is not proof that it does not change';

/** Whether a parsed document looks like a what-if result, in any of its spellings. */
export function looksLikeWhatIf(document: unknown): boolean {
  return changesOf(document) !== undefined;
}

function changesOf(document: unknown): { changes: unknown; potential: unknown; root: Obj } | undefined {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  const o = document as Obj;
  const props = (typeof o.properties === 'object' && o.properties !== null ? o.properties : undefined) as Obj | undefined;
  if (props !== undefined && Array.isArray(props.changes)) return { changes: props.changes, potential: props.potentialChanges, root: o };
  if (Array.isArray(o.changes)) return { changes: o.changes, potential: o.potentialChanges, root: o };
  if (Array.isArray(o.Changes)) return { changes: o.Changes, potential: o.PotentialChanges, root: o };
  return undefined;
}

export function parseWhatIf(document: unknown, file: string): ChangeDocument {
  const found = changesOf(document);
  if (found === undefined) {
    throw new ChangeDocumentError(`${file}: not an ARM what-if result: expected "changes" (az … what-if --no-pretty-print) or "properties.changes" (REST)`);
  }
  const { root } = found;
  const error = root.error ?? root.Error;
  if (error !== undefined && error !== null) {
    const e = error as Obj;
    throw new ChangeDocumentError(`${file}: the what-if operation failed: ${String(e.code ?? e.Code ?? 'error')}: ${String(e.message ?? e.Message ?? '').slice(0, 500)}`);
  }
  const notes: string[] = [OMISSION_NOTE];
  const diagnostics = (root.properties as Obj | undefined)?.diagnostics ?? root.diagnostics ?? root.Diagnostics;
  if (Array.isArray(diagnostics)) {
    for (const d of diagnostics as Obj[]) {
      const level = String(d?.level ?? d?.Level ?? '');
      if (/^(error|warning)$/i.test(level)) notes.push(`what-if ${level.toLowerCase()}: ${String(d.code ?? d.Code ?? '')} ${String(d.message ?? d.Message ?? '').slice(0, 300)}`.trim());
    }
  }
  const items: ChangeItem[] = [];
  const list = (value: unknown, key: string, potential: boolean) => {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) throw new ChangeDocumentError(`${file}: "${key}" is not an array`);
    value.forEach((c, i) => items.push(changeItem(c, `${file} ${key}[${i}]`, potential)));
  };
  list(found.changes, 'changes', false);
  list(found.potential, 'potentialChanges', true);
  return { format: 'what-if', file, items, notes };
}

function changeItem(value: unknown, where: string, potential: boolean): ChangeItem {
  if (typeof value !== 'object' || value === null) throw new ChangeDocumentError(`${where}: a change must be an object`);
  const c = value as Obj;
  const resourceId = String(c.resourceId ?? c.FullyQualifiedResourceId ?? c.FullResourceId ?? '');
  if (resourceId === '') throw new ChangeDocumentError(`${where}: the change has no resourceId`);
  const changeType = changeTypeOf(c.changeType ?? c.ChangeType, where);
  const symbol = typeof c.symbolicName === 'string' && c.symbolicName !== '' ? ` (symbol ${c.symbolicName})` : '';
  const source = `${where}${symbol}`;
  const after = objectOrUndefined(c.after ?? c.After);
  const base = { resourceId, source, unknown: [] as ChangeItem['unknown'] };
  if (tryParseResourceId(resourceId) === undefined) return { ...base, action: 'unknown', skip: `"${resourceId.slice(0, 200)}" is not an ARM resource id` };
  if (potential && changeType !== 'NoChange' && changeType !== 'Ignore') {
    // The spec says only "predicted": it may happen. Not knowing is not a pass.
    return { ...base, action: 'unknown', unknown: [{ path: '(resource)', reason: `what-if lists a potential ${changeType}` }] };
  }
  switch (changeType) {
    case 'Create':
    case 'Modify': {
      if (after === undefined) {
        return { ...base, action: 'unknown', unknown: [{ path: 'after', reason: `a ${changeType} without its payload: run what-if with --result-format FullResourcePayloads` }] };
      }
      return { ...base, action: changeType === 'Create' ? 'create' : 'modify', after, unknown: unresolvedExpressions(after) };
    }
    case 'Delete':
      return { ...base, action: 'delete' };
    case 'NoChange':
      return { ...base, action: 'no-change', skip: 'NoChange: what-if predicts no property change' };
    case 'Ignore':
      return { ...base, action: 'ignore', skip: 'Ignore: the deployment does not deploy or modify it (or what-if reached one of its limits)' };
    case 'Deploy':
      return { ...base, action: 'unknown', unknown: [{ path: '(resource)', reason: 'Deploy: what-if ran with ResultFormat ResourceIdOnly, no payload; run it with FullResourcePayloads' }] };
    case 'Unsupported':
      return { ...base, action: 'unknown', unknown: [{ path: '(resource)', reason: `Unsupported by what-if: ${String(c.unsupportedReason ?? c.UnsupportedReason ?? 'no reason given').slice(0, 300)}` }] };
  }
}

function changeTypeOf(value: unknown, where: string): ChangeType {
  if (typeof value === 'number' && Number.isInteger(value) && CHANGE_TYPES[value] !== undefined) return CHANGE_TYPES[value]!;
  if (typeof value === 'string') {
    const match = CHANGE_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
    if (match !== undefined) return match;
  }
  throw new ChangeDocumentError(`${where}: changeType ${JSON.stringify(value)?.slice(0, 60)} is not one of ${CHANGE_TYPES.join(', ')}`);
}

function objectOrUndefined(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}
