import { afterEach, describe, expect, it } from 'vitest';
import { createAcsSender, operationIdOf } from '../../src/alerts/channels/acs-email.js';
import type { OutgoingEmail } from '../../src/alerts/channels/email.js';
import { parseRetryAfter, SendError } from '../../src/alerts/channels/errors.js';
import { createSmtpSender } from '../../src/alerts/channels/smtp.js';
import { postToTeams } from '../../src/alerts/channels/teams.js';
import { startAcsFake, startSmtpServer, startTeamsServer } from './servers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const MAIL: OutgoingEmail = {
  from: 'guard@contoso.com',
  to: 'team-a@contoso.com',
  subject: '[apim-vnet-guard] FAIL apim-prod-weu: 1 prerequisite broken',
  text: 'plain body',
  html: '<p>html body</p>',
  messageId: '<abc@apim-vnet-guard>',
  inReplyTo: '<first@apim-vnet-guard>',
  idempotencyKey: '0123456789abcdef0123456789abcdef0123',
};

describe('Teams webhook', () => {
  it('treats 202 and 200 as success', async () => {
    const server = await startTeamsServer({ responses: [{ status: 200, body: '1' }] });
    cleanups.push(server.close);
    await postToTeams(server.url, { type: 'message' }, { timeoutMs: 5000 });
    await postToTeams(server.url, { type: 'message' }, { timeoutMs: 5000 });
    expect(server.calls).toBe(2);
    expect(server.received).toEqual([{ type: 'message' }]);
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [404, true],
    [400, false],
    [413, false],
  ])('classifies %i as retryable=%s', async (status, retryable) => {
    const server = await startTeamsServer({ responses: [{ status, body: 'nope' }] });
    cleanups.push(server.close);
    const error = await postToTeams(server.url, {}, { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect((error as SendError).retryable).toBe(retryable);
    expect((error as SendError).status).toBe(status);
  });

  it('reads Retry-After in seconds and as a date', async () => {
    const server = await startTeamsServer({ responses: [{ status: 429, headers: { 'retry-after': '120' } }] });
    cleanups.push(server.close);
    const error = (await postToTeams(server.url, {}, { timeoutMs: 5000 }).catch((e: unknown) => e)) as SendError;
    expect(error.retryAfterMs).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const server = await startTeamsServer({ responses: ['hang'] });
    cleanups.push(server.close);
    const error = await postToTeams(server.url, {}, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });
});

describe('SMTP through nodemailer', () => {
  it('delivers to a real SMTP server: subject, both bodies, threading headers', async () => {
    const smtp = await startSmtpServer({ user: 'guard', pass: 'smtp-pa55word' });
    cleanups.push(smtp.close);
    const sender = createSmtpSender({ transport: 'smtp', from: MAIL.from, host: '127.0.0.1', port: smtp.port, tls: 'none', user: 'guard', password: 'smtp-pa55word' }, { timeoutMs: 5000 });
    cleanups.push(() => sender.close());
    await sender.send(MAIL);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe(MAIL.subject);
    expect(mail.text?.trim()).toBe('plain body');
    expect(mail.html).toContain('<p>html body</p>');
    expect(mail.messageId).toBe(MAIL.messageId);
    expect(mail.inReplyTo).toBe(MAIL.inReplyTo);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(smtp.envelopes[0]).toEqual(['team-a@contoso.com']);
    expect(sender.secrets).toEqual(['smtp-pa55word']);
  });

  it('reports a refused login as a retryable SendError (the secret may be fixed)', async () => {
    const smtp = await startSmtpServer({ user: 'guard', pass: 'right' });
    cleanups.push(smtp.close);
    const sender = createSmtpSender({ transport: 'smtp', from: MAIL.from, host: '127.0.0.1', port: smtp.port, tls: 'none', user: 'guard', password: 'wrong-pa55' }, { timeoutMs: 5000 });
    cleanups.push(() => sender.close());
    const error = (await sender.send(MAIL).catch((e: unknown) => e)) as SendError;
    expect(error).toBeInstanceOf(SendError);
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain('wrong-pa55');
    expect(smtp.received).toHaveLength(0);
  });

  it('reports an unreachable server as retryable', async () => {
    const smtp = await startSmtpServer();
    const port = smtp.port;
    await smtp.close();
    const sender = createSmtpSender({ transport: 'smtp', from: MAIL.from, host: '127.0.0.1', port, tls: 'none' }, { timeoutMs: 2000 });
    const error = (await sender.send(MAIL).catch((e: unknown) => e)) as SendError;
    expect(error.retryable).toBe(true);
  });
});

describe('Azure Communication Services Email', () => {
  it('sends through the REST API (202 + Operation-Location, then Succeeded) with a stable operation id', async () => {
    const acs = await startAcsFake();
    cleanups.push(acs.close);
    const sender = createAcsSender({ transport: 'acs', from: 'DoNotReply@contoso.azurecomm.net', connectionString: acs.connectionString }, { timeoutMs: 10_000, pollIntervalMs: 10 });
    await sender.send(MAIL);
    expect(acs.sends).toHaveLength(1);
    const { body, headers, url } = acs.sends[0]!;
    expect(url).toMatch(/^\/emails:send\?api-version=/);
    expect(String(headers.authorization)).toMatch(/^HMAC-SHA256 /);
    expect(headers['operation-id']).toBe(operationIdOf(MAIL.idempotencyKey!));
    expect(body).toMatchObject({
      senderAddress: MAIL.from,
      content: { subject: MAIL.subject, plainText: 'plain body', html: '<p>html body</p>' },
      recipients: { to: [{ address: 'team-a@contoso.com' }] },
    });
    expect(acs.polls).toBeGreaterThanOrEqual(1);
    expect(sender.secrets).toEqual([acs.connectionString]);
  });

  it('turns a failing service into a retryable SendError', async () => {
    const acs = await startAcsFake({ failFirst: 100, status: 503 });
    cleanups.push(acs.close);
    const sender = createAcsSender({ transport: 'acs', from: 'DoNotReply@contoso.azurecomm.net', connectionString: acs.connectionString }, { timeoutMs: 20_000, pollIntervalMs: 10 });
    const error = (await sender.send(MAIL).catch((e: unknown) => e)) as SendError;
    expect(error).toBeInstanceOf(SendError);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(503);
    // One call per attempt: the outbox schedules the retries, not the SDK.
    expect(acs.sends).toHaveLength(0);
  });

  it('passes on the Retry-After of a throttled send', async () => {
    const acs = await startAcsFake({ failFirst: 1, status: 429, retryAfter: '30' });
    cleanups.push(acs.close);
    const sender = createAcsSender({ transport: 'acs', from: MAIL.from, connectionString: acs.connectionString }, { timeoutMs: 20_000, pollIntervalMs: 10 });
    const error = (await sender.send(MAIL).catch((e: unknown) => e)) as SendError;
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(30_000);
    await sender.send(MAIL);
    expect(acs.sends).toHaveLength(1);
  });

  it('formats operation ids as GUIDs', () => {
    expect(operationIdOf('0123456789abcdef0123456789abcdef')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
