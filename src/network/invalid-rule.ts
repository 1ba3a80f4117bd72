/**
 * A security rule or a route whose value Azure would never accept. Thrown rather than guessed at, so that
 * a wrong verdict never hides behind a malformed input; the message names the rule, the field and the value.
 */
export class InvalidNetworkRuleError extends Error {
  constructor(
    readonly ruleName: string,
    readonly field: string,
    readonly value: string,
    reason: string,
    kind: 'rule' | 'route' = 'rule',
  ) {
    super(`${kind} "${ruleName}": ${field} "${value}" ${reason}`);
    this.name = 'InvalidNetworkRuleError';
  }
}
