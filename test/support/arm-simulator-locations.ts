/**
 * `GET /subscriptions/{id}/locations` for the ARM simulator: Azure's regions with their display
 * names (a fixed subset of the public cloud), plus any display name the estate's APIM instances use.
 */
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { isType, RESOURCE_TYPES } from '../../src/arm/resource-id.js';
import { normalizeRegion } from '../../src/model/region.js';

const PUBLIC_REGIONS: Record<string, string> = {
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  swedencentral: 'Sweden Central',
  francecentral: 'France Central',
  germanywestcentral: 'Germany West Central',
  uksouth: 'UK South',
  ukwest: 'UK West',
  switzerlandnorth: 'Switzerland North',
  norwayeast: 'Norway East',
  eastus: 'East US',
  eastus2: 'East US 2',
  westus: 'West US',
  westus2: 'West US 2',
  westus3: 'West US 3',
  centralus: 'Central US',
  southcentralus: 'South Central US',
  canadacentral: 'Canada Central',
  brazilsouth: 'Brazil South',
  australiaeast: 'Australia East',
  southeastasia: 'Southeast Asia',
  eastasia: 'East Asia',
  japaneast: 'Japan East',
  koreacentral: 'Korea Central',
  centralindia: 'Central India',
  southafricanorth: 'South Africa North',
  uaenorth: 'UAE North',
};

export function locationList(subscriptionId: string, resources: readonly ArmResource[]): { value: unknown[] } {
  const names = new Map(Object.entries(PUBLIC_REGIONS));
  for (const r of resources) {
    if (!isType(r.id, RESOURCE_TYPES.apim)) continue;
    const displays = [r.location, ...((r.properties?.additionalLocations as Array<{ location?: string }> | undefined) ?? []).map((a) => a.location)];
    for (const d of displays) if (typeof d === 'string' && /\s/.test(d)) names.set(normalizeRegion(d), d);
  }
  return {
    value: [...names.entries()].sort().map(([name, displayName]) => ({
      id: `/subscriptions/${subscriptionId}/locations/${name}`,
      name,
      type: 'Region',
      displayName,
      regionalDisplayName: displayName,
      metadata: { regionType: 'Physical', regionCategory: 'Recommended' },
    })),
  };
}
