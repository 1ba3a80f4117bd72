/**
 * What the HTML pages show of one instance, computed from its report and, when the reader still has
 * it, the view it was evaluated on: per location the path instance → subnet → NSG (route table,
 * public IP, delegation beside it) with the state of each step, and per failing flow the NSG rules of
 * that direction in the order Azure walks them, marked deciding, shadowed (would match, but the
 * deciding rule comes first) or partly matching. Pure: no I/O, no HTML.
 */
import { isType, RESOURCE_TYPES, sameResourceId, topLevelResourceId, tryParseResourceId } from '../../arm/resource-id.js';
import { INSTANCE_LOCATION } from '../../engine/evaluate.js';
import type { Finding, InstanceReport } from '../../model/finding.js';
import type { NetworkSecurityGroup, SecurityRule } from '../../model/network.js';
import { modeInWords } from '../../model/mode.js';
import { compareSeverity, isBreaking, type Severity } from '../../model/severity.js';
import type { InstanceView, LocationView, Lookup } from '../../model/view.js';
import { addressSpaceOf } from '../../network/address-match.js';
import type { Flow } from '../../network/flow.js';
import { matchRule, rulesInEvaluationOrder, type RuleRef } from '../../network/nsg-evaluator.js';

export type StepKind = 'instance' | 'subnet' | 'nsg' | 'rule' | 'route-table' | 'public-ip' | 'delegation';

/** `fail`: a breaking finding is about it; `warn`: a lesser one; `missing`: deleted or unreadable. */
export type StepState = 'ok' | 'fail' | 'warn' | 'missing' | 'none';

export interface PathStep {
  kind: StepKind;
  label: string;
  /** The resource's name (or what stands in for it: `none attached`). */
  detail: string;
  /** A short fact under the name: prefixes, SKU, rule count. */
  extra?: string;
  state: StepState;
  id?: string;
}

export interface PathModel {
  /** instance → subnet → NSG → deciding rule (as far as known). */
  main: PathStep[];
  /** Hangs off the instance (public IP) or the subnet (route table, delegation). */
  side: Array<{ from: 'instance' | 'subnet'; step: PathStep }>;
}

export type RuleRole = 'deciding' | 'shadowed' | 'partial' | 'other' | 'invalid';

export interface RuleRow {
  name: string;
  priority: number;
  access: string;
  protocol: string;
  source: string;
  sourcePorts: string;
  destination: string;
  destinationPorts: string;
  isDefault: boolean;
  role: RuleRole;
  /** For partial matches: which part of the flow the rule matches. */
  note?: string;
}

export interface FlowTable {
  nsgName: string;
  direction: string;
  verdict: string;
  decidingRule: RuleRef;
  rows: RuleRow[];
  /** False when only the stored verdict is known (no view): rows are the deciding and partial rules. */
  complete: boolean;
}

export interface FindingModel {
  finding: Finding;
  flow?: FlowTable;
  /** The `az` command of the remediation, for the copy button. */
  command?: string;
}

export interface LocationModel {
  region: string;
  role: string;
  /** False when neither a view nor a finding tells what the location's path is (a passing stored report). */
  pathKnown: boolean;
  path: PathModel;
  findings: FindingModel[];
}

export interface InstanceModel {
  report: InstanceReport;
  instanceFindings: FindingModel[];
  locations: LocationModel[];
}

export function instanceModel(report: InstanceReport, view?: InstanceView): InstanceModel {
  const byLocation = new Map<string, Finding[]>();
  for (const f of report.findings) byLocation.set(f.location, [...(byLocation.get(f.location) ?? []), f]);
  const instanceFindings = sortFindings(byLocation.get(INSTANCE_LOCATION) ?? []).map((f) => findingModel(f, undefined));
  const regions = [...report.locations, ...[...byLocation.keys()].filter((l) => l !== INSTANCE_LOCATION && !report.locations.includes(l))];
  const locations = regions.map((region, i) => {
    const lv = view?.locations.find((l) => l.location.region === region);
    const findings = sortFindings(byLocation.get(region) ?? []).map((f) => findingModel(f, lv));
    return {
      region,
      role: i === 0 ? 'primary' : i < report.locations.length ? `additional location ${i}` : 'location',
      pathKnown: lv !== undefined || findings.length > 0,
      path: pathOf(report, lv, findings, instanceFindings),
      findings,
    };
  });
  return { report, instanceFindings, locations };
}

function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort((a, b) => compareSeverity(a.severity, b.severity) || a.ruleId.localeCompare(b.ruleId));
}

function stateOf(severity: Severity | undefined): StepState {
  if (severity === undefined) return 'ok';
  return isBreaking(severity) ? 'fail' : severity === 'info' ? 'ok' : 'warn';
}

