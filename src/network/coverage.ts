/**
 * How much of a flow's dimension (protocol, ports, source, destination) a security rule matches.
 * `partial` is the honest answer when the rule matches some of the flow's addresses or ports, or when
 * we cannot know (a public CIDR against a service tag whose ranges we do not resolve).
 */
export type Coverage = 'full' | 'partial' | 'none';

const RANK: Record<Coverage, number> = { none: 0, partial: 1, full: 2 };

/** The weakest of several coverages: a rule matches a flow only as much as its least matching dimension. */
export function weakest(...values: Coverage[]): Coverage {
  return values.reduce((a, b) => (RANK[b] < RANK[a] ? b : a), 'full' as Coverage);
}

/** The strongest of several coverages (a union of prefixes matches as much as its best member). */
export function strongest(...values: Coverage[]): Coverage {
  return values.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'none' as Coverage);
}
