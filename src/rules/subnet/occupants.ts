/**
 * Who else lives in a subnet. APIM's Microsoft-managed NICs show up in `ipConfigurations` with a
 * subscription id that is not the customer's (reference §3.1, an inference not written down by
 * Microsoft); so the IP configurations in the subnet's own subscription are taken to be the
 * customer's other resources.
 */
import type { Subnet } from '../../model/network.js';
import { sameSubscription } from '../subject.js';

export const OCCUPANT_INFERENCE =
  'IP configurations in the subscription of the subnet are counted as other resources; API Management NICs carry a Microsoft subscription id (inference, reference §3.1)';

export function customerIpConfigurations(subnet: Subnet): string[] {
  return subnet.ipConfigurationIds.filter((id) => sameSubscription(id, subnet.id) === true);
}
