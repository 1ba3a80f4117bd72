/**
 * Views of healthy v2 instances for the v2 rule tables: a Standard v2 outbound integration and a Premium v2
 * injection, each in a /24 subnet delegated as its mode needs, with an NSG holding only Azure's default rules
 * (which allow outbound Key Vault and Storage) and no public IP.
 */
import type { InstanceView } from '../../../src/model/view.js';
import { buildView, DEFAULT_RULES, type LocationSpec, type ViewSpec } from '../../support/view-builder.js';

export type V2Mode = 'integration' | 'injection';

const TIER = { integration: { skuName: 'StandardV2', networkMode: 'External' }, injection: { skuName: 'PremiumV2', networkMode: 'Internal' } } as const;
const DELEGATION = { integration: 'Microsoft.Web/serverFarms', injection: 'Microsoft.Web/hostingEnvironments' } as const;

/** One location of a healthy v2 instance, with `spec` laid over it (a subnet spec is merged into the default). */
export function v2Location(mode: V2Mode, spec: LocationSpec = {}): LocationSpec {
  const subnet = spec.subnet === null || (spec.subnet && 'state' in spec.subnet) ? spec.subnet : { delegations: [DELEGATION[mode]], ...spec.subnet };
  return {
    networkSecurityGroup: { securityRules: [], defaultSecurityRules: DEFAULT_RULES },
    ...spec,
    location: { publicIpAddressId: undefined, platformVersion: '', platform: 'undetermined', ...spec.location },
    subnet,
  };
}

export function v2View(mode: V2Mode, spec: Omit<ViewSpec, 'locations'> & { location?: LocationSpec; locations?: LocationSpec[] } = {}): InstanceView {
  const locations = spec.locations ?? [spec.location ?? {}];
  return buildView({
    instance: { ...TIER[mode], capacity: 1, platform: 'undetermined', platformVersion: '', ...spec.instance },
    locations: locations.map((l) => v2Location(mode, l)),
  });
}
