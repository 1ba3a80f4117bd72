import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidNetworkRuleError } from '../../src/network/invalid-rule.js';
import {
  EPHEMERAL_PORTS,
  parsePortRanges,
  parseProtocol,
  portSpanCoverage,
  portsContain,
  protocolCovers,
} from '../../src/network/ports.js';

describe('protocols', () => {
  it.each([
    ['Tcp', 'Tcp', true],
    ['TCP', 'Tcp', true],
    ['tcp', 'Udp', false],
    ['Udp', 'Udp', true],
    ['Udp', 'Tcp', false],
    ['Icmp', 'Tcp', false],
    ['Esp', 'Tcp', false],
    ['Ah', 'Udp', false],
    ['*', 'Tcp', true],
    ['*', 'Udp', true],
    ['Any', 'Udp', true],
  ] as const)('rule protocol %s vs flow %s → %s', (rule, flow, expected) => {
    expect(protocolCovers(parseProtocol(rule, 'r'), flow)).toBe(expected);
  });

  it('rejects an unknown protocol with the rule name and value', () => {
    expect(() => parseProtocol('Gre', 'MyRule')).toThrow(InvalidNetworkRuleError);
    expect(() => parseProtocol('Gre', 'MyRule')).toThrow('rule "MyRule": protocol "Gre"');
  });
});

describe('port ranges', () => {
  it('parses single ports, ranges, *, arrays and comma-separated strings', () => {
    expect(parsePortRanges(['443'], 'r', 'f')).toEqual([{ from: 443, to: 443 }]);
    expect(parsePortRanges(['100-200'], 'r', 'f')).toEqual([{ from: 100, to: 200 }]);
    expect(parsePortRanges(['*'], 'r', 'f')).toEqual([{ from: 0, to: 65535 }]);
    expect(parsePortRanges(['80', '443'], 'r', 'f')).toEqual([{ from: 80, to: 80 }, { from: 443, to: 443 }]);
    expect(parsePortRanges(['80, 443,1000 - 1010'], 'r', 'f')).toEqual([
      { from: 80, to: 80 },
      { from: 443, to: 443 },
      { from: 1000, to: 1010 },
    ]);
  });

  it.each([['70000'], ['200-100'], ['a'], ['1-2-3'], [''], ['80,']])('rejects %j', (value) => {
    expect(() => parsePortRanges([value], 'R1', 'destination port range')).toThrow(/rule "R1": destination port range/);
  });

  it('rejects an empty list', () => {
    expect(() => parsePortRanges([], 'R1', 'source port range')).toThrow('is empty');
  });

  it('containment agrees with brute force', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 50 })).map(([a, w]) => [a, a + w] as const);
    fc.assert(
      fc.property(fc.array(range, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 2100 }), fc.boolean(), (ranges, port, asOneString) => {
        const texts = ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));
        const parsed = parsePortRanges(asOneString ? [texts.join(',')] : texts, 'r', 'f');
        const brute = ranges.some(([a, b]) => a <= port && port <= b);
        expect(portsContain(parsed, port)).toBe(brute);
      }),
    );
  });

  it('span coverage agrees with brute force', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 40 })).map(([a, w]) => ({ from: a, to: a + w }));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 6 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 60 }), (ranges, from, width) => {
        const span = { from, to: from + width };
        let inside = 0;
        for (let p = span.from; p <= span.to; p++) if (ranges.some((r) => r.from <= p && p <= r.to)) inside++;
        const expected = inside === 0 ? 'none' : inside === width + 1 ? 'full' : 'partial';
        expect(portSpanCoverage(ranges, span)).toBe(expected);
      }),
    );
  });

  it('a source port restriction covers the ephemeral source port only partly', () => {
    expect(portSpanCoverage(parsePortRanges(['*'], 'r', 'f'), EPHEMERAL_PORTS)).toBe('full');
    expect(portSpanCoverage(parsePortRanges(['1024-65535'], 'r', 'f'), EPHEMERAL_PORTS)).toBe('full');
    expect(portSpanCoverage(parsePortRanges(['49152-65535'], 'r', 'f'), EPHEMERAL_PORTS)).toBe('partial');
    expect(portSpanCoverage(parsePortRanges(['80'], 'r', 'f'), EPHEMERAL_PORTS)).toBe('none');
  });
});
