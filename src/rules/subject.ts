/**
 * What a location-scoped rule looks at: the instance, one of its locations and that location's
 * dependencies as far as they were found. Written once so that every rule family reads "the found
 * subnet of this location" the same way and never mixes data of two locations.
 */
import { tryParseResourceId } from '../arm/resource-id.js';
import { platformOf } from '../engine/classify.js';
import type { ApimInstance, ApimLocation, Platform } from '../model/instance.js';
import type { NetworkSecurityGroup, PublicIpAddress, RouteTable, Subnet, VirtualNetwork } from '../model/network.js';
import { found, type InstanceView, type LocationView } from '../model/view.js';
import type { RuleSubject } from './rule.js';

export interface LocationSubject {
  view: InstanceView;
  instance: ApimInstance;
  locationView: LocationView;
  location: ApimLocation;
  /** For messages: `West Europe (primary)`, `North Europe (additional location 1)`. */
  label: string;
  /** The platform of this location as the engine classifies it (the one `appliesTo.platforms` matched). */
  platform: Platform;
  /** Each dependency is set only when its Lookup is `found`. */
  subnet?: Subnet;
  virtualNetwork?: VirtualNetwork;
  networkSecurityGroup?: NetworkSecurityGroup;
  routeTable?: RouteTable;
  publicIp?: PublicIpAddress;
}

export function locationSubject(subject: RuleSubject): LocationSubject {
  const locationView = subject.location;
  if (locationView === undefined) {
    throw new Error('a location rule was called without a location: its meta.appliesTo.scope must be "location"');
  }
  const { location } = locationView;
  return {
    view: subject.view,
    instance: subject.view.instance,
    locationView,
    location,
    label: locationLabel(location),
    platform: platformOf(location.platformVersion),
    subnet: found(locationView.subnet),
    virtualNetwork: found(locationView.virtualNetwork),
    networkSecurityGroup: found(locationView.networkSecurityGroup),
    routeTable: found(locationView.routeTable),
    publicIp: found(locationView.publicIp),
  };
}

export function locationLabel(location: ApimLocation): string {
  const name = location.displayName || location.region;
  return location.isPrimary ? `${name} (primary)` : `${name} (additional location ${location.index})`;
}

/** Last name segment of an ARM id, or the id itself when it cannot be parsed. */
export function resourceName(id: string): string {
  return tryParseResourceId(id)?.name ?? id;
}

/** `vnet-weu/snet-apim`: a subnet name alone is ambiguous across virtual networks. */
export function subnetLabel(subnetId: string): string {
  const segments = tryParseResourceId(subnetId)?.segments ?? [];
  return segments.length >= 2 ? segments.map((s) => s.name).join('/') : resourceName(subnetId);
}

export function subscriptionIdOf(id: string): string | undefined {
  return tryParseResourceId(id)?.subscriptionId;
}

/** Subscription ids compare case-insensitively; undefined when either id cannot be parsed. */
export function sameSubscription(a: string, b: string): boolean | undefined {
  const sa = subscriptionIdOf(a);
  const sb = subscriptionIdOf(b);
  if (sa === undefined || sb === undefined) return undefined;
  return sa.toLowerCase() === sb.toLowerCase();
}

export function sameText(a: string | undefined, b: string): boolean {
  return (a ?? '').toLowerCase() === b.toLowerCase();
}

/** The placeholders every location message uses: `{{instance}}` and `{{location}}`. */
export function locationData(s: Pick<LocationSubject, 'instance' | 'label'>): { instance: string; location: string } {
  return { instance: s.instance.name, location: s.label };
}
