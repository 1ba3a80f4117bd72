/** Microsoft Learn pages the rules cite, in one place. */
const LEARN = 'https://learn.microsoft.com/azure';

export const DOCS = {
  injectionResources: `${LEARN}/api-management/virtual-network-injection-resources`,
  networkReference: `${LEARN}/api-management/virtual-network-reference`,
  usingWithVnet: `${LEARN}/api-management/api-management-using-with-vnet`,
  usingWithInternalVnet: `${LEARN}/api-management/api-management-using-with-internal-vnet`,
  forcedTunnelling: `${LEARN}/api-management/api-management-using-with-vnet#force-tunnel-traffic-to-on-premises-firewall-using-expressroute-or-network-virtual-appliance`,
  nsgRules: `${LEARN}/api-management/api-management-using-with-vnet#configure-nsg-rules`,
  prerequisites: `${LEARN}/api-management/api-management-using-with-vnet#prerequisites`,
  customDns: `${LEARN}/api-management/api-management-using-with-vnet#custom-dns-server-setup`,
  virtualNetworkConcepts: `${LEARN}/api-management/virtual-network-concepts`,
  computeInfrastructure: `${LEARN}/api-management/compute-infrastructure`,
  stv1Retirement: `${LEARN}/api-management/breaking-changes/stv1-platform-retirement-august-2024`,
  migrateStv1: `${LEARN}/api-management/migrate-stv1-to-stv2-vnet`,
  multiRegion: `${LEARN}/api-management/api-management-howto-deploy-multi-region`,
  reliability: `${LEARN}/reliability/reliability-api-management`,
  availabilityZones: `${LEARN}/api-management/enable-availability-zone-support`,
  ipAddresses: `${LEARN}/api-management/api-management-howto-ip-addresses`,
  serviceEndpointPolicies: `${LEARN}/virtual-network/virtual-network-service-endpoint-policies-overview`,
  nsgOverview: `${LEARN}/virtual-network/network-security-groups-overview`,
  udrOverview: `${LEARN}/virtual-network/virtual-networks-udr-overview`,
  publicIp: `${LEARN}/virtual-network/ip-services/public-ip-addresses`,
  v2Integration: `${LEARN}/api-management/integrate-vnet-outbound`,
  v2Injection: `${LEARN}/api-management/inject-vnet-v2`,
  v2Overview: `${LEARN}/api-management/v2-service-tiers-overview`,
} as const;
