import { nsgChoice, subnetArgs } from '../az.js';
import type { RuleSubject, Violation } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';

/** The check shared by the stv2 and stv1 NSG rules: they differ in severity and wording only. */
export function subnetWithoutNsg(subject: RuleSubject): Violation[] {
  const s = locationSubject(subject);
  const subnet = s.subnet;
  if (subnet === undefined || subnet.networkSecurityGroupId !== undefined) return [];
  return [
    {
      messageId: 'noNsg',
      resourceId: subnet.id,
      data: { ...locationData(s), subnet: subnetLabel(subnet.id), subnetArgs: subnetArgs(subnet.id), nsgChoice: nsgChoice(s.locationView) },
      evidence: { networkSecurityGroupId: null },
    },
  ];
}
