/**
 * "Is this flow allowed?" through the security layers in Azure's order: the Virtual Network Manager
 * admin rules of the VNet (admin-layer.ts), then the NSG with its default rules (nsg-evaluator.ts, not
 * changed by this composition). The verdict names the layer and the rule that decided it.
 */
import type { SecurityAdminRule } from '../model/network.js';
import { adminRuleRefText, evaluateAdminLayer, UnresolvedAdminRuleError, type AdminPartialMatch, type AdminRuleRef } from './admin-layer.js';
import type { Flow, NetworkContext } from './flow.js';
import { evaluateFlow, type NsgRules, type Verdict } from './nsg-evaluator.js';

export type SecurityLayer = 'admin' | 'nsg';

export interface SecurityLayers {
  /** The effective admin rules of the VNet; absent or empty: no admin layer. */
  adminRules?: readonly SecurityAdminRule[];
  nsg: NsgRules;
}

export interface LayeredVerdict extends Verdict {
  /** Which layer decided. For `admin`, `decidingRule` is the admin rule seen as an NSG rule ref. */
  layer: SecurityLayer;
  /** The admin rule that ended the evaluation (Deny or AlwaysAllow). */
  adminRule?: AdminRuleRef;
  /** Terminating admin rules that matched part of the flow. */
  partialAdminRules: AdminPartialMatch[];
  /** When an AlwaysAllow admin rule decided: the NSG's own verdict, which the admin rule overrides. */
  shadowedNsgVerdict?: Verdict;
}

/** Throws UnresolvedAdminRuleError when a network group leaves the admin layer undecided. */
export function evaluateLayeredFlow(layers: SecurityLayers, flow: Flow, context: NetworkContext): LayeredVerdict {
  const adminRules = layers.adminRules ?? [];
  if (adminRules.length === 0) return asNsgLayer(evaluateFlow(layers.nsg, flow, context));
  const admin = evaluateAdminLayer(adminRules, flow, context);
  if (admin.kind === 'unknown') throw new UnresolvedAdminRuleError(admin.rule, flow, admin.reason);
  if (admin.kind === 'continue') return withAdminPartials(asNsgLayer(evaluateFlow(layers.nsg, flow, context)), admin.partial);

  const rule = admin.rule;
  const allowed = admin.kind === 'always-allowed';
  const verdict: LayeredVerdict = {
    flow,
    outcome: allowed ? 'allowed' : 'denied',
    decidingRule: { name: rule.name, priority: rule.priority, access: allowed ? 'Allow' : 'Deny', isDefault: false, id: rule.id },
    partialRules: [],
    layer: 'admin',
    adminRule: rule,
    partialAdminRules: [],
  };
  if (allowed) {
    const nsg = evaluateFlow(layers.nsg, flow, context);
    if (nsg.outcome !== 'allowed') verdict.shadowedNsgVerdict = nsg;
  }
  return withAdminPartials(verdict, admin.partial);
}

/**
 * The NSG's verdict as the layered one. evaluateFlow returns a fresh verdict on every call, so it is
 * completed in place rather than copied (a copy per flow was a good part of a large check's garbage).
 */
function asNsgLayer(verdict: Verdict): LayeredVerdict {
  const layered = verdict as LayeredVerdict;
  layered.layer = 'nsg';
  layered.partialAdminRules = [];
  return layered;
}

/** A terminating admin rule that matched part of the flow and disagrees with the outcome makes it partly allowed. */
function withAdminPartials(verdict: LayeredVerdict, partial: readonly AdminPartialMatch[]): LayeredVerdict {
  const allowed = verdict.outcome !== 'denied';
  const disagreeing = partial.filter((p) => (p.access === 'Deny') === allowed);
  if (disagreeing.length === 0) return verdict;
  const parts = disagreeing.map((p) => `${adminRuleRefText(p)} (${p.matches})`).join(' and ');
  const own = verdict.uncovered ? `; ${verdict.uncovered}` : '';
  const uncovered = allowed
    ? `the part matched by ${parts} is denied before the NSG is consulted${own}`
    : `only the part matched by ${parts} is allowed (the NSG is not consulted for it); the rest is denied${own}`;
  return { ...verdict, outcome: 'partly-allowed', partialAdminRules: disagreeing, uncovered };
}
