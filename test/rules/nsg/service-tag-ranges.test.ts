/**
 * Service-tag ranges handed to the engine: a CIDR list is decided by the tag's ranges (regional for the
 * management flow), and without the data every verdict is today's, the message saying the ranges were not checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import { parseServiceTagRanges, rangesOfTag, ServiceTagDataError } from '../../../src/network/service-tag-ranges.js';
import { RULES } from '../../../src/rules/catalogue.js';
import { rule } from '../../support/view-builder.js';
import { nsgRules, viewWith } from './nsg-views.js';

const FILE = join(import.meta.dirname, '../../fixtures/service-tags/ServiceTags_Public.json');
const data = parseServiceTagRanges(JSON.parse(readFileSync(FILE, 'utf8')), FILE);
const WEU = ['51.145.179.78/32', '52.236.187.80/28', '13.69.64.76/31'];

const mgmtFrom = (prefixes: string[]) =>
  viewWith(nsgRules({ without: ['AllowApimManagement'], extra: [rule({ name: 'AllowMgmtCidrs', priority: 110, direction: 'Inbound', access: 'Allow', sourceAddressPrefixes: prefixes, destinationAddressPrefixes: ['VirtualNetwork'], destinationPortRanges: ['3443'] })] }));
const mgmt = (view: ReturnType<typeof viewWith>, withData: boolean) =>
  evaluateInstance(view, RULES, withData ? { serviceTags: data } : undefined).findings.filter((f) => f.ruleId === 'NSG_IN_MGMT_3443');

describe('service-tag data', () => {
  it('parses the weekly JSON: IPv4 ranges only, regional entries by ARM region', () => {
    expect(data.changeNumber).toBe('63');
    expect(rangesOfTag(data, 'ApiManagement', 'westeurope')).toMatchObject({ name: 'ApiManagement.WestEurope', prefixes: WEU });
    expect(rangesOfTag(data, 'ApiManagement', 'eastus')!.name).toBe('ApiManagement');
    expect(rangesOfTag(data, 'Storage')).toBeUndefined();
  });

  it.each([
    [{}, '"values": is not an array'],
    [{ values: [{ name: 'X', properties: { addressPrefixes: ['nope'] } }] }, 'values[0].properties.addressPrefixes[0]: "nope" is not a CIDR prefix'],
    [{ values: [] }, 'holds no service tag'],
    [{ values: [{ name: 'X', properties: { addressPrefixes: [] } }], nextLink: 'https://management.azure.com/next' }, '"nextLink": is set, so this is one page of a paged answer'],
  ])('rejects bad data, naming where: %j', (doc, message) => {
    expect(() => parseServiceTagRanges(doc, 'tags.json')).toThrow(ServiceTagDataError);
    expect(() => parseServiceTagRanges(doc, 'tags.json')).toThrow(message);
  });
});

describe('NSG_IN_MGMT_3443 with a CIDR list instead of the ApiManagement tag', () => {
  it('covering every ApiManagement range of the region: passes with the data', () => {
    expect(mgmt(mgmtFrom(WEU), true)).toEqual([]);
  });

  it('without the data: today’s verdict (partly allowed), saying the ranges were not checked', () => {
    const [finding] = mgmt(mgmtFrom(WEU), false);
    expect(finding).toMatchObject({ severity: 'breaks-now', evidence: { verdict: 'partly-allowed' } });
    expect(finding!.message).toContain('the ranges of service tag ApiManagement were not checked');
  });

  it('missing one range of the region: partly allowed, naming how many are missing', () => {
    const [finding] = mgmt(mgmtFrom(WEU.slice(0, 2)), true);
    expect(finding).toMatchObject({ evidence: { verdict: 'partly-allowed' } });
    expect(finding!.message).toContain('the allowed prefixes miss 1 of the 3 ranges of ApiManagement.WestEurope');
    expect(finding!.message).toContain('service tags change number 63');
  });

  it('a CIDR list of other addresses does not match at all with the data', () => {
    const [finding] = mgmt(mgmtFrom(['20.0.0.0/8']), true);
    expect(finding).toMatchObject({ evidence: { verdict: 'denied' } });
  });

  it('a Deny on a CIDR outside the tag’s ranges no longer blocks part of the flow', () => {
    const view = viewWith(nsgRules({ extra: [rule({ name: 'DenyPartner', priority: 105, direction: 'Inbound', access: 'Deny', sourceAddressPrefixes: ['13.64.0.0/16'], destinationPortRanges: ['*'] })] }));
    const [without] = mgmt(view, false);
    expect(without).toMatchObject({ evidence: { verdict: 'partly-allowed' } });
    expect(mgmt(view, true)).toEqual([]);
    // one that hits a range of the region: partly allowed, naming how many ranges it hits
    const hitting = viewWith(nsgRules({ extra: [rule({ name: 'DenyOne', priority: 105, direction: 'Inbound', access: 'Deny', sourceAddressPrefixes: ['13.69.64.76/32'], destinationPortRanges: ['*'] })] }));
    expect(mgmt(hitting, true)[0]!.message).toContain('the denied prefixes hit 1 of the 3 ranges of ApiManagement.WestEurope');
  });

  it('the recommended NSG (tag rules) passes with and without the data', () => {
    const view = viewWith(nsgRules());
    expect(evaluateInstance(view, RULES).status).toBe('pass');
    expect(evaluateInstance(view, RULES, { serviceTags: data }).status).toBe('pass');
  });
});
