/** Shared bits of the subnet rule tables. */
import type { Neighbour } from '../../../src/model/view.js';
import { OTHER_SUB, SUB, ids } from '../../support/view-builder.js';

export const stv1 = { platform: 'stv1', platformVersion: 'stv1' } as const;

/** A NIC of the customer's own (a VM in the same subscription as the subnet). */
export const customerNic = (n = 1) => `/subscriptions/${SUB}/resourceGroups/rg-vm/providers/Microsoft.Network/networkInterfaces/vm${n}-nic/ipConfigurations/ipconfig1`;
/** A NIC as APIM's managed compute shows up: under a Microsoft subscription. */
export const managedNic = (n = 1) => `/subscriptions/${OTHER_SUB}/resourceGroups/apim-infra/providers/Microsoft.Network/networkInterfaces/apim${n}/ipConfigurations/ipconfig1`;

export function neighbour(partial: Partial<Neighbour> = {}): Neighbour {
  return {
    instanceId: ids.apim('apim-b'),
    instanceName: 'apim-b',
    region: 'westeurope',
    skuName: 'Premium',
    capacity: 1,
    networkMode: 'External',
    ...partial,
  };
}

export const foreignSubnetId = `/subscriptions/${OTHER_SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-weu/subnets/snet-apim`;
