/**
 * Which route carries traffic to a destination (a CIDR, an IP or a service tag), from a route table's UDRs
 * plus the system default `0.0.0.0/0 → Internet` (virtual-networks-udr-overview):
 * - longest prefix wins; a UDR may name a service tag instead of a prefix;
 * - on an exact prefix tie an explicit CIDR beats a tag; among tags, regional tag > top-level tag >
 *   AzureCloud regional > AzureCloud;
 * - a tag route therefore beats `0.0.0.0/0` for that tag's ranges.
 * Tag ranges are not resolved unless the caller passes `tagPrefixes` (e.g. from the Service Tag Discovery API);
 * without them a tag route is matched to tag destinations through the lattice in service-tags.ts.
 */
import type { Route } from '../model/network.js';
import { containsCidr, overlapsCidr, parseCidr, type Cidr } from './cidr.js';
import { InvalidNetworkRuleError } from './invalid-rule.js';
import { parseServiceTag, tagCoverage, tagSpecificity, type ServiceTag } from './service-tags.js';
import { PUBLIC_RANGES } from './well-known-ranges.js';

export const SYSTEM_DEFAULT_ROUTE: Readonly<Route> = Object.freeze({
  name: 'Default (system route)',
  addressPrefix: '0.0.0.0/0',
  nextHopType: 'Internet',
});

export interface EffectiveRoute {
  destination: string;
  route: Route;
  /** True when no UDR applies and the system default carries the traffic. */
  isSystem: boolean;
  /** UDRs that may carry part of the destination's traffic (a tag's sub-range, a public CIDR inside a tag). */
  partialRoutes: Route[];
}

export interface RouteContext {
  /** The prefixes of a service tag when known; lets a CIDR destination be matched against tag routes. */
  tagPrefixes?: (tag: string) => readonly string[] | undefined;
}

type Prefix = { kind: 'cidr'; cidr: Cidr } | { kind: 'tag'; tag: ServiceTag; text: string };

/** Sort key of a candidate route to a CIDR: prefix length, then CIDR over tag, then tag specificity. Higher wins. */
type Key = [number, number, number];

const NOT_A_PREFIX = 'is neither a CIDR prefix, an IP address nor a service tag';

function parsePrefix(text: string): Prefix | undefined {
  const cidr = parseCidr(text);
  if (cidr) return { kind: 'cidr', cidr };
  const tag = parseServiceTag(text);
  return tag ? { kind: 'tag', tag, text: text.trim() } : undefined;
}

const ANY_V6 = parseCidr('::/0')!;
const HALF_LOW = parseCidr('0.0.0.0/1')!;
const HALF_HIGH = parseCidr('128.0.0.0/1')!;

/** Whether any address of the prefix is public: a few range comparisons, cheaper than any lookup of a kept answer. */
function mayBePublic(cidr: Cidr): boolean {
  for (const r of PUBLIC_RANGES) {
    if (r.family === cidr.family && r.first <= cidr.last && cidr.first <= r.last) return true;
  }
  return false;
}

function compareKeys(a: Key, b: Key): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

// A route table's routes are parsed once, and its answer per destination is kept: subnets sharing the
// table ask the same destinations. Only without tagPrefixes, whose answers may change between calls.
const parsedTables = new WeakMap<readonly Route[], readonly ParsedRoute[]>();
const answers = new WeakMap<readonly Route[], Map<string, EffectiveRoute>>();

export function effectiveRoute(routes: readonly Route[], destination: string, context: RouteContext = {}): EffectiveRoute {
  if (context.tagPrefixes !== undefined) return computeRoute(routes, destination, context);
  let known = answers.get(routes);
  if (known === undefined) answers.set(routes, (known = new Map()));
  let answer = known.get(destination);
  if (answer === undefined) {
    answer = computeRoute(routes, destination, context);
    known.set(destination, answer);
  }
  // Callers get their own copy, as when every call computed it.
  return { ...answer, route: answer.isSystem ? { ...answer.route } : answer.route, partialRoutes: [...answer.partialRoutes] };
}

function computeRoute(routes: readonly Route[], destination: string, context: RouteContext): EffectiveRoute {
  const target = parsePrefix(destination);
  if (!target) throw new Error(`route destination "${destination}" ${NOT_A_PREFIX}`);
  const parsed = parsedRoutes(routes);
  return target.kind === 'cidr' ? routeToCidr(parsed, destination, target.cidr, context) : routeToTag(parsed, destination, target.tag);
}

function parsedRoutes(routes: readonly Route[]): readonly ParsedRoute[] {
  let parsed = parsedTables.get(routes);
  if (parsed === undefined) {
    // A route that fails to parse is not kept and throws again, naming itself, on every use.
    parsed = routes.map((route) => {
      const prefix = parsePrefix(route.addressPrefix);
      if (!prefix) throw new InvalidNetworkRuleError(route.name, 'address prefix', route.addressPrefix, NOT_A_PREFIX, 'route');
      return { route, prefix };
    });
    parsedTables.set(routes, parsed);
  }
  return parsed;
}

type ParsedRoute = { route: Route; prefix: Prefix };