/** The worst finding about a resource (or one of its children, such as an NSG's rules). */
function worstAbout(findings: readonly FindingModel[], id: string | undefined): Severity | undefined {
  if (id === undefined) return undefined;
  const about = findings.filter((m) => {
    const rid = m.finding.resourceId;
    return sameResourceId(rid, id) || (tryParseResourceId(rid) !== undefined && sameResourceId(topLevelResourceId(rid), id));
  });
  return about.map((m) => m.finding.severity).sort(compareSeverity)[0];
}

function lookupStep<T extends { name: string }>(
  kind: StepKind,
  label: string,
  lookup: Lookup<T> | undefined,
  id: string | undefined,
  detail: (r: T) => string,
  findings: readonly FindingModel[],
): PathStep | undefined {
  const ref = lookup?.id ?? id;
  if (ref === undefined) return undefined;
  const name = tryParseResourceId(ref)?.name ?? ref;
  if (lookup?.state === 'missing') return { kind, label, detail: `${name}: deleted`, state: 'missing', id: ref };
  if (lookup?.state === 'unreadable') return { kind, label, detail: `${name}: could not be read`, state: 'missing', id: ref };
  const worst = worstAbout(findings, ref);
  const resource = lookup?.state === 'found' ? lookup.resource : undefined;
  const extra = resource ? detail(resource) : '';
  return { kind, label, detail: resource?.name ?? name, ...(extra ? { extra } : {}), state: stateOf(worst), id: ref };
}

/** Ids named by the findings, for when there is no view (the watcher's stored state). */
function idOfType(findings: readonly FindingModel[], type: string): string | undefined {
  for (const m of findings) {
    const id = m.finding.resourceId;
    if (!tryParseResourceId(id)) continue;
    const top = isType(id, type) ? id : type !== RESOURCE_TYPES.subnet && isType(topLevelResourceId(id), type) ? topLevelResourceId(id) : undefined;
    if (top) return top;
  }
  return undefined;
}

function pathOf(report: InstanceReport, lv: LocationView | undefined, findings: FindingModel[], instanceWide: FindingModel[]): PathModel {
  const own = [...findings];
  const instanceWorst = [...instanceWide, ...findings.filter((m) => sameResourceId(m.finding.resourceId, report.id))]
    .map((m) => m.finding.severity)
    .sort(compareSeverity)[0];
  const main: PathStep[] = [
    { kind: 'instance', label: 'API Management', detail: report.name, extra: `${report.sku} · ${modeInWords(report.sku, report.networkMode)}`, state: stateOf(instanceWorst), id: report.id },
  ];
  const side: PathModel['side'] = [];

  const subnetId = lv?.location.subnetId ?? idOfType(own, RESOURCE_TYPES.subnet);
  const subnet = lookupStep('subnet', 'Subnet', lv?.subnet, subnetId, (s) => s.addressPrefixes.join(', '), own);
  if (subnet) main.push(subnet);
  else main.push({ kind: 'subnet', label: 'Subnet', detail: lv ? 'none: not injected here' : 'not named by a finding', state: lv ? 'missing' : 'none' });

  const subnetResource = lv?.subnet?.state === 'found' ? lv.subnet.resource : undefined;
  const nsgId = subnetResource ? subnetResource.networkSecurityGroupId : idOfType(own, RESOURCE_TYPES.networkSecurityGroup);
  const nsg = lookupStep('nsg', 'Network security group', lv?.networkSecurityGroup, nsgId, (n) => `${n.securityRules.length} custom rules`, own);
  if (nsg) main.push(nsg);
  else if (subnetResource) main.push({ kind: 'nsg', label: 'Network security group', detail: 'none attached', state: worstAbout(own, subnetResource.id) ? 'fail' : 'missing' });

  // The first failing flow's deciding rule ends the path: that is the edge that breaks.
  const flow = findings.find((m) => m.flow && isBreaking(m.finding.severity))?.flow ?? findings.find((m) => m.flow)?.flow;
  if (flow) {
    const r = flow.decidingRule;
    main.push({ kind: 'rule', label: `${flow.direction} rule`, detail: r.name, extra: `priority ${r.priority} · ${r.access}`, state: r.access === 'Deny' || flow.verdict !== 'allowed' ? 'fail' : 'ok' });
  }

  const pipId = lv?.location.publicIpAddressId ?? idOfType(own, RESOURCE_TYPES.publicIp);
  const pip = lookupStep('public-ip', 'Public IP', lv?.publicIp, pipId, (p) => [p.skuName, p.allocationMethod].filter(Boolean).join(' · '), own);
  if (pip) side.push({ from: 'instance', step: pip });

  const routeTableId = subnetResource ? subnetResource.routeTableId : idOfType(own, RESOURCE_TYPES.routeTable);
  const rt = lookupStep('route-table', 'Route table', lv?.routeTable, routeTableId, (t) => `${t.routes.length} routes`, own);
  if (rt) side.push({ from: 'subnet', step: rt });

  if (subnetResource && subnetResource.delegations.length > 0) {
    const about = worstAbout(own, subnetResource.id);
    side.push({ from: 'subnet', step: { kind: 'delegation', label: 'Delegation', detail: subnetResource.delegations.join(', '), state: stateOf(about) } });
  }
  return { main, side };
}

