import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServiceTag, regionalTag, tagCoverage } from '../../src/network/service-tags.js';

const cover = (outer: string, inner: string) => tagCoverage(parseServiceTag(outer)!, parseServiceTag(inner)!);

describe('service tag lattice', () => {
  it.each([
    // Internet ⊇ AzureCloud ⊇ service ⊇ regional service
    ['Internet', 'AzureCloud', 'full'],
    ['Internet', 'ApiManagement', 'full'],
    ['Internet', 'Storage.WestEurope', 'full'],
    ['AzureCloud', 'Sql', 'full'],
    ['AzureCloud', 'AzureCloud.WestEurope', 'full'],
    ['AzureCloud.WestEurope', 'Storage.WestEurope', 'full'],
    ['AzureCloud.westeurope', 'Storage.WestEurope', 'full'],
    ['Storage', 'Storage.WestEurope', 'full'],
    ['storage', 'STORAGE.westeurope', 'full'],
    ['AzureCloud', 'SomeTagWeDoNotKnow', 'full'],
    // the other way round only partly
    ['ApiManagement', 'Internet', 'partial'],
    ['AzureCloud', 'Internet', 'partial'],
    ['Storage.WestEurope', 'Storage', 'partial'],
    ['AzureCloud.WestEurope', 'Storage', 'partial'],
    ['Storage.WestEurope', 'AzureCloud.WestEurope', 'partial'],
    ['AzureFrontDoor.Backend', 'AzureFrontDoor', 'partial'],
    ['AzureFrontDoor.Backend', 'AzureCloud.WestEurope', 'partial'],
    // disjoint
    ['ApiManagement', 'Storage', 'none'],
    ['AzureActiveDirectory', 'AzureKeyVault', 'none'],
    ['Storage.NorthEurope', 'Storage.WestEurope', 'none'],
    ['AzureCloud.NorthEurope', 'Storage.WestEurope', 'none'],
    ['AzureCloud.NorthEurope', 'AzureCloud.WestEurope', 'none'],
    ['Sql', 'Storage.WestEurope', 'none'],
    // VirtualNetwork family
    ['VirtualNetwork', 'AzureLoadBalancer', 'full'],
    ['AzureLoadBalancer', 'VirtualNetwork', 'partial'],
    ['Internet', 'VirtualNetwork', 'none'],
    ['Internet', 'AzureLoadBalancer', 'none'],
    ['VirtualNetwork', 'Storage', 'none'],
    ['AzureCloud', 'AzureLoadBalancer', 'none'],
  ] as const)('%s covers %s: %s', (outer, inner, expected) => {
    expect(cover(outer, inner)).toBe(expected);
  });

  it('is not fooled by CIDRs or *', () => {
    expect(parseServiceTag('10.0.0.0/8')).toBeUndefined();
    expect(parseServiceTag('*')).toBeUndefined();
    expect(parseServiceTag('')).toBeUndefined();
  });

  it('builds regional tags from either region spelling', () => {
    expect(regionalTag('Storage', 'West Europe')).toBe('Storage.WestEurope');
    expect(cover('Storage.WestEurope', regionalTag('Storage', 'westeurope'))).toBe('full');
  });

  const tags = fc.constantFrom(
    'Internet', 'AzureCloud', 'AzureCloud.WestEurope', 'AzureCloud.NorthEurope', 'ApiManagement', 'ApiManagement.WestEurope',
    'Storage', 'Storage.WestEurope', 'Storage.NorthEurope', 'Sql', 'Sql.WestEurope', 'AzureKeyVault', 'AzureFrontDoor.Backend',
    'AzureFrontDoor', 'VirtualNetwork', 'AzureLoadBalancer', 'UnknownThing',
  );

  it('containment is transitive', () => {
    fc.assert(
      fc.property(tags, tags, tags, (a, b, c) => {
        if (cover(a, b) === 'full' && cover(b, c) === 'full') expect(cover(a, c)).toBe('full');
      }),
    );
  });

  it('disjointness is symmetric and inherited by subsets', () => {
    fc.assert(
      fc.property(tags, tags, tags, (a, b, c) => {
        expect(cover(a, b) === 'none').toBe(cover(b, a) === 'none');
        if (cover(a, b) === 'full' && cover(a, c) === 'none') expect(cover(b, c)).toBe('none');
      }),
    );
  });

  it('mutual containment means the same tag', () => {
    fc.assert(
      fc.property(tags, tags, (a, b) => {
        if (cover(a, b) === 'full' && cover(b, a) === 'full') expect(a.toLowerCase()).toBe(b.toLowerCase());
      }),
    );
  });
});
