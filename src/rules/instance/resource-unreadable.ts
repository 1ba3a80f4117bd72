import type { LocationView, Lookup } from '../../model/view.js';
import { ALL_PLATFORMS, BOTH_MODES, V2_REGIMES } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule, type Violation } from '../rule.js';
import { locationSubject, resourceName } from '../subject.js';

/** [evidence key, words for the message, lookup] of every dependency a location can have. */
function dependencies(l: LocationView): Array<[string, string, Lookup<unknown> | undefined]> {
  return [
    ['subnet', 'subnet', l.subnet],
    ['virtualNetwork', 'virtual network', l.virtualNetwork],
    ['networkSecurityGroup', 'network security group', l.networkSecurityGroup],
    ['routeTable', 'route table', l.routeTable],
    ['publicIp', 'public IP address', l.publicIp],
  ];
}

/**
 * A dependency we could not read (403, throttled, absent from a snapshot) leaves the rules that need
 * it without input: the engine makes the instance `unknown` from this id, never `pass`.
 */
export const resourceUnreadable = defineRule({
  meta: {
    id: 'RESOURCE_UNREADABLE',
    severity: 'info',
    title: 'Every resource the location depends on could be read',
    appliesTo: { regimes: ['classic', ...V2_REGIMES], platforms: ALL_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.injectionResources,
    messages: {
      unreadable:
        'The {{kind}} {{name}} of location {{location}} of {{instance}} could not be read ({{reason}}); the rules that depend on it were not evaluated.',
    },
    remediation: {
      default:
        'Give the identity of apim-vnet-guard the Reader role on {{name}} (or its resource group) and check again; the status of {{instance}} stays unknown until then.',
    },
  },
  check(subject) {
    const { instance, locationView, label } = locationSubject(subject);
    const violations: Violation[] = [];
    for (const [key, kind, lookup] of dependencies(locationView)) {
      if (lookup?.state !== 'unreadable') continue;
      violations.push({
        messageId: 'unreadable',
        resourceId: lookup.id,
        data: { kind, name: resourceName(lookup.id), location: label, instance: instance.name, reason: lookup.reason },
        evidence: { dependency: key, reason: lookup.reason },
      });
    }
    return violations;
  },
});
