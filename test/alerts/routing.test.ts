import { describe, expect, it } from 'vitest';
import { checkAlertSettings, emailDomainAllowed, parseEmailAddress, resolveRoutes, TAG_CHANNEL, webhookUrlProblem } from '../../src/alerts/routing.js';
import type { AlertSettings, ChannelSettings } from '../../src/alerts/types.js';
import { INSTANCE_ID, settings } from './fixtures.js';

const WORKFLOW = 'https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=s3cr3tSig';
const OPS: ChannelSettings = { name: 'ops', teamsWebhookUrl: WORKFLOW, emailTo: ['ops@contoso.com'], receivesAll: true };
const TEAM_A: ChannelSettings = { name: 'team-a', teamsWebhookUrl: 'https://contoso.webhook.office.com/webhookb2/x/IncomingWebhook/y/z', emailTo: [], receivesAll: false, minSeverity: 'breaks-now' };

function withChannels(extra: Partial<AlertSettings> = {}): AlertSettings {
  return settings({
    channels: [OPS, TEAM_A],
    allowedEmailDomains: ['contoso.com', '*.fabrikam.com'],
    email: { transport: 'smtp', from: 'guard@contoso.com', host: 'smtp.contoso.com', port: 587, tls: 'starttls' },
    ...extra,
  });
}

const routesOf = (tags: Record<string, string> | undefined, s = withChannels()) => resolveRoutes(s, { id: INSTANCE_ID, ...(tags ? { tags } : {}) });

describe('webhookUrlProblem', () => {
  it.each([
    ['legacy incoming webhook', 'https://contoso.webhook.office.com/webhookb2/a/IncomingWebhook/b/c'],
    ['Workflows on logic.azure.com', WORKFLOW],
    ['Power Automate', 'https://api.powerautomate.com/x'],
    ['Power Platform environment', 'https://default123.45.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/x/triggers/manual/paths/invoke?sig=y'],
    ['flow.microsoft.com', 'https://flow.microsoft.com/x'],
  ])('accepts %s', (_name, url) => {
    expect(webhookUrlProblem(url, [])).toBeUndefined();
  });

  it.each([
    ['http to a Teams host', 'http://contoso.webhook.office.com/x', /must be https/],
    ['another host', 'https://hooks.example.com/x?token=abc', /hooks\.example\.com is not a Teams/],
    ['a look-alike host', 'https://webhook.office.com.evil.example/x', /not a Teams/],
    ['a suffix without the dot', 'https://evilwebhook.office.com/x', /not a Teams/],
    ['credentials in the URL', 'https://user:pw@contoso.webhook.office.com/x', /credentials/],
    ['another port', 'https://contoso.webhook.office.com:8443/x', /default https port/],
    ['not a URL', 'nope', /not a valid URL/],
    ['a loopback http URL without the allow-list', 'http://127.0.0.1:8080/hook', /must be https/],
  ])('refuses %s', (_name, url, reason) => {
    expect(webhookUrlProblem(url, [])).toMatch(reason);
  });

  it('accepts another origin only when listed exactly (scheme, host and port)', () => {
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', ['http://127.0.0.1:8080'])).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:8081/hook', ['http://127.0.0.1:8080'])).toMatch(/https/);
    expect(webhookUrlProblem('https://127.0.0.1:8080/hook', ['http://127.0.0.1:8080'])).toBeDefined();
    expect(webhookUrlProblem('https://hooks.example.com/x', ['https://*.example.com'])).toBeUndefined();
    expect(webhookUrlProblem('https://example.com/x', ['https://*.example.com'])).toBeDefined();
  });

  it('never repeats the secret part of the URL in its reason', () => {
    for (const url of ['http://contoso.webhook.office.com/secret-path?sig=s3cr3t', 'https://u:s3cr3t@x.webhook.office.com/secret-path', 'https://evil.example/secret-path?sig=s3cr3t']) {
      const reason = webhookUrlProblem(url, [])!;
      expect(reason).not.toContain('s3cr3t');
      expect(reason).not.toContain('secret-path');
    }
  });
});

describe('e-mail addresses and domains', () => {
  it.each(['team-a@contoso.com', 'first.last+tag@sub.fabrikam.com'])('accepts %s', (a) => expect(parseEmailAddress(a)).toBe(a));
  it.each(['"Eve" <eve@evil.example>', 'a@contoso.com,b@evil.example', 'a@contoso.com\r\nBcc: x@evil.example', 'a@@contoso.com', 'a@localhost', '@contoso.com', 'a..b@contoso.com'])(
    'refuses %j',
    (a) => expect(parseEmailAddress(a)).toBeUndefined(),
  );
  it('matches domains exactly, or subdomains with *.', () => {
    expect(emailDomainAllowed('a@contoso.com', ['contoso.com'])).toBe(true);
    expect(emailDomainAllowed('a@CONTOSO.com', ['contoso.com'])).toBe(true);
    expect(emailDomainAllowed('a@evilcontoso.com', ['contoso.com'])).toBe(false);
    expect(emailDomainAllowed('a@sub.contoso.com', ['contoso.com'])).toBe(false);
    expect(emailDomainAllowed('a@sub.fabrikam.com', ['*.fabrikam.com'])).toBe(true);
    expect(emailDomainAllowed('a@fabrikam.com', ['*.fabrikam.com'])).toBe(false);
    expect(emailDomainAllowed('a@contoso.com', [])).toBe(false);
  });
});

