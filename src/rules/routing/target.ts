/**
 * What a routing rule needs of one location: the subnet and its route table. Undefined when either is not
 * found (no route table means only system routes, which break nothing; missing or unreadable tables are
 * reported by other rules).
 */
import type { RouteTable, Subnet } from '../../model/network.js';
import { found } from '../../model/view.js';
import type { RuleSubject } from '../rule.js';
import type { FlowSite } from '../nsg/required-flows.js';

export interface RouteTarget extends FlowSite {
  subnet: Subnet;
  routeTable: RouteTable;
}

export function routeTarget({ view, location }: RuleSubject): RouteTarget | undefined {
  if (!location) return undefined;
  const subnet = found(location.subnet);
  const routeTable = found(location.routeTable);
  if (!subnet || !routeTable) return undefined;
  const primary = view.instance.locations.find((l) => l.isPrimary) ?? location.location;
  return { subnet, routeTable, location: location.location, primary };
}
