import { subnetArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, resourceName, subnetLabel } from '../subject.js';
import { V2_DOCS_BY_REGIME, V2_LOCATION } from './applies.js';
import { v2ModeData } from './delegation.js';

/**
 * v2 NSG include 08/26/2026: "You must associate a network security group (NSG) with the subnet." The integration
 * page of 09/2023 stated no NSG; from 03/2025 on it must be associated. What breaks at run time without one is not
 * documented, hence breaks-on-apply. A referenced NSG that answered 404 is the same as none.
 */
export const v2NsgAttached = defineRule({
  meta: {
    id: 'V2_NSG_ATTACHED',
    severity: 'breaks-on-apply',
    title: 'A network security group is attached to the subnet of the v2 instance',
    appliesTo: V2_LOCATION,
    docs: DOCS.v2Integration,
    docsByRegime: V2_DOCS_BY_REGIME,
    messages: {
      noNsg:
        'Subnet {{subnet}} of {{instance}} ({{mode}}) has no network security group; the v2 tiers require one on the subnet (the 2023 integration page did not; since 2025 it must be associated).',
      missing:
        'Subnet {{subnet}} of {{instance}} ({{mode}}) references network security group {{nsg}}, which no longer exists (Azure answered 404 Not Found); the v2 tiers require an NSG on the subnet.',
    },
    remediation: {
      default:
        'Attach an NSG that allows outbound TCP 443 to AzureKeyVault: az network vnet subnet update {{subnetArgs}} --network-security-group <nsg-name-or-id>',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const subnet = s.subnet;
    if (subnet === undefined) return [];
    const lookup = s.locationView.networkSecurityGroup;
    const data = { ...locationData(s), ...v2ModeData(s.instance), subnet: subnetLabel(subnet.id), subnetArgs: subnetArgs(subnet.id) };
    if (subnet.networkSecurityGroupId === undefined) {
      return [{ messageId: 'noNsg', resourceId: subnet.id, data, evidence: { networkSecurityGroupId: null } }];
    }
    if (lookup?.state !== 'missing') return [];
    return [
      {
        messageId: 'missing',
        resourceId: subnet.id,
        data: { ...data, nsg: resourceName(lookup.id) },
        evidence: { networkSecurityGroupId: lookup.id, lookup: 'missing' },
      },
    ];
  },
});
