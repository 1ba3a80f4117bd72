/**
 * Service tags and how they contain each other: the one tag lattice of the project.
 *
 *   *  ⊇  Internet ⊇ AzureCloud ⊇ AzureCloud.<Region> ⊇ <Service>.<Region>
 *                   AzureCloud ⊇ <Service>           ⊇ <Service>.<Region>
 *   *  ⊇  VirtualNetwork ⊇ AzureLoadBalancer
 *
 * - Every service tag (ApiManagement, Storage, Sql, AzureKeyVault, AzureMonitor, …, and any tag we do not
 *   know) lies in AzureCloud; distinct services are disjoint, as are the regional tags of different regions.
 * - Internet is public address space outside the virtual network, Azure's public ranges included, so the
 *   Internet family and the VirtualNetwork family are disjoint.
 * - AzureLoadBalancer is the host VIP 168.63.129.16. Microsoft's service-tag page lists "the virtual IP address
 *   of the host" in VirtualNetwork, so it is modelled inside VirtualNetwork and outside Internet.
 * Tags compare case-insensitively; regions compare through normalizeRegion.
 */
import { normalizeRegion } from '../model/region.js';
import { isKnownRegion } from './azure-regions.js';
import type { Coverage } from './coverage.js';

export type ServiceTag =
  | { kind: 'Internet' }
  | { kind: 'AzureCloud'; region?: string }
  | { kind: 'Service'; service: string; region?: string; qualifier?: string }
  | { kind: 'VirtualNetwork' }
  | { kind: 'AzureLoadBalancer' };

const TAG_SHAPE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9][A-Za-z0-9.]*)?$/;

/** undefined when the text cannot be a service tag (a CIDR, `*`, an empty string). */
export function parseServiceTag(text: string): ServiceTag | undefined {
  const value = text.trim();
  if (!TAG_SHAPE.test(value)) return undefined;
  const dot = value.indexOf('.');
  const base = (dot < 0 ? value : value.slice(0, dot)).toLowerCase();
  const suffix = dot < 0 ? undefined : value.slice(dot + 1);
  if (suffix === undefined) {
    if (base === 'internet') return { kind: 'Internet' };
    if (base === 'virtualnetwork') return { kind: 'VirtualNetwork' };
    if (base === 'azureloadbalancer') return { kind: 'AzureLoadBalancer' };
    if (base === 'azurecloud') return { kind: 'AzureCloud' };
    return { kind: 'Service', service: base };
  }
  const region = isKnownRegion(suffix) ? normalizeRegion(suffix) : undefined;
  if (base === 'azurecloud') return region ? { kind: 'AzureCloud', region } : { kind: 'AzureCloud' };
  return region ? { kind: 'Service', service: base, region } : { kind: 'Service', service: base, qualifier: suffix.toLowerCase() };
}

export function isServiceTag(text: string): boolean {
  return parseServiceTag(text) !== undefined;
}

/** `Storage.WestEurope` from a service and a region as APIM or Network spell it (`West Europe`, `westeurope`). */
export function regionalTag(service: string, region: string): string {
  return `${service}.${region.replace(/[\s_-]+/g, '')}`;
}

function inInternetFamily(tag: ServiceTag): boolean {
  return tag.kind === 'Internet' || tag.kind === 'AzureCloud' || tag.kind === 'Service';
}

function sameTag(a: ServiceTag, b: ServiceTag): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** True when every address of `inner` is in `outer` (strictly or not). */
function contains(outer: ServiceTag, inner: ServiceTag): boolean {
  if (sameTag(outer, inner)) return true;
  switch (outer.kind) {
    case 'Internet':
      return inInternetFamily(inner);
    case 'AzureCloud':
      if (outer.region === undefined) return inner.kind === 'AzureCloud' || inner.kind === 'Service';
      return inner.kind === 'Service' && inner.region === outer.region;
    case 'Service':
      return inner.kind === 'Service' && inner.service === outer.service && outer.region === undefined && outer.qualifier === undefined;
    case 'VirtualNetwork':
      return inner.kind === 'AzureLoadBalancer';
    case 'AzureLoadBalancer':
      return false;
  }
}

/** True when the two tags share no address, as far as the lattice knows. */
function disjoint(a: ServiceTag, b: ServiceTag): boolean {
  if (inInternetFamily(a) !== inInternetFamily(b)) return true;
  if (a.kind === 'Service' && b.kind === 'Service') {
    if (a.service !== b.service) return true;
    return a.region !== undefined && b.region !== undefined && a.region !== b.region;
  }
  const regionOf = (t: ServiceTag) => (t.kind === 'AzureCloud' || t.kind === 'Service' ? t.region : undefined);
  const regional = (t: ServiceTag) => t.kind === 'AzureCloud' && t.region !== undefined;
  if (regional(a) || regional(b)) {
    const ra = regionOf(a);
    const rb = regionOf(b);
    return ra !== undefined && rb !== undefined && ra !== rb;
  }
  return false;
}

/** How much of `inner` the tag `outer` covers. */
export function tagCoverage(outer: ServiceTag, inner: ServiceTag): Coverage {
  if (contains(outer, inner)) return 'full';
  if (disjoint(outer, inner)) return 'none';
  return 'partial';
}

/** The route-table precedence among tags that all contain a destination: regional service > service > AzureCloud regional > AzureCloud. */
export function tagSpecificity(tag: ServiceTag): number {
  switch (tag.kind) {
    case 'Service':
      return tag.region !== undefined || tag.qualifier !== undefined ? 4 : 3;
    case 'AzureCloud':
      return tag.region !== undefined ? 2 : 1;
    default:
      return 0;
  }
}
