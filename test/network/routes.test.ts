import { describe, expect, it } from 'vitest';
import type { Route } from '../../src/model/network.js';
import { effectiveRoute, isForcedTunnelled } from '../../src/network/routes.js';

const route = (name: string, addressPrefix: string, nextHopType = 'VirtualAppliance'): Route => ({
  name,
  addressPrefix,
  nextHopType,
  ...(nextHopType === 'VirtualAppliance' ? { nextHopIpAddress: '10.0.0.4' } : {}),
});
const via = (routes: Route[], destination: string, tagPrefixes?: Record<string, string[]>) => {
  const r = effectiveRoute(routes, destination, tagPrefixes ? { tagPrefixes: (t) => tagPrefixes[t] } : {});
  return r.isSystem ? 'system' : r.route.name;
};

describe('effectiveRoute', () => {
  it('falls back to the system default 0.0.0.0/0 → Internet', () => {
    const r = effectiveRoute([], 'Storage');
    expect(r).toMatchObject({ isSystem: true, route: { addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' } });
  });

  it('takes the longest matching prefix', () => {
    const routes = [route('all', '0.0.0.0/0'), route('wide', '20.0.0.0/8', 'Internet'), route('narrow', '20.1.0.0/16', 'None')];
    expect(via(routes, '20.1.2.3')).toBe('narrow');
    expect(via(routes, '20.2.0.0/16')).toBe('wide');
    expect(via(routes, '52.1.1.1')).toBe('all');
    expect(via([route('narrow', '20.1.0.0/16')], '52.1.1.1')).toBe('system');
  });

  it('lets a tag route beat 0.0.0.0/0 for that tag', () => {
    const routes = [route('tunnel', '0.0.0.0/0'), route('mgmt', 'ApiManagement', 'Internet')];
    expect(via(routes, 'ApiManagement')).toBe('mgmt');
    expect(via(routes, 'Storage')).toBe('tunnel');
  });

  it('orders tags: regional > top-level > AzureCloud regional > AzureCloud', () => {
    const routes = [
      route('cloud', 'AzureCloud'),
      route('cloud-weu', 'AzureCloud.WestEurope'),
      route('storage', 'Storage'),
      route('storage-weu', 'Storage.WestEurope', 'Internet'),
    ];
    expect(via(routes, 'Storage.WestEurope')).toBe('storage-weu');
    expect(via(routes.slice(0, 3), 'Storage.WestEurope')).toBe('storage');
    expect(via(routes.slice(0, 2), 'Storage.WestEurope')).toBe('cloud-weu');
    expect(via(routes.slice(0, 1), 'Storage.WestEurope')).toBe('cloud');
    expect(via(routes.slice(0, 2), 'Storage.NorthEurope')).toBe('cloud');
  });

  it('reports a narrower tag route as covering only part of a wider tag', () => {
    const r = effectiveRoute([route('tunnel', '0.0.0.0/0'), route('mgmt-weu', 'ApiManagement.WestEurope', 'Internet')], 'ApiManagement');
    expect(r.route.name).toBe('tunnel');
    expect(r.partialRoutes.map((p) => p.name)).toEqual(['mgmt-weu']);
  });

  it('sends a tag through the /1 halves when they replace the default route', () => {
    const halves = [route('low', '0.0.0.0/1'), route('high', '128.0.0.0/1')];
    expect(effectiveRoute(halves, 'Storage')).toMatchObject({ isSystem: false, route: { name: 'low' }, partialRoutes: [{ name: 'high' }] });
    const split = [route('low', '0.0.0.0/1', 'Internet'), route('high', '128.0.0.0/1')];
    expect(effectiveRoute(split, 'Storage')).toMatchObject({ route: { name: 'high' }, partialRoutes: [{ name: 'low' }] });
    expect(effectiveRoute([...halves, route('storage', 'Storage', 'Internet')], 'Storage.WestEurope').route.name).toBe('storage');
  });

  it('lists public CIDR routes as possibly carrying part of a tag, private ones not', () => {
    const r = effectiveRoute([route('public', '20.0.0.0/8'), route('private', '10.0.0.0/8')], 'Storage');
    expect(r.isSystem).toBe(true);
    expect(r.partialRoutes.map((p) => p.name)).toEqual(['public']);
  });

  it('on an exact prefix tie prefers the explicit CIDR over the tag (when tag ranges are known)', () => {
    const ranges = { ApiManagement: ['13.69.64.0/24', '52.1.0.0/16'] };
    const routes = [route('tag', 'ApiManagement', 'Internet'), route('cidr', '13.69.64.0/24')];
    expect(via(routes, '13.69.64.10', ranges)).toBe('cidr');
    expect(via(routes, '52.1.2.3', ranges)).toBe('tag');
    expect(via([route('tag', 'ApiManagement', 'Internet'), route('wider', '13.69.0.0/16')], '13.69.64.10', ranges)).toBe('tag');
  });

  it('rejects a route prefix that is neither a CIDR nor a tag, naming the route', () => {
    expect(() => effectiveRoute([route('bad', '10.0.0.0/99')], 'Storage')).toThrow('route "bad": address prefix "10.0.0.0/99"');
    expect(() => effectiveRoute([], 'not a prefix')).toThrow('route destination "not a prefix"');
  });
});

describe('isForcedTunnelled', () => {
  it.each([
    [[], false],
    [[route('tunnel', '0.0.0.0/0')], true],
    [[route('tunnel', '0.0.0.0/0', 'VirtualNetworkGateway')], true],
    [[route('drop', '0.0.0.0/0', 'None')], true],
    [[route('direct', '0.0.0.0/0', 'Internet')], false],
    [[route('direct', '0.0.0.0/0', 'internet')], false],
    [[route('half', '0.0.0.0/1'), route('half2', '128.0.0.0/1')], true],
    [[route('half', '0.0.0.0/1', 'Internet'), route('half2', '128.0.0.0/1', 'Internet'), route('tunnel', '0.0.0.0/0')], false],
    [[route('narrow', '20.0.0.0/8')], false],
    [[route('mgmt', 'ApiManagement')], false],
  ] as Array<[Route[], boolean]>)('%j → %s', (routes, expected) => {
    expect(isForcedTunnelled(routes)).toBe(expected);
  });
});
