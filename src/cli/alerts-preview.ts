/**
 * `check --alerts-dir DIR`: writes what each instance's team would receive (Teams message, HTML
 * and text e-mail, the whole .eml) so that a user sees the alerts before deploying the watcher.
 *
 * Which instances get files is the alert policy's decision (through renderAlertPreview), not
 * ours: a `fail` instance gets the "failing" alert, an `unknown` one the "cannot evaluate"
 * notice the watcher sends once it lasts; pass, warn and not-injected instances get nothing.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { renderAlertPreview, previewBaseName, type PreviewFile } from '../alerts/preview.js';
import type { Report } from '../model/finding.js';

export interface AlertPreviewResult {
  /** Absolute paths of the files written, in report order. */
  files: string[];
  /** Names of the instances that got files. */
  instances: string[];
  /** Previews of an earlier run (instances that no longer alert) removed from the directory. */
  removed: string[];
}

/** The files a preview writes, by suffix: only these are ever removed from the directory. */
const PREVIEW_SUFFIXES = ['.teams.json', '.email.html', '.email.txt', '.eml'];

/** Renders the previews of every instance of `report` and writes them into `dir` (created). */
export async function writeAlertPreviews(report: Report, dir: string, now: Date): Promise<AlertPreviewResult> {
  const rendered: Array<{ id: string; name: string; files: PreviewFile[] }> = [];
  for (const instance of report.instances) {
    const files = await renderAlertPreview(instance, { now });
    if (files.length > 0) rendered.push({ id: instance.id, name: instance.name, files });
  }

  // Names are unique per resource group only: two instances with one name get their id's hash
  // in their file names instead of overwriting each other's files.
  const count = new Map<string, number>();
  for (const r of rendered) count.set(previewBaseName(r.name), (count.get(previewBaseName(r.name)) ?? 0) + 1);

  await mkdir(dir, { recursive: true });
  const result: AlertPreviewResult = { files: [], instances: [], removed: [] };
  for (const r of rendered) {
    const base = previewBaseName(r.name);
    const unique = count.get(base)! > 1 ? `${base}-${createHash('sha256').update(r.id.toLowerCase()).digest('hex').slice(0, 8)}` : base;
    for (const file of r.files) {
      const path = join(dir, unique + file.name.slice(base.length));
      await writeFile(path, file.content, 'utf8');
      result.files.push(path);
    }
    result.instances.push(r.name);
  }
  // A preview left by an earlier run would say an instance alerts when it no longer does.
  const written = new Set(result.files.map((f) => basename(f)));
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile() || written.has(entry.name) || !PREVIEW_SUFFIXES.some((s) => entry.name.endsWith(s))) continue;
    await rm(join(dir, entry.name));
    result.removed.push(join(dir, entry.name));
  }
  return result;
}

/** The one stderr line that says what was written where. */
export function describeAlertPreviews(result: AlertPreviewResult, shownDir: string): string {
  const n = result.instances.length;
  const removed = result.removed.length > 0 ? `; ${result.removed.length} earlier ${result.removed.length === 1 ? 'file' : 'files'} of instances that no longer alert removed` : '';
  if (n === 0) return `Alert previews: no instance would alert, nothing written to ${shownDir}${removed}`;
  return `Alert previews: ${result.files.length} ${result.files.length === 1 ? 'file' : 'files'} for ${n} ${n === 1 ? 'instance' : 'instances'} that would alert written to ${shownDir}${removed}`;
}
