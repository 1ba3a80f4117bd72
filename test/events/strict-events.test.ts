/**
 * Strict events: every string taken from an event has a bound, an operation's resource type must
 * match its id, dot segments and empty names are rejected, an empty id is malformed, and a
 * well-formed event about something the watcher does not watch is ignored, not malformed.
 */
import { describe, expect, it } from 'vitest';
import { parseResourceId, tryParseResourceId } from '../../src/arm/resource-id.js';
import { EVENT_STRING_LIMITS, parseEvents } from '../../src/events/parse-events.js';
import { resourceEvent } from '../watcher/fixtures.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const NSG = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-a`;
const APIM = `/subscriptions/${SUB}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-a`;
const NSG_WRITE = 'Microsoft.Network/networkSecurityGroups/write';

function event(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  const e = resourceEvent({ id: 'evt-1', resourceId: NSG, operationName: NSG_WRITE });
  return { ...e, ...overrides, data: { ...(e.data as object), ...data } };
}

describe('bounds on the strings of an event', () => {
  it.each([
    ['a 40,000-character event id', event({ id: 'x'.repeat(40_000) }), /id is 40000 characters long, over the limit of 256/],
    ['a 70,000-character correlation id', event({}, { correlationId: 'c'.repeat(70_000) }), /correlationId is 70000 characters long/],
    ['a long operation name', event({}, { operationName: `${NSG_WRITE}${'x'.repeat(300)}` }), /operationName is \d+ characters long/],
    ['a long event type', event({ eventType: `Microsoft.Resources.${'x'.repeat(300)}` }), /eventType is \d+ characters long/],
  ])('%s is malformed, with the field named', async (_what, raw, reason) => {
    const parsed = await parseEvents(raw);
    expect(parsed.changes).toHaveLength(0);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]!.reason).toMatch(reason);
  });

  it('values within the bounds pass', async () => {
    const parsed = await parseEvents(event({ id: 'i'.repeat(EVENT_STRING_LIMITS.id) }, { correlationId: 'c'.repeat(EVENT_STRING_LIMITS.correlationId) }));
    expect(parsed.changes).toHaveLength(1);
  });

  it('caller fields are cut to their bound', async () => {
    const parsed = await parseEvents(event({}, { claims: { name: 'n'.repeat(10_000) } }));
    expect(parsed.changes[0]!.caller.name!.length).toBeLessThanOrEqual(256);
  });
});

describe('the operation and the id', () => {
  it('an APIM write whose id is not an APIM service is malformed', async () => {
    const parsed = await parseEvents(event({ subject: NSG }, { resourceUri: NSG, operationName: 'Microsoft.ApiManagement/service/write' }));
    expect(parsed.changes).toHaveLength(0);
    expect(parsed.problems[0]!.reason).toMatch(/names a resource of type Microsoft\.Network\/networkSecurityGroups, not Microsoft\.ApiManagement\/service/);
  });

  it('an NSG write about an APIM id is malformed too', async () => {
    const parsed = await parseEvents(event({ subject: APIM }, { resourceUri: APIM }));
    expect(parsed.problems).toHaveLength(1);
  });

  it('a watched type outside any resource group is malformed', async () => {
    const id = `/subscriptions/${SUB}/providers/Microsoft.ApiManagement/service/apim-a`;
    const parsed = await parseEvents(event({ subject: id }, { resourceUri: id, operationName: 'Microsoft.ApiManagement/service/write' }));
    expect(parsed.problems[0]!.reason).toMatch(/in no resource group/);
  });

  it('a subscription-scope role assignment is ignored, not malformed', async () => {
    const id = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/0b3c6e1f-1111-2222-3333-444455556666`;
    const parsed = await parseEvents(event({ subject: id }, { resourceUri: id, operationName: 'Microsoft.Authorization/roleAssignments/write' }));
    expect(parsed.problems).toEqual([]);
    expect(parsed.ignored).toHaveLength(1);
    expect(parsed.ignored[0]!.reason).toMatch(/not watched/);
  });
});

describe('ids', () => {
  it('an event with an empty id is malformed (it would share one dedupe key with every other)', async () => {
    for (const id of ['', '   ']) {
      const parsed = await parseEvents(event({ id }));
      expect(parsed.changes).toHaveLength(0);
      expect(parsed.problems).toHaveLength(1);
    }
  });

  it.each([
    `${APIM.replace('apim-a', '..')}`,
    `${APIM.replace('apim-a', '.')}`,
    `${APIM.replace('apim-a', '%2e%2E')}`,
    `${APIM.replace('rg-apim', '..')}`,
    `${APIM.replace('service', '..')}`,
    `${APIM.replace('apim-a', '%20')}`,
    `${NSG}/securityRules/..`,
  ])('%s is rejected by the one parser', (id) => {
    expect(tryParseResourceId(id)).toBeUndefined();
    expect(() => parseResourceId(id)).toThrow(/invalid ARM resource id/);
  });

  it('an event naming service/.. is malformed, never read', async () => {
    const id = APIM.replace('apim-a', '..');
    const parsed = await parseEvents(event({ subject: id }, { resourceUri: id, operationName: 'Microsoft.ApiManagement/service/write' }));
    expect(parsed.changes).toHaveLength(0);
    expect(parsed.problems).toHaveLength(1);
  });

  it('names with dots inside are still fine', () => {
    expect(parseResourceId(APIM.replace('apim-a', 'apim.v2..x')).name).toBe('apim.v2..x');
  });
});
