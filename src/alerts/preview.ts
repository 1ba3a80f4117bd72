/**
 * What a team would receive for one instance, without Azure: the Teams message and the e-mail
 * (HTML, text and the whole .eml), as files. Used by `check --alerts-dir`. No I/O: the caller
 * writes the files. Deterministic for a given `now` (the .eml boundary derives from the alert id).
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { InstanceReport } from '../model/finding.js';
import type { Severity } from '../model/severity.js';
import { decideAlerts } from './policy.js';
import { buildTeamsMessage } from './render/card.js';
import { buildEmail } from './render/email.js';
import type { Attribution } from './types.js';
import { safeJson } from '../output/safe-text.js';

export interface PreviewOptions {
  now: Date;
  /** The change(s) to show as the cause, most recent first. */
  attribution?: Attribution | readonly Attribution[];
  /** Default `breaks-on-apply`, as the channels' default. */
  minSeverity?: Severity;
  portalUrl?: string;
  subjectPrefix?: string;
  /** Addresses written in the .eml. */
  from?: string;
  to?: string;
}

export interface PreviewFile {
  /** `<instance>.teams.json`, `<instance>.email.html`, `<instance>.email.txt`, `<instance>.eml`. */
  name: string;
  content: string;
}

/** A file name from an instance name: letters, digits, dot, dash and underscore. */
export function previewBaseName(instanceName: string): string {
  const safe = instanceName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100);
  return safe || 'instance';
}

/**
 * The files for a failing (or `unknown`) instance; none for an instance that would get no alert.
 */
export async function renderAlertPreview(report: InstanceReport, options: PreviewOptions): Promise<PreviewFile[]> {
  const changes = options.attribution === undefined ? [] : Array.isArray(options.attribution) ? options.attribution : [options.attribution];
  const { alerts } = decideAlerts({
    report,
    previous: undefined,
    channels: [{ name: 'preview', minSeverity: options.minSeverity ?? 'breaks-on-apply' }],
    changes: changes as readonly Attribution[],
    now: options.now,
    options: { unknownAfterMinutes: 0, subjectPrefix: options.subjectPrefix ?? '[apim-vnet-guard]' },
  });
  const alert = alerts[0];
  if (!alert) return [];
  const render = { portalUrl: options.portalUrl ?? 'https://portal.azure.com' };
  const teams = buildTeamsMessage(alert, render);
  const email = buildEmail(alert, render);
  const eml = await new MailComposer({
    from: options.from ?? 'apim-vnet-guard@example.com',
    to: options.to ?? 'platform-team@example.com',
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
    date: options.now,
    headers: { 'Auto-Submitted': 'auto-generated' },
    baseBoundary: alert.id.slice(0, 16),
  } as ConstructorParameters<typeof MailComposer>[0])
    .compile()
    .build();
  const base = previewBaseName(report.name);
  return [
    { name: `${base}.teams.json`, content: `${safeJson(teams, 2)}\n` },
    { name: `${base}.email.html`, content: email.html },
    { name: `${base}.email.txt`, content: email.text },
    { name: `${base}.eml`, content: eml.toString('utf8') },
  ];
}
