import { describe, expect, it } from 'vitest';
import { nsgTarget } from '../../../src/rules/nsg/target.js';
import { buildView } from '../../support/view-builder.js';
import { nsgRules, denyInternetOutbound } from './nsg-views.js';

describe('nsgTarget', () => {
  it('is built once per location view, so every flow rule of the location shares its context', () => {
    const view = buildView();
    const location = view.locations[0]!;
    const first = nsgTarget({ view, location });
    expect(first).toBeDefined();
    expect(nsgTarget({ view, location })).toBe(first);
    expect(nsgTarget({ view, location })!.context).toBe(first!.context);
  });

  it('follows a location view whose NSG lookup was replaced, instead of answering with the old NSG', () => {
    const view = buildView();
    const location = view.locations[0]!;
    const before = nsgTarget({ view, location })!;
    const other = buildView({ locations: [{ networkSecurityGroup: { securityRules: nsgRules({ extra: [denyInternetOutbound()] }) } }] });
    location.networkSecurityGroup = other.locations[0]!.networkSecurityGroup;
    const after = nsgTarget({ view, location })!;
    expect(after.nsg).not.toBe(before.nsg);
    expect(after.nsg.securityRules.map((r) => r.name)).toContain('DenyInternetOutbound');
  });

  it('is built anew for another view or other service-tag data', () => {
    const view = buildView();
    const location = view.locations[0]!;
    const first = nsgTarget({ view, location });
    const otherView = { ...view };
    expect(nsgTarget({ view: otherView, location })).not.toBe(first);
    const withTags = nsgTarget({ view: otherView, location, addressData: { serviceTags: { changeNumber: 1, cloud: 'Public', values: [] } as never } });
    expect(withTags).not.toBe(nsgTarget({ view: otherView, location }));
    expect(withTags!.serviceTags).toBeDefined();
  });
});
