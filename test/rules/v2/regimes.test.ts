/**
 * The classifier and the whole catalogue on v2 instances: which regime each tier and mode lands in, that classic
 * rules never judge a v2 instance and v2 rules never a classic one (a property over generated instances), and that
 * a v2 instance whose resources are all readable is never `unknown`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regimeOf } from '../../../src/engine/classify.js';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import type { NetworkMode } from '../../../src/model/instance.js';
import type { Route, SecurityRule } from '../../../src/model/network.js';
import { RULES } from '../../../src/rules/catalogue.js';
import { buildView, ids, recommendedRules, rule, type LocationSpec } from '../../support/view-builder.js';
import { v2View } from './v2-views.js';

// Stated by id, not read from appliesTo, so that a rule given the wrong regime fails the property.
const SHARED = new Set(['RESOURCE_UNREADABLE', 'REGIME_NOT_COVERED']);
const V2_ONLY = new Set(RULES.map((r) => r.meta.id).filter((id) => id.startsWith('V2')));
const CLASSIC_ONLY = new Set(RULES.map((r) => r.meta.id).filter((id) => !V2_ONLY.has(id) && !SHARED.has(id)));
const withSubnet = (skuName: string, networkMode: NetworkMode) => ({ skuName, networkMode, locations: [{ isPrimary: true, subnetId: ids.subnet() }] });

describe('regimeOf', () => {
  it.each([
    ['Premium', 'External', 'classic'],
    ['Developer', 'Internal', 'classic'],
    ['Standard', 'External', 'classic'],
    ['StandardV2', 'External', 'v2-integration'],
    ['PremiumV2', 'External', 'v2-integration'],
    ['premiumv2', 'Internal', 'v2-injection'],
    ['StandardV2', 'Internal', 'v2-unsupported'],
    ['BasicV2', 'External', 'v2-unsupported'],
    ['BasicV2', 'Internal', 'v2-unsupported'],
    ['PremiumV2', 'None', 'none'],
  ] as const)('%s with %s is %s', (sku, mode, regime) => {
    expect(regimeOf(withSubnet(sku, mode))).toBe(regime);
  });

  it('leaves a v2 tier with a mode but no subnet not covered, and a classic one classic', () => {
    expect(regimeOf({ skuName: 'StandardV2', networkMode: 'External', locations: [{ isPrimary: true }] })).toBe('not-covered');
    expect(regimeOf({ skuName: 'Premium', networkMode: 'External', locations: [{ isPrimary: true }] })).toBe('classic');
  });

  it('classifies by tier and mode, not by the delegation', () => {
    const report = evaluateInstance(v2View('integration', { location: { subnet: { delegations: ['Microsoft.Web/hostingEnvironments'] } } }), RULES);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['V2INT_DELEGATION']);
  });
});

describe('the catalogue on v2 instances', () => {
  it('passes a healthy Standard v2 integration and a healthy Premium v2 injection with no finding at all', () => {
    for (const mode of ['integration', 'injection'] as const) {
      const report = evaluateInstance(v2View(mode), RULES);
      expect(report.findings.map((f) => `${f.ruleId}: ${f.message}`), mode).toEqual([]);
      expect(report.status).toBe('pass');
    }
  });

  it('demands no classic rule of a v2 instance whose NSG would fail every classic inbound and outbound rule', () => {
    const denyAll = (direction: 'Inbound' | 'Outbound') => rule({ name: `DenyAll${direction}`, priority: 4000, direction, access: 'Deny', protocol: '*' });
    const allowKv = rule({ name: 'AllowKv', priority: 100, direction: 'Outbound', access: 'Allow', destinationAddressPrefixes: ['AzureKeyVault'], destinationPortRanges: ['443'] });
    const view = v2View('injection', { location: { networkSecurityGroup: { securityRules: [allowKv, denyAll('Inbound'), denyAll('Outbound')] } } });
    const report = evaluateInstance(view, RULES);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['V2_NSG_OUT_STORAGE_443']);
    expect(report.status).toBe('warn');
  });

  it('reports Basic v2 with a VNet and Standard v2 injection as failures of their own, not unknown', () => {
    for (const skuName of ['BasicV2', 'StandardV2']) {
      const report = evaluateInstance(v2View('injection', { instance: { skuName } }), RULES);
      expect(report.findings.map((f) => f.ruleId)).toEqual(['V2_SKU_VNET']);
      expect(report.status).toBe('fail');
    }
  });
});

// Generated instances: a tier, a mode, and a location whose subnet, NSG, route table and public IP vary.
const SKUS = ['Developer', 'Premium', 'Basic', 'Standard', 'Consumption', 'BasicV2', 'StandardV2', 'PremiumV2', 'premiumv2'];
const DELEGATIONS = [[], ['Microsoft.Web/serverFarms'], ['Microsoft.Web/hostingEnvironments'], ['Microsoft.Sql/managedInstances']];
const PREFIXES = [['10.0.1.0/24'], ['10.0.1.0/27'], ['10.0.1.0/28'], ['10.0.1.0/29', '10.0.2.0/26']];
const denyOut = (destination: string, port: string) =>
  rule({ name: `Deny${destination}${port}`, priority: 300, direction: 'Outbound', access: 'Deny', destinationAddressPrefixes: [destination], destinationPortRanges: [port] });
const denyIn = (source: string, port: string) => rule({ name: `Deny${source}${port}`, priority: 300, direction: 'Inbound', access: 'Deny', sourceAddressPrefixes: [source], destinationPortRanges: [port] });
const RULE_SETS: SecurityRule[][] = [[], recommendedRules(), [denyOut('AzureKeyVault', '443')], [denyOut('Internet', '*')], [denyIn('ApiManagement', '3443'), denyIn('Internet', '443')], [denyOut('Storage', '443'), denyOut('Sql', '1433')]];

const arbitraryView = fc
  .record({
    skuName: fc.constantFrom(...SKUS),
    networkMode: fc.constantFrom<NetworkMode>('External', 'Internal', 'None'),
    capacity: fc.integer({ min: 1, max: 32 }),
    platformVersion: fc.constantFrom('stv2', 'stv1', '', 'undetermined', 'mtv1'),
    subnetState: fc.constantFrom('found', 'found', 'found', 'missing', 'unreadable', 'none'),
    delegations: fc.constantFrom(...DELEGATIONS),
    addressPrefixes: fc.constantFrom(...PREFIXES),
    nsg: fc.constantFrom<'attached' | 'absent' | 'missing'>('attached', 'attached', 'absent', 'missing'),
    securityRules: fc.constantFrom(...RULE_SETS),
    routes: fc.constantFrom<Route[]>([], [{ name: 'Blackhole', addressPrefix: '0.0.0.0/0', nextHopType: 'None' }], [{ name: 'Tunnel', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.9.0.4' }]),
    publicIp: fc.boolean(),
    dnsServers: fc.constantFrom<string[]>([], ['10.9.0.10']),
    additional: fc.boolean(),
  })
  .map((g) => {
    const subnetId = ids.subnet('vnet-weu');
    const location: LocationSpec = {
      location: { subnetId: g.subnetState === 'none' ? undefined : subnetId, publicIpAddressId: g.publicIp ? ids.publicIp() : undefined, platformVersion: g.platformVersion },
      subnet:
        g.subnetState === 'missing'
          ? { state: 'missing', id: subnetId }
          : g.subnetState === 'unreadable'
            ? { state: 'unreadable', id: subnetId, reason: '403' }
            : {
                delegations: g.delegations,
                addressPrefixes: g.addressPrefixes,
                networkSecurityGroupId: g.nsg === 'absent' ? undefined : ids.nsg('nsg-apim-weu'),
                ...(g.routes.length > 0 ? { routeTableId: ids.routeTable() } : {}),
              },
      networkSecurityGroup: g.nsg === 'missing' ? { state: 'missing', id: ids.nsg('nsg-apim-weu') } : { securityRules: g.securityRules },
      routeTable: { routes: g.routes },
      virtualNetwork: { dnsServers: g.dnsServers },
    };
    const locations = g.additional ? [location, { ...location, region: 'northeurope' }] : [location];
    return buildView({ instance: { skuName: g.skuName, networkMode: g.networkMode, capacity: g.capacity, platformVersion: g.platformVersion }, locations });
  });

describe('regimes never mix (property)', () => {
  it('no classic-only rule id on a v2 instance, no v2 rule id on a classic one, and no v2 instance unknown when all is readable', () => {
    fc.assert(
      fc.property(arbitraryView, (view) => {
        const regime = regimeOf(view.instance);
        const ruleIds = evaluateInstance(view, RULES).findings.map((f) => f.ruleId);
        if (regime === 'classic') expect(ruleIds.filter((id) => V2_ONLY.has(id))).toEqual([]);
        else expect(ruleIds.filter((id) => CLASSIC_ONLY.has(id))).toEqual([]);
        const allReadable = view.locations.every((l) => [l.subnet, l.networkSecurityGroup, l.routeTable, l.virtualNetwork].every((x) => x?.state !== 'unreadable'));
        if ((regime === 'v2-integration' || regime === 'v2-injection' || regime === 'v2-unsupported') && allReadable) {
          expect(evaluateInstance(view, RULES).status).not.toBe('unknown');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('has both sides to compare', () => {
    expect(CLASSIC_ONLY.size).toBeGreaterThan(40);
    expect(V2_ONLY.size).toBe(17);
    for (const rule of RULES) {
      const regimes = rule.meta.appliesTo.regimes;
      if (V2_ONLY.has(rule.meta.id)) expect(regimes, rule.meta.id).not.toContain('classic');
      if (CLASSIC_ONLY.has(rule.meta.id)) expect(regimes, rule.meta.id).toEqual(['classic']);
    }
  });
});
