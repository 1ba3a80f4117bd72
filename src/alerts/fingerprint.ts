/**
 * Stable identities of alerts. A fingerprint names a failing set (instance + rule ids with their
 * locations); an alert id adds the channel, the kind and the evaluation sequence; an outbox key
 * adds the target. Same input, same key: the outbox drops what it already holds.
 */
import { createHash } from 'node:crypto';
import { normalizeResourceId } from '../arm/resource-id.js';
import type { Finding } from '../model/finding.js';
import type { AlertKind, Target } from './types.js';

function digest(parts: readonly string[], length = 32): string {
  // \u0000 cannot occur in ids, names or rule ids, so the join is unambiguous.
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, length);
}

/** `RULE_ID@location`, the identity of a finding inside a failing set. */
export function ruleKey(finding: Pick<Finding, 'ruleId' | 'location'>): string {
  return `${finding.ruleId}@${finding.location.toLowerCase()}`;
}

/** Sorted, without duplicates (a rule may report several resources for one location). */
export function ruleKeys(findings: readonly Pick<Finding, 'ruleId' | 'location'>[]): string[] {
  return [...new Set(findings.map(ruleKey))].sort();
}

/** The fingerprint of a failing set: the normalized instance id and the sorted rule keys. */
export function failingSetFingerprint(instanceId: string, findings: readonly Pick<Finding, 'ruleId' | 'location'>[]): string {
  return digest(['set', normalizeResourceId(instanceId), ...ruleKeys(findings)]);
}

export function alertId(input: {
  instanceId: string;
  channel: string;
  sequence: number;
  kind: AlertKind;
  fingerprint: string;
}): string {
  return digest(['alert', normalizeResourceId(input.instanceId), input.channel, String(input.sequence), input.kind, input.fingerprint]);
}

/** Table keys may not hold `/`, so instances are partitioned by a hash of their normalized id. */
export function instanceKey(instanceId: string): string {
  return digest(['instance', normalizeResourceId(instanceId)]);
}

export function targetKey(target: Target): string {
  return target.kind === 'teams' ? `teams:${target.channel}` : `email:${target.channel}:${target.address.toLowerCase()}`;
}

/** The outbox row key of one alert to one target. */
export function outboxKey(alertIdValue: string, target: Target): string {
  return digest(['outbox', alertIdValue, targetKey(target)], 48);
}
