/** The replacement public IP most PIP findings end with: every property API Management needs, in one command. */
import { placeholder, scopeArgs } from '../az.js';
import { shellWord } from '../../output/safe-text.js';
import type { LocationSubject } from '../subject.js';

export function newPublicIpCommand(s: Pick<LocationSubject, 'instance' | 'location'>): string {
  // Zone-redundant across all three zones covers whatever zones the location uses.
  const zones = s.location.zones.length > 0 ? ' --zone 1 2 3' : '';
  const scope = scopeArgs(s.location.publicIpAddressId ?? s.instance.id);
  return `az network public-ip create ${scope} --name ${placeholder('new-name')} --location ${shellWord(s.location.region)} --sku Standard --tier Regional --version IPv4 --allocation-method Static --dns-name ${shellWord(s.instance.name)}${zones}`;
}

/** Appended to remediations that swap the IP: the public VIP changes (reference §5). */
export const SWAP_NOTE = 'then set it as publicIpAddressId of the location (its public VIP changes)';
