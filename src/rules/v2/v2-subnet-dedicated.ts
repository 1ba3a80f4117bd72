import { sameResourceId } from '../../arm/resource-id.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';
import { customerIpConfigurations, OCCUPANT_INFERENCE } from '../subnet/occupants.js';
import { V2_DOCS_BY_REGIME, V2_LOCATION } from './applies.js';
import { v2ModeData } from './delegation.js';

/**
 * Both v2 pages: the subnet "can only be used by a single API Management instance. It can't be shared with another
 * Azure resource." Service association links are not counted: the delegation itself creates one, and ARM does not
 * tell whose it is.
 */
export const v2SubnetDedicated = defineRule({
  meta: {
    id: 'V2_SUBNET_DEDICATED',
    severity: 'breaks-on-apply',
    title: 'The subnet of the v2 instance is used by this instance alone',
    appliesTo: V2_LOCATION,
    docs: DOCS.v2Integration,
    docsByRegime: V2_DOCS_BY_REGIME,
    messages: {
      shared:
        'Subnet {{subnet}} of {{instance}} ({{mode}}) is not dedicated to it: it also holds {{occupants}}. A v2 subnet can be used by one API Management instance only and cannot be shared with other resources.',
    },
    remediation: {
      default: 'Move the other resources and instances out of {{subnet}}, or point {{instance}} at a subnet of its own (a /27 or larger delegated to {{delegation}}).',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const subnet = s.subnet;
    if (subnet === undefined) return [];
    const ipConfigurations = customerIpConfigurations(subnet);
    const instances = s.locationView.subnetNeighbours.filter((n) => !sameResourceId(n.instanceId, s.instance.id));
    const occupants = [
      ...(ipConfigurations.length > 0 ? [`${ipConfigurations.length} IP configuration(s) of other resources`] : []),
      ...instances.map((n) => `API Management instance ${n.instanceName}`),
    ];
    if (occupants.length === 0) return [];
    return [
      {
        messageId: 'shared',
        resourceId: subnet.id,
        data: { ...locationData(s), ...v2ModeData(s.instance), subnet: subnetLabel(subnet.id), occupants: occupants.join('; ') },
        evidence: { otherIpConfigurations: ipConfigurations, otherInstances: instances.map((n) => n.instanceId), inference: OCCUPANT_INFERENCE },
      },
    ];
  },
});
