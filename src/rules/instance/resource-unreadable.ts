import { ADMIN_RULES_ACTION } from '../../arm/permissions.js';
import { parentResourceId } from '../../arm/resource-id.js';
import type { LocationView, Lookup, UnreadableCause } from '../../model/view.js';
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
    ['adminRules', 'effective security admin rules (Virtual Network Manager) of the virtual network', l.adminRules],
  ];
}

const MESSAGE_BY_CAUSE: Record<UnreadableCause, string> = {
  'not-in-snapshot': 'notInSnapshot',
  'input-error': 'inputError',
  forbidden: 'forbidden',
  'read-failed': 'unreadable',
};

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
      forbidden:
        'The {{kind}} {{name}} of location {{location}} of {{instance}} could not be read: Azure refused access ({{reason}}); the rules that depend on it were not evaluated.',
      unreadable:
        'The {{kind}} {{name}} of location {{location}} of {{instance}} could not be read ({{reason}}); the rules that depend on it were not evaluated.',
      adminRulesUnreadable:
        'The effective security admin rules (Virtual Network Manager) of virtual network {{name}} of location {{location}} of {{instance}} could not be listed ({{reason}}); the NSG rules were not evaluated, since an admin rule may decide their flows first.',
      notInSnapshot:
        'The {{kind}} {{name}} of location {{location}} of {{instance}} is not in the estate that was read; the rules that depend on it were not evaluated (a snapshot cannot tell a deleted resource from one that was not exported).',
      inputError:
        'The {{kind}} {{name}} of location {{location}} of {{instance}} was not read because of an input error: {{reason}}; the rules that depend on it were not evaluated.',
    },
    remediation: {
      adminRulesUnreadable:
        `Give the identity of apim-vnet-guard the action ${ADMIN_RULES_ACTION} on {{name}} (a custom role: Reader does not include it; the deployment creates one unless READ_ADMIN_RULES is false) and check again; the status of {{instance}} stays unknown until then.`,
      forbidden:
        'Give the identity of apim-vnet-guard the Reader role on {{name}} (or its resource group) and check again; the status of {{instance}} stays unknown until then.',
      unreadable: 'Check again later (the read was throttled, timed out or failed); if it persists, the message says what Azure answered.',
      notInSnapshot:
        'Export it with the rest of the estate (apim-vnet-guard export reads every resource an instance uses), or check live with --subscription; if it was deleted, the live check reports it as missing.',
      inputError: 'Fix the estate file named in the message (its error is also printed on stderr) and check again.',
    },
  },
  check(subject) {
    const { instance, locationView, label } = locationSubject(subject);
    const violations: Violation[] = [];
    for (const [key, kind, lookup] of dependencies(locationView)) {
      if (lookup?.state !== 'unreadable') continue;
      const admin = key === 'adminRules';
      // The admin rules' estate id is `{vnetId}/effectiveSecurityAdminRules/default`: name the VNet.
      const id = admin ? (parentResourceId(lookup.id) ?? lookup.id) : lookup.id;
      violations.push({
        messageId: admin ? 'adminRulesUnreadable' : MESSAGE_BY_CAUSE[lookup.cause ?? 'read-failed'],
        resourceId: id,
        data: { kind, name: resourceName(id), location: label, instance: instance.name, reason: lookup.reason },
        evidence: { dependency: key, reason: lookup.reason, cause: lookup.cause ?? 'read-failed' },
      });
    }
    return violations;
  },
});
