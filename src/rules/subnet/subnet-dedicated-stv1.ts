import { sameResourceId } from '../../arm/resource-id.js';
import { BOTH_MODES } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, sameText, subnetLabel } from '../subject.js';
import { customerIpConfigurations, OCCUPANT_INFERENCE } from './occupants.js';

const APIM_TYPE = 'Microsoft.ApiManagement/service';

/** stv1 reserves its subnet: deployment fails when a resource of another provider is present (reference §1.1 B). */
export const subnetDedicatedStv1 = defineRule({
  meta: {
    id: 'SUBNET_DEDICATED_STV1',
    severity: 'breaks-on-apply',
    title: 'The subnet of an stv1 location holds nothing but this instance',
    appliesTo: { regimes: ['classic'], platforms: ['stv1'], modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.prerequisites,
    messages: {
      shared:
        'Subnet {{subnet}} of stv1 location {{location}} of {{instance}} is not dedicated to it: it also holds {{occupants}}. stv1 needs a subnet of its own, or the next deployment fails.',
    },
    remediation: {
      default:
        'Move the other resources out of {{subnet}}, or better migrate location {{location}} to stv2, which allows shared subnets (stv1 is retired).',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const subnet = s.subnet;
    if (subnet === undefined) return [];
    const ipConfigurations = customerIpConfigurations(subnet);
    const links = [...subnet.serviceAssociationLinks, ...subnet.resourceNavigationLinks].filter(
      (l) => l.linkedResourceType !== undefined && !sameText(l.linkedResourceType, APIM_TYPE),
    );
    const instances = s.locationView.subnetNeighbours.filter((n) => !sameResourceId(n.instanceId, s.instance.id));
    const occupants = [
      ...(ipConfigurations.length > 0 ? [`${ipConfigurations.length} IP configuration(s) of other resources`] : []),
      ...links.map((l) => `a link to ${l.linkedResourceType}${l.name ? ` (${l.name})` : ''}`),
      ...instances.map((n) => `API Management instance ${n.instanceName}`),
    ];
    if (occupants.length === 0) return [];
    return [
      {
        messageId: 'shared',
        resourceId: subnet.id,
        data: { ...locationData(s), subnet: subnetLabel(subnet.id), occupants: occupants.join('; ') },
        evidence: {
          otherIpConfigurations: ipConfigurations,
          links: links.map((l) => ({ linkedResourceType: l.linkedResourceType, link: l.link })),
          otherInstances: instances.map((n) => n.instanceId),
          inference: OCCUPANT_INFERENCE,
        },
      },
    ];
  },
});
