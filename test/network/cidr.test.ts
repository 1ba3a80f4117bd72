import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/network/cidr.js';

/** The parse through ipaddr.js alone, as before the IPv4 fast path (same character filter in front). */
function viaIpaddr(value: string) {
  if (!/^[0-9A-Fa-f.:/]*[0-9][0-9A-Fa-f.:/]*$/.test(value)) return undefined;
  try {
    const [addr, len] = value.includes('/') ? ipaddr.parseCIDR(value) : [ipaddr.parse(value), undefined];
    const bits = addr.kind() === 'ipv4' ? 32 : 128;
    const prefixLength = len ?? bits;
    let n = 0n;
    for (const b of addr.toByteArray()) n = (n << 8n) | BigInt(b);
    const size = 1n << BigInt(bits - prefixLength);
    const first = (n / size) * size;
    return { family: addr.kind(), first, last: first + size - 1n, prefixLength };
  } catch {
    return undefined;
  }
}

describe('parseCidr', () => {
  it('reads IPv4 exactly as ipaddr.js does, canonical or not (leading zeros, /08, short forms)', () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '010', '0x1f', '255', '256', ''));
    const length = fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('08', '', '-1', '24 '));
    const text = fc
      .tuple(fc.array(octet, { minLength: 1, maxLength: 5 }), fc.option(length))
      .map(([octets, len]) => `${octets.join('.')}${len === null ? '' : `/${len}`}`);
    fc.assert(
      fc.property(fc.oneof(text, fc.constantFrom('10.0.1.0/24', '168.63.129.16', '0.0.0.0/0', '::/0', 'fc00::/7', '2001:db8::1')), (value) => {
        const cidr = parseCidr(value);
        const expected = viaIpaddr(value.trim());
        expect(cidr === undefined ? undefined : { family: cidr.family, first: BigInt(cidr.first), last: BigInt(cidr.last), prefixLength: cidr.prefixLength }).toEqual(expected);
        // IPv4 as 32-bit numbers, IPv6 as bigints.
        if (cidr) expect(typeof cidr.first).toBe(cidr.family === 'ipv4' ? 'number' : 'bigint');
      }),
      { numRuns: 3000 },
    );
  });
});
