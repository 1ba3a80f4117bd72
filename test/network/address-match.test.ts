import { describe, expect, it } from 'vitest';
import { addressCoverage, addressSpaceOf, parseAddressItems } from '../../src/network/address-match.js';
import type { Endpoint } from '../../src/network/flow.js';

const space = addressSpaceOf({ virtualNetworkPrefixes: ['10.0.0.0/16'] });
const SUBNET: Endpoint = { prefixes: ['10.0.1.0/24'], mayBeInApplicationSecurityGroups: false };
const cover = (prefixes: string[], endpoint: Endpoint, asgs: string[] = []) =>
  addressCoverage(parseAddressItems(prefixes, asgs, 'r', 'source'), endpoint, space);

describe('address coverage: CIDRs', () => {
  it.each([
    [['10.0.1.0/24'], 'full'],
    [['10.0.0.0/16'], 'full'],
    [['10.0.1.0/25', '10.0.1.128/25'], 'full'],
    [['10.0.1.0/25'], 'partial'],
    [['10.0.1.7'], 'partial'],
    [['10.0.2.0/24'], 'none'],
    [['192.168.0.0/16'], 'none'],
    [['*'], 'full'],
    [['Any'], 'full'],
    [['0.0.0.0/0'], 'full'],
  ])('%j against the subnet 10.0.1.0/24 → %s', (prefixes, expected) => {
    expect(cover(prefixes, SUBNET)).toBe(expected);
  });

  it('a single IP endpoint inside a prefix is fully covered', () => {
    expect(cover(['10.0.1.0/24'], { prefixes: ['10.0.1.4'] })).toBe('full');
  });
});

describe('address coverage: tags against CIDRs', () => {
  it('VirtualNetwork covers private prefixes inside the address space', () => {
    expect(cover(['VirtualNetwork'], SUBNET)).toBe('full');
  });

  it('VirtualNetwork covers private prefixes outside the address space only partly (peerings are unknown)', () => {
    expect(cover(['VirtualNetwork'], { prefixes: ['192.168.5.0/24'] })).toBe('partial');
  });

  it('VirtualNetwork does not cover public prefixes outside the address space', () => {
    expect(cover(['VirtualNetwork'], { prefixes: ['20.1.2.3'] })).toBe('none');
  });

  it('Internet and service tags never cover private prefixes', () => {
    expect(cover(['Internet'], SUBNET)).toBe('none');
    expect(cover(['ApiManagement'], SUBNET)).toBe('none');
    expect(cover(['AzureCloud'], { prefixes: ['172.16.0.0/12'] })).toBe('none');
  });

  it('Internet covers public prefixes outside the VNet; a service tag only partly (ranges unknown)', () => {
    expect(cover(['Internet'], { prefixes: ['20.1.2.0/24'] })).toBe('full');
    expect(cover(['Storage'], { prefixes: ['20.1.2.0/24'] })).toBe('partial');
  });

  it('a VNet using public space takes that space out of Internet', () => {
    const publicVnet = addressSpaceOf({ virtualNetworkPrefixes: ['20.0.0.0/16'] });
    const items = parseAddressItems(['Internet'], [], 'r', 'source');
    expect(addressCoverage(items, { prefixes: ['20.0.1.0/24'] }, publicVnet)).toBe('none');
    expect(addressCoverage(parseAddressItems(['VirtualNetwork'], [], 'r', 'source'), { prefixes: ['20.0.1.0/24'] }, publicVnet)).toBe('full');
  });

  it('AzureLoadBalancer is the host VIP only', () => {
    expect(cover(['AzureLoadBalancer'], { prefixes: ['168.63.129.16'] })).toBe('full');
    expect(cover(['AzureLoadBalancer'], { prefixes: ['168.63.129.0/24'] })).toBe('partial');
    expect(cover(['AzureLoadBalancer'], SUBNET)).toBe('none');
    expect(cover(['Internet'], { prefixes: ['168.63.129.16'] })).toBe('none');
  });
});

describe('address coverage: CIDRs against tags', () => {
  it('a private CIDR is disjoint from the Internet family', () => {
    expect(cover(['10.0.0.0/8'], { tag: 'Internet' })).toBe('none');
    expect(cover(['192.168.0.0/16'], { tag: 'Storage.WestEurope' })).toBe('none');
  });

  it('a public CIDR overlaps Internet and any service tag only partly', () => {
    expect(cover(['20.0.0.0/8'], { tag: 'Internet' })).toBe('partial');
    expect(cover(['20.0.0.0/8'], { tag: 'ApiManagement' })).toBe('partial');
  });

  it('CIDRs that cover all public space cover Internet', () => {
    expect(cover(['0.0.0.0/1', '128.0.0.0/1', '2000::/3'], { tag: 'Internet' })).toBe('full');
  });

  it('a CIDR holding the host VIP covers AzureLoadBalancer', () => {
    expect(cover(['168.63.129.16/32'], { tag: 'AzureLoadBalancer' })).toBe('full');
    expect(cover(['168.63.0.0/16'], { tag: 'AzureLoadBalancer' })).toBe('full');
    expect(cover(['10.0.0.0/8'], { tag: 'AzureLoadBalancer' })).toBe('none');
  });

  it('a CIDR equal to the address space covers VirtualNetwork only partly', () => {
    expect(cover(['10.0.0.0/16'], { tag: 'VirtualNetwork' })).toBe('partial');
  });
});

describe('address coverage: application security groups', () => {
  const ASG = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/asg-web';

  it('never match APIM’s own NICs', () => {
    expect(cover([], SUBNET, [ASG])).toBe('none');
  });

  it('match a remote VirtualNetwork side only partly, and never Internet', () => {
    expect(cover([], { tag: 'VirtualNetwork' }, [ASG])).toBe('partial');
    expect(cover([], { tag: 'Internet' }, [ASG])).toBe('none');
    expect(cover([], { prefixes: ['10.0.2.0/24'] }, [ASG])).toBe('partial');
  });
});

describe('rule address items', () => {
  it('reject what is neither *, a prefix nor a tag, naming the rule and field', () => {
    expect(() => parseAddressItems(['10.0.0.0/40'], [], 'R7', 'source address prefix')).toThrow(
      'rule "R7": source address prefix "10.0.0.0/40"',
    );
    expect(() => parseAddressItems([], [], 'R7', 'destination address prefix')).toThrow('has no address prefix');
  });
});