/** Why a route's address prefix cannot be evaluated, or undefined when it can (used by input validation). */
export function routePrefixProblem(route: Route): string | undefined {
  return parsePrefix(route.addressPrefix) ? undefined : `route "${route.name}": address prefix "${route.addressPrefix}" ${NOT_A_PREFIX}`;
}

function systemRoute(destination: string, family: Cidr['family'], partialRoutes: Route[]): EffectiveRoute {
  const route = family === 'ipv6' ? { ...SYSTEM_DEFAULT_ROUTE, addressPrefix: ANY_V6.text } : { ...SYSTEM_DEFAULT_ROUTE };
  return { destination, route, isSystem: true, partialRoutes };
}

function routeToCidr(routes: readonly ParsedRoute[], destination: string, target: Cidr, context: RouteContext): EffectiveRoute {
  let best: { route: Route; key: Key } | undefined;
  const partialRoutes: Route[] = [];
  for (const { route, prefix } of routes) {
    let key: Key | undefined;
    if (prefix.kind === 'cidr') {
      if (containsCidr(prefix.cidr, target)) key = [prefix.cidr.prefixLength, 1, 0];
      else if (overlapsCidr(prefix.cidr, target)) partialRoutes.push(route);
    } else {
      const known = context.tagPrefixes?.(prefix.text);
      if (known) {
        const cidrs = known.map((p) => parseCidr(p)).filter((c): c is Cidr => c !== undefined);
        const containing = cidrs.filter((c) => containsCidr(c, target));
        if (containing.length > 0) key = [Math.max(...containing.map((c) => c.prefixLength)), 0, tagSpecificity(prefix.tag)];
        else if (cidrs.some((c) => overlapsCidr(c, target))) partialRoutes.push(route);
      } else if (mayBePublic(target)) {
        partialRoutes.push(route);
      }
    }
    if (key && (!best || compareKeys(key, best.key) > 0)) best = { route, key };
  }
  if (!best) return systemRoute(destination, target.family, partialRoutes);
  const winner = best.route;
  return { destination, route: winner, isSystem: false, partialRoutes: partialRoutes.filter((r) => r !== winner) };
}

/**
 * A tag's ranges are unknown but lie in public IPv4 space and are longer than /1. So a tag route containing
 * the tag beats any CIDR route that holds the tag whole; otherwise the tag follows the default route, taken
 * per half of the address space so that `0.0.0.0/1` + `128.0.0.0/1` act as a default route. When the halves
 * disagree the tag's traffic is split; the non-Internet half is reported as the route and the other as partial.
 */
function routeToTag(routes: readonly ParsedRoute[], destination: string, target: ServiceTag): EffectiveRoute {
  let best: { route: Route; specificity: number } | undefined;
  const partialRoutes: Route[] = [];
  for (const { route, prefix } of routes) {
    if (prefix.kind === 'tag') {
      const coverage = tagCoverage(prefix.tag, target);
      const specificity = tagSpecificity(prefix.tag);
      if (coverage === 'full' && (!best || specificity > best.specificity)) best = { route, specificity };
      else if (coverage === 'partial' && specificity > tagSpecificity(target)) partialRoutes.push(route);
    } else if (prefix.cidr.prefixLength > 1 && mayBePublic(prefix.cidr)) {
      partialRoutes.push(route);
    }
  }
  if (best) {
    const winner = best.route;
    return { destination, route: winner, isSystem: false, partialRoutes: partialRoutes.filter((r) => r !== winner) };
  }
  const cidrRoutes = routes.filter((r) => r.prefix.kind === 'cidr');
  const halves = [HALF_LOW, HALF_HIGH].map((half) => routeToCidr(cidrRoutes, destination, half, {}));
  const [low, high] = halves as [EffectiveRoute, EffectiveRoute];
  const chosen = isInternetNextHop(low.route) && !isInternetNextHop(high.route) ? high : low;
  const other = chosen === low ? high : low;
  const split = other.route !== chosen.route && !(other.isSystem && chosen.isSystem) ? [other.route] : [];
  return { destination, route: chosen.route, isSystem: chosen.isSystem, partialRoutes: [...split, ...partialRoutes] };
}

/**
 * Forced tunnelling: the default route (the effective route of `0.0.0.0/0`) sends Internet-bound traffic
 * somewhere other than the Internet. The two halves `0.0.0.0/1` and `128.0.0.0/1` (a common way to override
 * the default without replacing it) count as the default route too. Returns the tunnelling route, if any.
 */
export function tunnelRoute(routes: readonly Route[]): EffectiveRoute | undefined {
  return [effectiveRoute(routes, '0.0.0.0/1'), effectiveRoute(routes, '128.0.0.0/1')].find((e) => !isInternetNextHop(e.route));
}

export function isForcedTunnelled(routes: readonly Route[]): boolean {
  return tunnelRoute(routes) !== undefined;
}

export function isInternetNextHop(route: Route): boolean {
  return route.nextHopType.toLowerCase() === 'internet';
}

export function routeText(route: Route, isSystem = false): string {
  const hop = route.nextHopIpAddress ? `${route.nextHopType} ${route.nextHopIpAddress}` : route.nextHopType;
  return isSystem ? `the system default route (${route.addressPrefix} → ${hop})` : `route ${route.name} (${route.addressPrefix} → ${hop})`;
}

