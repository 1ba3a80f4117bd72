import { describe, expect, it } from 'vitest';
import { callerFromClaims } from '../../src/events/caller.js';

describe('callerFromClaims', () => {
  it('reads a user signed in to the portal from the long claim names', () => {
    expect(
      callerFromClaims({
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'alex@contoso.example',
        name: 'Alex Smith',
        appid: 'C44B4083-3BB0-49C1-B47D-974E53CBDF3C',
        'http://schemas.microsoft.com/identity/claims/objectidentifier': '5b1f3c0e-1111-4222-8333-944455556666',
        ipaddr: '203.0.113.7',
        aud: 'https://management.core.windows.net/',
      }),
    ).toEqual({ upn: 'alex@contoso.example', name: 'Alex Smith', appId: 'C44B4083-3BB0-49C1-B47D-974E53CBDF3C', objectId: '5b1f3c0e-1111-4222-8333-944455556666', client: 'Azure portal' });
  });

  it('reads the short (v2 token) claim names', () => {
    expect(callerFromClaims({ upn: 'sam@contoso.example', azp: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', oid: 'abc' })).toEqual({
      upn: 'sam@contoso.example',
      appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      objectId: 'abc',
      client: 'Azure CLI',
    });
  });

  it('names no client for an unknown app (a pipeline service principal)', () => {
    expect(callerFromClaims({ appid: '7d3c9a52-aaaa-4bbb-8ccc-1234567890ab' })).toEqual({ appId: '7d3c9a52-aaaa-4bbb-8ccc-1234567890ab' });
  });

  it('skips non-string and blank claims and cuts very long ones', () => {
    expect(callerFromClaims({ name: 42, upn: '  ', appid: ['x'] })).toEqual({});
    expect(callerFromClaims({ name: 'n'.repeat(1000) }).name).toHaveLength(256);
  });

  it.each([undefined, null, 'claims', ['a']])('gives an empty caller for %j', (claims) => {
    expect(callerFromClaims(claims)).toEqual({});
  });
});