// --- flows -------------------------------------------------------------------------------------

interface FlowEvidence {
  flow: Flow;
  verdict: string;
  decidingRule: RuleRef;
  partialRules?: Array<RuleRef & { matches?: string }>;
}

function flowEvidenceOf(finding: Finding): FlowEvidence | undefined {
  const e = finding.evidence as Partial<FlowEvidence>;
  const flow = e.flow;
  const rule = e.decidingRule;
  if (!flow || typeof flow !== 'object' || typeof flow.direction !== 'string') return undefined;
  if (!rule || typeof rule !== 'object' || typeof rule.name !== 'string') return undefined;
  return e as FlowEvidence;
}

function findingModel(finding: Finding, lv: LocationView | undefined): FindingModel {
  const model: FindingModel = { finding };
  const command = commandOf(finding.remediation);
  if (command) model.command = command;
  const evidence = flowEvidenceOf(finding);
  if (evidence) model.flow = flowTable(finding, evidence, lv);
  return model;
}

/** The `az …` command at the end of a remediation sentence (after its colon), if there is one. */
export function commandOf(remediation: string): string | undefined {
  const m = /(?:^|:\s+|\n\s*)(az [a-z].*)$/s.exec(remediation);
  return m?.[1]?.trim();
}

const sameRule = (a: RuleRef, b: SecurityRule) =>
  a.name.toLowerCase() === b.name.toLowerCase() && a.priority === b.priority && a.isDefault === b.isDefault;

function flowTable(finding: Finding, evidence: FlowEvidence, lv: LocationView | undefined): FlowTable {
  const nsg = lv?.networkSecurityGroup?.state === 'found' && sameResourceId(lv.networkSecurityGroup.id, finding.resourceId) ? lv.networkSecurityGroup.resource : undefined;
  const base = {
    nsgName: nsg?.name ?? tryParseResourceId(finding.resourceId)?.name ?? finding.resourceId,
    direction: evidence.flow.direction,
    verdict: evidence.verdict,
    decidingRule: evidence.decidingRule,
  };
  const rows = nsg ? walkRows(nsg, evidence, lv!) : undefined;
  if (rows) return { ...base, rows, complete: true };
  // Only the stored verdict: the partial rules and the deciding one, in priority order.
  const partial = (evidence.partialRules ?? []).map((p) => refRow(p, 'partial', p.matches));
  return { ...base, rows: [...partial, refRow(evidence.decidingRule, 'deciding')], complete: false };
}

function refRow(r: RuleRef, role: RuleRole, note?: string): RuleRow {
  return { name: r.name, priority: r.priority, access: r.access, protocol: '', source: '', sourcePorts: '', destination: '', destinationPorts: '', isDefault: r.isDefault, role, ...(note ? { note } : {}) };
}

function walkRows(nsg: NetworkSecurityGroup, evidence: FlowEvidence, lv: LocationView): RuleRow[] | undefined {
  const subnet = lv.subnet?.state === 'found' ? lv.subnet.resource : undefined;
  const vnet = lv.virtualNetwork?.state === 'found' ? lv.virtualNetwork.resource : undefined;
  let space;
  try {
    space = addressSpaceOf({ virtualNetworkPrefixes: [...(vnet?.addressSpace ?? []), ...(subnet?.addressPrefixes ?? [])] });
  } catch {
    return undefined;
  }
  const ordered = rulesInEvaluationOrder(nsg, evidence.flow.direction);
  const decidingAt = ordered.findIndex((r) => sameRule(evidence.decidingRule, r));
  if (decidingAt === -1) return undefined;
  return ordered.map((rule, i) => {
    let role: RuleRole = 'other';
    let note: string | undefined;
    if (i === decidingAt) role = 'deciding';
    else {
      try {
        const match = matchRule(rule, evidence.flow, space);
        if (match.coverage !== 'none') {
          role = i > decidingAt ? 'shadowed' : 'partial';
          if (match.coverage === 'partial') note = match.notes.join('; ');
        }
      } catch {
        role = 'invalid';
      }
    }
    return {
      name: rule.name,
      priority: rule.priority,
      access: rule.access,
      protocol: rule.protocol,
      source: [...rule.sourceAddressPrefixes, ...rule.sourceApplicationSecurityGroups.map((a) => tryParseResourceId(a)?.name ?? a)].join(', '),
      sourcePorts: rule.sourcePortRanges.join(', '),
      destination: [...rule.destinationAddressPrefixes, ...rule.destinationApplicationSecurityGroups.map((a) => tryParseResourceId(a)?.name ?? a)].join(', '),
      destinationPorts: rule.destinationPortRanges.join(', '),
      isDefault: rule.isDefault,
      role,
      ...(note ? { note } : {}),
    };
  });
}
