import type { VirtualNetwork } from '../../model/network.js';

/** Azure's own resolver; a list holding only it is Azure DNS under another name. */
export const AZURE_DNS = '168.63.129.16';

/** The VNet's DNS servers when they are custom (something besides Azure DNS), else undefined. */
export function customDnsServers(vnet: VirtualNetwork | undefined): string[] | undefined {
  const servers = vnet?.dnsServers ?? [];
  return servers.every((d) => d.trim() === AZURE_DNS) ? undefined : servers;
}
