/**
 * Subject lines: short, one per instance and state, starting with the same prefix and the state
 * word so that a mailbox sorts and groups them (FAIL / WARN / STILL FAILING / RESOLVED / CANNOT EVALUATE);
 * a failing one then says how urgent it is: BREAKS NOW, or BREAKS ON NEXT CHANGE.
 */
import type { Finding } from '../../model/finding.js';
import { isBreaking, urgencyOf } from '../../model/severity.js';
import { ruleKeys } from '../fingerprint.js';
import type { AlertKind, Resolution } from '../types.js';
import { singleLine } from '../../output/safe-text.js';

const MAX_NAME = 80;

export function alertSubject(input: {
  prefix: string;
  kind: AlertKind;
  instanceName: string;
  findings: readonly Pick<Finding, 'ruleId' | 'location' | 'severity'>[];
  /** resolved: why (a deleted instance says so). */
  resolution?: Resolution;
}): string {
  const name = singleLine(input.instanceName, MAX_NAME);
  const prefix = singleLine(input.prefix, 40);
  const head = prefix ? `${prefix} ` : '';
  const count = ruleKeys(input.findings).length;
  const breaking = input.findings.some((f) => isBreaking(f.severity));
  const urgency = urgencyOf(input.findings.map((f) => f.severity));
  // Short enough for a mailbox column: the urgency first, then how many prerequisites.
  const what = urgency ? `${urgency} · ${count} broken` : `${count} ${count === 1 ? 'prerequisite' : 'prerequisites'} ${breaking ? 'broken' : 'at risk'}`;
  const state = breaking ? 'FAIL' : 'WARN';
  switch (input.kind) {
    case 'failing':
      return `${head}${state} ${name}: ${what}`;
    case 'changed':
      return `${head}${state} ${name}: ${what} (changed)`;
    case 'reminder':
      return `${head}STILL ${breaking ? 'FAILING' : 'AT RISK'} ${name}: ${what}`;
    case 'resolved':
      return input.resolution === 'instance-deleted' ? `${head}RESOLVED ${name}: instance deleted` : `${head}RESOLVED ${name}`;
    case 'cannot-evaluate':
      return `${head}CANNOT EVALUATE ${name}`;
  }
}
