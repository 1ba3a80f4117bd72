/**
 * Reads settings from an environment with the defaults of the settings table, collecting every
 * problem (by setting name, never quoting a secret) instead of stopping at the first.
 */
import { SETTINGS, type SettingName } from './settings.js';

export type Env = Readonly<Record<string, string | undefined>>;

const DEFAULTS = new Map<string, string | undefined>(SETTINGS.map((s) => [s.name, s.default]));
const SECRETS = new Set<string>(SETTINGS.filter((s) => s.secret).map((s) => s.name));

export class SettingReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  /** The value, trimmed, or the default; undefined when neither (an empty value counts as unset). */
  raw(name: SettingName): string | undefined {
    const v = this.env[name]?.trim();
    return v === undefined || v === '' ? DEFAULTS.get(name) : v;
  }

  problem(name: SettingName, message: string): void {
    this.problems.push(`${name}: ${message}`);
  }

  /** How a value may be quoted in a problem: secrets never are. */
  shown(name: SettingName, value: string): string {
    return SECRETS.has(name) ? '(secret value not shown)' : `"${value}"`;
  }

  matching(name: SettingName, pattern: RegExp, what: string): string {
    const v = this.raw(name) ?? '';
    if (!pattern.test(v)) this.problem(name, `expected ${what}, got ${this.shown(name, v)}`);
    return v;
  }

  integer(name: SettingName, min: number, max: number): number {
    const v = this.raw(name) ?? '';
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) this.problem(name, `expected a whole number from ${min} to ${max}, got ${this.shown(name, v)}`);
    return n;
  }

  /** Comma-separated (semicolons too), trimmed, empties dropped. */
  list(name: SettingName): string[] {
    return (this.raw(name) ?? '')
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
}

export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// NCRONTAB with six fields (the Functions timer also accepts a TimeSpan such as 00:30:00).
export const SCHEDULE = /^(\S+\s+){5}\S+$|^\d{2}:\d{2}:\d{2}$/;