describe('resolveRoutes', () => {
  it('sends every instance to the channels that receive all', () => {
    const { routes, warnings } = routesOf(undefined);
    expect(warnings).toEqual([]);
    expect(routes).toEqual([
      {
        name: 'ops',
        minSeverity: 'breaks-on-apply',
        targets: [
          { kind: 'teams', channel: 'ops' },
          { kind: 'email', channel: 'ops', address: 'ops@contoso.com' },
        ],
      },
    ]);
  });

  it('adds a configured channel named by the tag (tag name case-insensitive), with its own minimum severity', () => {
    const { routes } = routesOf({ 'APIM-VNET-GUARD-NOTIFY': 'Team-A' });
    expect(routes.map((r) => [r.name, r.minSeverity])).toEqual([
      ['ops', 'breaks-on-apply'],
      ['team-a', 'breaks-now'],
    ]);
  });

  it('adds tag addresses in allowed domains to the instance-tag channel', () => {
    const { routes, warnings } = routesOf({ 'apim-vnet-guard-notify': 'team-a@contoso.com; x@sub.fabrikam.com, ops@contoso.com' });
    expect(warnings).toEqual([]);
    const tag = routes.find((r) => r.name === TAG_CHANNEL)!;
    // ops@contoso.com already gets the ops channel: no second copy.
    expect(tag.targets).toEqual([
      { kind: 'email', channel: TAG_CHANNEL, address: 'team-a@contoso.com' },
      { kind: 'email', channel: TAG_CHANNEL, address: 'x@sub.fabrikam.com' },
    ]);
  });

  it('refuses a tag routing to a domain that is not allowed, and says so', () => {
    const { routes, warnings } = routesOf({ 'apim-vnet-guard-notify': 'attacker@evil.example' });
    expect(routes.map((r) => r.name)).toEqual(['ops']);
    expect(warnings).toEqual([{ instanceId: INSTANCE_ID, entry: 'attacker@evil.example', reason: 'e-mail domain is not in the allowed domains; refused' }]);
  });

  it('refuses everything a tag names that is not a configured channel or an allowed address', () => {
    const { routes, warnings } = routesOf({
      'apim-vnet-guard-notify': 'https://evil.example/hook "Eve"<eve@contoso.com> unknown-channel',
    });
    expect(routes.map((r) => r.name)).toEqual(['ops']);
    expect(warnings.map((w) => w.entry)).toEqual(['https://evil.example/hook', '"Eve"<eve@contoso.com>', 'unknown-channel']);
  });

  it('refuses every tag address when no domain is allowed', () => {
    const { routes, warnings } = routesOf({ 'apim-vnet-guard-notify': 'team-a@contoso.com' }, withChannels({ allowedEmailDomains: [] }));
    expect(routes.map((r) => r.name)).toEqual(['ops']);
    expect(warnings).toHaveLength(1);
  });

  it('honours at most ten tag entries', () => {
    const value = Array.from({ length: 12 }, (_, i) => `u${i}@contoso.com`).join(',');
    const { routes, warnings } = routesOf({ 'apim-vnet-guard-notify': value });
    expect(routes.find((r) => r.name === TAG_CHANNEL)!.targets).toHaveLength(10);
    expect(warnings).toHaveLength(2);
  });

  it('skips a channel whose webhook is not allowed, with a warning that holds no secret', () => {
    const bad: ChannelSettings = { ...OPS, teamsWebhookUrl: 'https://evil.example/path-secret?sig=s3cr3t', emailTo: [] };
    const { routes, warnings } = routesOf(undefined, withChannels({ channels: [bad] }));
    expect(routes).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toMatch(/s3cr3t|path-secret/);
  });
});

describe('checkAlertSettings', () => {
  it('accepts sound settings', () => {
    expect(checkAlertSettings(withChannels())).toEqual([]);
  });

  it('names each problem without repeating a secret', () => {
    const problems = checkAlertSettings(
      settings({
        channels: [
          { name: 'Ops!', teamsWebhookUrl: 'http://evil.example/secret-path?sig=s3cr3t', emailTo: ['not-an-address'], receivesAll: true },
          { name: TAG_CHANNEL, emailTo: [], receivesAll: false },
        ],
        extraWebhookOrigins: ['https://x.example/with/path?sig=s3cr3t'],
        allowedEmailDomains: ['contoso'],
        email: { transport: 'smtp', from: 'guard', host: 'smtp.contoso.com', port: 25, tls: 'none', user: 'u', password: 's3cr3t-pass' },
      }),
    );
    expect(problems.join('\n')).not.toMatch(/s3cr3t|secret-path/);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/channel "Ops!": names are/),
        expect.stringMatching(/channel "Ops!": Teams webhook .*must be https/),
        expect.stringMatching(/recipient #1 is not a valid address/),
        expect.stringMatching(/"instance-tag": the name is reserved/),
        expect.stringMatching(/"instance-tag" has neither/),
        expect.stringMatching(/extra webhook origin "https:\/\/x.example" is not an origin/),
        expect.stringMatching(/allowed e-mail domain "contoso"/),
        expect.stringMatching(/sender \(from\)/),
        expect.stringMatching(/password without TLS/),
      ]),
    );
  });

  it('asks for a transport when e-mail is configured', () => {
    expect(checkAlertSettings(withChannels({ email: undefined }))).toEqual(['e-mail recipients are configured but no e-mail transport (smtp or acs) is']);
  });
});
