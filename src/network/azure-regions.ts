/**
 * Region names that may follow a service tag (`Storage.WestEurope`, `AzureCloud.eastus2`). Needed to tell a
 * regional tag from a tag with another qualifier (`AzureFrontDoor.Backend`). A region missing here is treated
 * as an unknown qualifier: its tag then overlaps its service's other regions only partly, never wrongly disjoint.
 * Names are normalized (src/model/region.ts); a few internal spellings used by the service tag file are included.
 */
import { normalizeRegion } from '../model/region.js';

const REGIONS = [
  'australiacentral', 'australiacentral2', 'australiaeast', 'australiasoutheast', 'austriaeast', 'belgiumcentral',
  'brazilsouth', 'brazilsoutheast', 'brazilne', 'canadacentral', 'canadaeast', 'centralindia', 'centralus',
  'centraluseuap', 'chilecentral', 'eastasia', 'eastus', 'eastus2', 'eastus2euap', 'francecentral', 'francesouth',
  'centralfrance', 'southfrance', 'germanynorth', 'germanywestcentral', 'indonesiacentral', 'israelcentral',
  'italynorth', 'japaneast', 'japanwest', 'jioindiacentral', 'jioindiawest', 'koreacentral', 'koreasouth',
  'malaysiawest', 'mexicocentral', 'newzealandnorth', 'northcentralus', 'northeurope', 'norwayeast', 'norwaywest',
  'polandcentral', 'qatarcentral', 'southafricanorth', 'southafricawest', 'southcentralus', 'southindia',
  'southeastasia', 'spaincentral', 'swedencentral', 'swedensouth', 'switzerlandnorth', 'switzerlandwest',
  'taiwannorth', 'taiwannorthwest', 'uaecentral', 'uaenorth', 'uksouth', 'ukwest', 'westcentralus', 'westeurope',
  'westindia', 'westus', 'westus2', 'westus3', 'usgovvirginia', 'usgovarizona', 'usgovtexas', 'usgoviowa',
  'usdodeast', 'usdodcentral', 'chinaeast', 'chinaeast2', 'chinaeast3', 'chinanorth', 'chinanorth2', 'chinanorth3',
];

const KNOWN = new Set(REGIONS);

export function isKnownRegion(value: string): boolean {
  return KNOWN.has(normalizeRegion(value));
}
