/**
 * Who made a change, from the `claims` of a Microsoft.Resources.* event. Only the named fields are
 * kept: the claims also hold the token's audience, issuer, lifetime, IP address and more, none of
 * which belongs in state or alerts.
 */
import type { Caller } from './change.js';

// ARM copies the caller's token claims with their long (WS-Federation) names; v2 tokens use the short ones.
const CLAIMS = {
  upn: ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'upn'],
  name: ['name'],
  appId: ['appid', 'azp'],
  objectId: ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'],
} as const satisfies Record<string, readonly string[]>;

/** First-party clients worth naming in an alert ("changed in the Azure portal"). */
const KNOWN_CLIENTS: Readonly<Record<string, string>> = {
  'c44b4083-3bb0-49c1-b47d-974e53cbdf3c': 'Azure portal',
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46': 'Azure CLI',
  '1950a258-227b-4e31-a9cf-717495945fc2': 'Azure PowerShell',
};

/** Claim values longer than this are cut: they go into table rows and alert cards. */
const MAX_CLAIM_LENGTH = 256;

export function callerFromClaims(claims: unknown): Caller {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return {};
  const c = claims as Record<string, unknown>;
  const caller: Caller = {};
  for (const [field, keys] of Object.entries(CLAIMS) as Array<[keyof typeof CLAIMS, readonly string[]]>) {
    const value = firstString(c, keys);
    if (value !== undefined) caller[field] = value;
  }
  const client = caller.appId ? KNOWN_CLIENTS[caller.appId.toLowerCase()] : undefined;
  if (client) caller.client = client;
  return caller;
}

function firstString(claims: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = claims[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, MAX_CLAIM_LENGTH);
  }
  return undefined;
}
