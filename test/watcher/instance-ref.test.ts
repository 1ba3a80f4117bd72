import { describe, expect, it } from 'vitest';
import { parseResourceId } from '../../src/arm/resource-id.js';
import { instanceIdOf, parseInstanceRef } from '../../src/watcher/instance-ref.js';

const SUB = '00000000-0000-0000-0000-0000000000AB';

describe('instance references from HTTP route parameters', () => {
  it.each([
    ['rg-apim', 'apim-prod'],
    ['rg_(test).1', 'a'],
    ['Ressourcengruppe-Müller', 'A1-b2'],
    ['x'.repeat(90), `a${'b'.repeat(49)}`],
  ])('accepts resource group %s and name %s, and rebuilds an APIM id from them', (resourceGroup, name) => {
    const parsed = parseInstanceRef({ subscriptionId: SUB, resourceGroup, name });
    if (!('ref' in parsed)) throw new Error(parsed.error.message);
    const id = parseResourceId(instanceIdOf(parsed.ref));
    expect(id).toMatchObject({ subscriptionId: SUB.toLowerCase(), resourceGroup, name, type: 'Microsoft.ApiManagement/service' });
  });

  it.each([
    [{ subscriptionId: '' }, 'INVALID_SUBSCRIPTION_ID'],
    [{ subscriptionId: '00000000-0000-0000-0000-00000000000' }, 'INVALID_SUBSCRIPTION_ID'],
    [{ resourceGroup: '' }, 'INVALID_RESOURCE_GROUP'],
    [{ resourceGroup: 'a/b' }, 'INVALID_RESOURCE_GROUP'],
    [{ resourceGroup: 'a b' }, 'INVALID_RESOURCE_GROUP'],
    [{ resourceGroup: 'a%2Fb' }, 'INVALID_RESOURCE_GROUP'],
    [{ name: 'b'.repeat(51) }, 'INVALID_INSTANCE_NAME'],
    [{ name: 'a.b' }, 'INVALID_INSTANCE_NAME'],
    [{ name: 'a\u0000' }, 'INVALID_INSTANCE_NAME'],
  ])('rejects %o with %s', (override, code) => {
    const parsed = parseInstanceRef({ subscriptionId: SUB, resourceGroup: 'rg', name: 'apim', ...override });
    expect('error' in parsed && parsed.error.code).toBe(code);
  });
});
