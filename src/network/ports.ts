/**
 * Protocols and port ranges of security rules, as ARM spells them: `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah`, `*`
 * (any case); ports `*`, `443`, `100-200`, and lists either as arrays or comma-separated strings.
 */
import type { Coverage } from './coverage.js';
import { InvalidNetworkRuleError } from './invalid-rule.js';
import { TextMemo } from './memo.js';

export type FlowProtocol = 'Tcp' | 'Udp';
export type RuleProtocol = 'tcp' | 'udp' | 'icmp' | 'esp' | 'ah' | '*';

export interface PortRange {
  from: number;
  to: number;
}

export const MAX_PORT = 65535;
export const ALL_PORTS: readonly PortRange[] = [{ from: 0, to: MAX_PORT }];

/**
 * The source port of the flows we check is chosen by the client (any ephemeral port), so a rule has to
 * allow all of 1024-65535 to match the flow fully.
 */
export const EPHEMERAL_PORTS: PortRange = { from: 1024, to: MAX_PORT };

const PROTOCOLS: readonly RuleProtocol[] = ['tcp', 'udp', 'icmp', 'esp', 'ah', '*'];

export function parseProtocol(value: string, ruleName: string): RuleProtocol {
  const v = value.trim().toLowerCase();
  const protocol = v === 'any' ? '*' : v;
  if ((PROTOCOLS as readonly string[]).includes(protocol)) return protocol as RuleProtocol;
  throw new InvalidNetworkRuleError(ruleName, 'protocol', value, 'is not one of Tcp, Udp, Icmp, Esp, Ah, *');
}

export function protocolCovers(rule: RuleProtocol, flow: FlowProtocol): boolean {
  return rule === '*' || rule === flow.toLowerCase();
}

function parsePort(text: string, ruleName: string, field: string, whole: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new InvalidNetworkRuleError(ruleName, field, whole, 'is not a port, a range or *');
  const n = Number(text);
  if (n > MAX_PORT) throw new InvalidNetworkRuleError(ruleName, field, whole, `has a port above ${MAX_PORT}`);
  return n;
}

// An estate's rules spell the same few port fields over and over: parse each spelling once. Shared, so frozen;
// a field that fails is not kept and throws again, naming its rule, on every use.
const parsedPorts = new TextMemo<readonly PortRange[]>(4_096);

/** All ranges of a port field, with `*` as 0-65535. Throws InvalidNetworkRuleError on anything else. */
export function parsePortRanges(values: readonly string[], ruleName: string, field: string): readonly PortRange[] {
  // Splitting each value on commas is splitting them joined by commas: one key per spelling.
  const key = values.join(',');
  const known = parsedPorts.get(key);
  if (known !== undefined) return known;
  const ranges = Object.freeze(parseUncached(values, ruleName, field).map((r) => Object.freeze(r)));
  parsedPorts.set(key, ranges);
  return ranges;
}

function parseUncached(values: readonly string[], ruleName: string, field: string): PortRange[] {
  const items = values.flatMap((v) => v.split(',')).map((s) => s.trim());
  if (items.length === 0 || items.some((s) => s === '')) {
    throw new InvalidNetworkRuleError(ruleName, field, values.join(','), 'is empty');
  }
  return items.map((item) => {
    if (item === '*' || item.toLowerCase() === 'any') return { from: 0, to: MAX_PORT };
    const [a, b, ...rest] = item.split('-').map((s) => s.trim());
    if (rest.length > 0 || a === undefined) throw new InvalidNetworkRuleError(ruleName, field, item, 'is not a port, a range or *');
    const from = parsePort(a, ruleName, field, item);
    const to = b === undefined ? from : parsePort(b, ruleName, field, item);
    if (to < from) throw new InvalidNetworkRuleError(ruleName, field, item, 'ends before it starts');
    return { from, to };
  });
}

export function portsContain(ranges: readonly PortRange[], port: number): boolean {
  return ranges.some((r) => r.from <= port && port <= r.to);
}

/** How much of `span` the ranges cover. */
export function portSpanCoverage(ranges: readonly PortRange[], span: PortRange): Coverage {
  const inside = ranges
    .map((r) => ({ from: Math.max(r.from, span.from), to: Math.min(r.to, span.to) }))
    .filter((r) => r.from <= r.to)
    .sort((a, b) => a.from - b.from);
  if (inside.length === 0) return 'none';
  let next = span.from;
  for (const r of inside) {
    if (r.from > next) return 'partial';
    next = Math.max(next, r.to + 1);
  }
  return next > span.to ? 'full' : 'partial';
}

export function portRangesText(ranges: readonly PortRange[]): string {
  return ranges.map((r) => (r.from === 0 && r.to === MAX_PORT ? '*' : r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(',');
}
