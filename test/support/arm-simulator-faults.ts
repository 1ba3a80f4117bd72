/**
 * Fault injection for the ARM simulator: which requests fail, and how. Rules are tried in order; the
 * first that matches and fires decides. Randomness comes from a seeded generator so a run repeats.
 */
import { seededRandom } from './seeded-random.js';

export { seededRandom };

export type FaultKind =
  /** 429 with `Retry-After` (seconds) or `retry-after-ms`, which the SDK's own policy honours. */
  | 'throttle'
  /** 429 with no retry header at all (what Resource Graph sends), which the SDK does not retry. */
  | 'throttle-no-retry-after'
  /** 503 Service Unavailable, optionally with Retry-After. */
  | 'unavailable'
  /** The socket is destroyed before any response (ECONNRESET on the client). */
  | 'reset'
  /** The response is delayed by `latencyMs`, then served normally. */
  | 'latency'
  /** 403 AuthorizationFailed. */
  | 'forbidden';

export interface RequestFacts {
  method: string;
  /** e.g. `GET microsoft.network/networksecuritygroups`, `LIST microsoft.apimanagement/service`, `POST resourcegraph`. */
  route: string;
  /** Normalized (lower-case) id of the resource read, for GETs by id. */
  resourceId?: string;
  /** The parsed JSON body of a POST (a Resource Graph query), so a fault can target a query or a page. */
  body?: unknown;
}

export interface FaultRule {
  kind: FaultKind;
  /** Route to match: exact route string, a pattern, or a predicate. All requests when absent. */
  route?: string | RegExp | ((facts: RequestFacts) => boolean);
  /** Only requests for this resource id (compared case-insensitively). */
  resourceId?: string;
  /** Chance that a matching request fails, 0..1 (default 1). */
  probability?: number;
  /** Fire at most this many times. */
  times?: number;
  /** Let this many matching requests through before firing (e.g. fail the second page only). */
  after?: number;
  /** For `throttle` / `unavailable`: seconds in Retry-After. */
  retryAfterSeconds?: number;
  /** For `throttle` / `unavailable`: milliseconds in `retry-after-ms` (takes precedence, keeps tests fast). */
  retryAfterMs?: number;
  /** For `latency`. */
  latencyMs?: number;
  /** Extra response headers (e.g. Resource Graph's `x-ms-user-quota-resets-after`). */
  headers?: Record<string, string>;
}

interface ArmedRule extends FaultRule {
  fired: number;
  seen: number;
}


export class FaultPlan {
  private rules: ArmedRule[] = [];
  private random: () => number;

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  add(rule: FaultRule): this {
    if (rule.probability !== undefined && (rule.probability < 0 || rule.probability > 1)) {
      throw new Error(`fault probability must be within 0..1, got ${rule.probability}`);
    }
    this.rules.push({ ...rule, fired: 0, seen: 0 });
    return this;
  }

  clear(seed?: number): void {
    this.rules = [];
    if (seed !== undefined) this.random = seededRandom(seed);
  }

  /** The fault to apply to this request, if any. */
  pick(facts: RequestFacts): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.times !== undefined && rule.fired >= rule.times) continue;
      if (!matches(rule, facts)) continue;
      rule.seen += 1;
      if (rule.after !== undefined && rule.seen <= rule.after) continue;
      if (rule.probability !== undefined && rule.probability < 1 && this.random() >= rule.probability) continue;
      rule.fired += 1;
      return rule;
    }
    return undefined;
  }
}

function matches(rule: FaultRule, facts: RequestFacts): boolean {
  if (rule.resourceId !== undefined && rule.resourceId.toLowerCase() !== facts.resourceId) return false;
  const r = rule.route;
  if (r === undefined) return true;
  if (typeof r === 'string') return r.toLowerCase() === facts.route.toLowerCase();
  if (r instanceof RegExp) return r.test(facts.route);
  return r(facts);
}
