/**
 * Credentials and the endpoint override. Without a sign-in, the default chain fails with one clear
 * line, and no test lets it probe the managed-identity endpoint (vitest sets AZURE_TOKEN_CREDENTIALS=dev;
 * PATH is emptied so that no developer tool on this machine is asked for a real token).
 */
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defaultArmCredential, ensureSignedIn, SignInRequiredError } from '../../../src/sources/arm/credential.js';
import { ArmEndpointError, armHttpClient, parseArmEndpointOverride } from '../../../src/sources/arm/transport.js';
import { fakeCredential } from '../../support/arm-simulator-connection.js';

describe('without a sign-in', () => {
  const connects: string[] = [];
  const originalConnect = net.Socket.prototype.connect;
  let path: string | undefined;

  beforeEach(() => {
    path = process.env.PATH;
    process.env.PATH = '/nonexistent-apim-vnet-guard-test';
    connects.length = 0;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      // net.connect() passes its normalized arguments as one array: [options, callback].
      const raw = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
      const first = raw as { host?: string; port?: number } | number | string;
      connects.push(typeof first === 'object' && first !== null ? `${first.host ?? ''}:${first.port ?? ''}` : String(first));
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
  });
  afterEach(() => {
    net.Socket.prototype.connect = originalConnect;
    process.env.PATH = path;
  });

  test('the default chain (dev tools only) fails with one line on how to sign in', async () => {
    expect(process.env.AZURE_TOKEN_CREDENTIALS).toBe('dev');
    const err = await ensureSignedIn(defaultArmCredential()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignInRequiredError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^not signed in to Azure: sign in with `az login`/);
    expect((err as SignInRequiredError).detail.length).toBeGreaterThan(0);
    expect(connects.filter((c) => c.includes('169.254.169.254'))).toEqual([]);
  });

  test('a user-assigned identity client id is accepted and still probes nothing in dev mode', async () => {
    const err = await ensureSignedIn(defaultArmCredential({ managedIdentityClientId: '11111111-2222-3333-4444-555555555555' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignInRequiredError);
    expect(connects.filter((c) => c.includes('169.254.169.254'))).toEqual([]);
  });

  test('a credential that never answers is cut off', async () => {
    const hanging = { getToken: (_s: string | string[], o?: { abortSignal?: AbortSignal }) => new Promise<null>((_, reject) => o?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted')))) };
    const err = await ensureSignedIn(hanging, 30).catch((e: unknown) => e);
    expect((err as SignInRequiredError).detail).toBe('no token within 30 ms');
  });

  test('the connection spy sees real connections (so its silence above means something)', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => net.connect({ host: '127.0.0.1', port }, resolve).on('close', () => undefined).end());
    server.close();
    expect(connects).toContain(`127.0.0.1:${port}`);
  });

  test('a working credential passes', async () => {
    await expect(ensureSignedIn(fakeCredential())).resolves.toBeUndefined();
  });
});

describe('the test-only ARM endpoint override', () => {
  test.each(['http://127.0.0.1:8080', 'http://localhost:9', 'https://arm.test.example', 'http://127.0.0.1:8080/'])('accepts %s', (value) => {
    expect(parseArmEndpointOverride(value)).toBe(new URL(value).origin);
  });

  test.each([
    ['http://10.0.0.4:8080', /plain http only for 127.0.0.1 or localhost/],
    ['http://management.azure.com', /plain http only/],
    ['ftp://127.0.0.1', /must be an http\(s\) URL/],
    ['https://arm.example/path', /bare origin/],
    ['not a url', /is not a URL/],
  ])('rejects %s', (value, reason) => {
    expect(() => parseArmEndpointOverride(value)).toThrow(ArmEndpointError);
    expect(() => parseArmEndpointOverride(value)).toThrow(reason);
  });

  test('the transport only redirects the public ARM host, nextLinks included', async () => {
    const seen: string[] = [];
    const inner = { sendRequest: async (r: { url: string; allowInsecureConnection?: boolean }) => { seen.push(`${r.url} ${r.allowInsecureConnection === true}`); return {} as never; } };
    const client = armHttpClient('http://127.0.0.1:1234', inner as never);
    await client.sendRequest({ url: 'https://management.azure.com/subscriptions/x?api-version=1&$skipToken=2' } as never);
    await client.sendRequest({ url: 'https://login.microsoftonline.com/token' } as never);
    expect(seen).toEqual([
      'http://127.0.0.1:1234/subscriptions/x?api-version=1&$skipToken=2 true',
      'https://login.microsoftonline.com/token false',
    ]);
    expect(armHttpClient(undefined, inner as never)).toBe(inner);
  });
});
