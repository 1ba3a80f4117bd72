import { subnetArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';
import { V2_DOCS_BY_REGIME, V2_LOCATION } from './applies.js';
import { v2ModeData } from './delegation.js';

/** The subnet answered 404: the instance has lost its network (the v2 counterpart of SUBNET_EXISTS). */
export const v2SubnetExists = defineRule({
  meta: {
    id: 'V2_SUBNET_EXISTS',
    severity: 'breaks-now',
    title: 'The subnet of the v2 instance exists',
    appliesTo: V2_LOCATION,
    docs: DOCS.v2Integration,
    docsByRegime: V2_DOCS_BY_REGIME,
    messages: {
      missing: 'Subnet {{subnet}} of {{instance}} ({{mode}}) no longer exists (Azure answered 404 Not Found).',
    },
    remediation: {
      default:
        'Recreate the subnet (a /27 or larger, delegated to {{delegation}}, with an NSG): az network vnet subnet create {{subnetArgs}} --address-prefixes <prefix> --delegations {{delegation}} --network-security-group <nsg>',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const lookup = s.locationView.subnet;
    if (lookup?.state !== 'missing') return [];
    return [
      {
        messageId: 'missing',
        resourceId: lookup.id,
        data: {
          ...locationData(s),
          subnet: subnetLabel(lookup.id),
          ...v2ModeData(s.instance),
          subnetArgs: subnetArgs(lookup.id),
        },
        evidence: { subnetId: lookup.id, lookup: 'missing' },
      },
    ];
  },
});
