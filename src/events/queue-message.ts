/**
 * A Storage Queue message that Event Grid wrote: one event per message, as JSON text. Whether it
 * arrives base64-encoded depends on who encoded it (Event Grid's queue destination, the Functions
 * host's `extensions.queues.messageEncoding`, a test): both forms are accepted, as are the object
 * the Functions host hands over when the text was JSON, and raw bytes.
 */
import type { ParsedEvents } from './change.js';
import { parseEvents, type ParseOptions } from './parse-events.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export async function parseQueueMessage(message: unknown, options: ParseOptions = {}): Promise<ParsedEvents> {
  const text = message instanceof Uint8Array ? Buffer.from(message).toString('utf8') : message;
  if (typeof text !== 'string') return parseEvents(text, options);
  const json = decodeMessageText(text);
  if (json === undefined) {
    return { changes: [], ignored: [], validations: [], problems: [{ index: undefined, reason: 'queue message is neither JSON nor base64-encoded JSON' }] };
  }
  return parseEvents(json, options);
}

/** The JSON text of a message: as it is when it looks like JSON, else base64-decoded; undefined when neither. */
export function decodeMessageText(text: string): string | undefined {
  const trimmed = text.trim();
  if (looksLikeJson(trimmed)) return trimmed;
  const compact = trimmed.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8').trim();
  return looksLikeJson(decoded) ? decoded : undefined;
}

function looksLikeJson(s: string): boolean {
  return s.startsWith('{') || s.startsWith('[');
}
