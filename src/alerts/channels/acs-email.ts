/**
 * E-mail through Azure Communication Services. A connection string (HMAC key) or an endpoint with
 * a TokenCredential (managed identity). Plain http is accepted only for a loopback endpoint
 * (the local fake in tests). The operation id is derived from the outbox key, so a send repeated
 * after an ambiguous failure is the same ACS operation.
 */
import { EmailClient } from '@azure/communication-email';
import type { RestError } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import type { EmailTransportSettings } from '../types.js';
import type { EmailSender, OutgoingEmail } from './email.js';
import { parseRetryAfter, SendError, retryableHttpStatus } from './errors.js';

type AcsSettings = Extract<EmailTransportSettings, { transport: 'acs' }>;

function endpointOf(settings: AcsSettings): string {
  if (settings.endpoint) return settings.endpoint;
  const m = /(?:^|;)\s*endpoint=([^;]+)/i.exec(settings.connectionString ?? '');
  return m?.[1] ?? '';
}

function isLoopbackHttp(endpoint: string): boolean {
  try {
    const u = new URL(endpoint);
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/** A UUID-shaped id from a hex key (ACS wants a GUID). */
export function operationIdOf(hexKey: string): string {
  const h = hexKey.padEnd(32, '0').slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createAcsSender(
  settings: AcsSettings,
  options: { timeoutMs: number; credential?: TokenCredential; pollIntervalMs?: number },
): EmailSender {
  // The outbox schedules retries (honouring Retry-After across restarts); the SDK does not retry within a call.
  const clientOptions = { allowInsecureConnection: isLoopbackHttp(endpointOf(settings)), retryOptions: { maxRetries: 0 } };
  let client: EmailClient;
  if (settings.connectionString) client = new EmailClient(settings.connectionString, clientOptions);
  else if (settings.endpoint && options.credential) client = new EmailClient(settings.endpoint, options.credential, clientOptions);
  else throw new Error('acs e-mail: set a connection string, or an endpoint and a credential');
  const secrets = settings.connectionString ? [settings.connectionString] : [];

  return {
    secrets,
    async send(mail: OutgoingEmail): Promise<void> {
      const abortSignal = AbortSignal.timeout(options.timeoutMs);
      try {
        const poller = await client.beginSend(
          {
            senderAddress: mail.from,
            content: { subject: mail.subject, plainText: mail.text, html: mail.html },
            recipients: { to: [{ address: mail.to }] },
          },
          {
            abortSignal,
            updateIntervalInMs: options.pollIntervalMs ?? 2000,
            ...(mail.idempotencyKey ? { operationId: operationIdOf(mail.idempotencyKey) } : {}),
          },
        );
        const result = await poller.pollUntilDone({ abortSignal });
        if (result.status !== 'Succeeded') {
          throw new SendError(`ACS e-mail ended ${result.status}${result.error?.message ? `: ${result.error.message}` : ''}`, true);
        }
      } catch (error) {
        if (error instanceof SendError) throw error;
        const status = (error as { statusCode?: number }).statusCode;
        const name = (error as { name?: string }).name;
        if (name === 'AbortError' || abortSignal.aborted) throw new SendError('ACS e-mail timed out', true);
        const message = error instanceof Error ? error.message : String(error);
        const retryAfter = parseRetryAfter((error as RestError).response?.headers.get('retry-after'), Date.now());
        throw new SendError(`ACS e-mail: ${message}`, status === undefined || retryableHttpStatus(status), retryAfter, status);
      }
    },
    async close(): Promise<void> {},
  };
}
