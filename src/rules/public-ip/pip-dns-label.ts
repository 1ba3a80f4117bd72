import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { applyNetworkConfigurationCommand, resourceArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject } from '../subject.js';
import { shellWord } from '../../output/safe-text.js';

/**
 * Reference §9: the 05/2023 prerequisites called the label required, the 05/2024 and later text only
 * says "ensure you assign" one. The newest text wins, so this is a recommendation, and the message says so.
 */
export const pipDnsLabel = defineRule({
  meta: {
    id: 'PIP_DNS_LABEL',
    severity: 'recommendation',
    title: 'The public IP address has a DNS name label',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.prerequisites,
    messages: {
      noLabel:
        'Public IP {{pip}} of location {{location}} of {{instance}} has no DNS name label. The 2023 prerequisites required one; since 2024 they say to "ensure you assign" one, ideally the name of the instance, so this is now a recommendation.',
    },
    remediation: {
      default:
        'az network public-ip update {{pipArgs}} --dns-name {{dnsName}}, then apply the network configuration so that the label takes effect: {{applyCommand}}',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const pip = s.publicIp;
    if (pip === undefined || (pip.domainNameLabel ?? '').trim() !== '') return [];
    return [
      {
        messageId: 'noLabel',
        resourceId: pip.id,
        data: { ...locationData(s), pip: pip.name, pipArgs: resourceArgs(pip.id), applyCommand: applyNetworkConfigurationCommand(s.instance, s.location), dnsName: shellWord(s.instance.name) },
        evidence: { domainNameLabel: pip.domainNameLabel ?? null },
      },
    ];
  },
});
