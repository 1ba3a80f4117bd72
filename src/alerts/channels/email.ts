/** The e-mail transport port: one message to one recipient. SMTP and ACS implement it. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string;
  /** Stable per outbox row: transports that support it (ACS operation id) use it to drop repeats. */
  idempotencyKey?: string;
}

export interface EmailSender {
  /** Throws SendError (channels/errors.ts). */
  send(mail: OutgoingEmail): Promise<void>;
  close(): Promise<void>;
  /** Secret values of this transport, for redaction. */
  readonly secrets: readonly string[];
}
