/** E-mail through SMTP with nodemailer. */
import nodemailer from 'nodemailer';
import type { EmailTransportSettings } from '../types.js';
import type { EmailSender, OutgoingEmail } from './email.js';
import { SendError } from './errors.js';

type SmtpSettings = Extract<EmailTransportSettings, { transport: 'smtp' }>;

// Permanent refusals of the message or mailbox; other codes (4xx, auth 530/535) may pass later.
const PERMANENT_SMTP = new Set([501, 550, 551, 552, 553, 554]);

export function createSmtpSender(settings: SmtpSettings, options: { timeoutMs: number }): EmailSender {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'implicit',
    requireTLS: settings.tls === 'starttls',
    ignoreTLS: settings.tls === 'none',
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    logger: false,
    debug: false,
  });
  return {
    secrets: settings.password ? [settings.password] : [],
    async send(mail: OutgoingEmail): Promise<void> {
      try {
        await transport.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const message = error instanceof Error ? error.message : String(error);
        throw new SendError(`SMTP: ${message}`, code === undefined || !PERMANENT_SMTP.has(code), undefined, code);
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
