/**
 * Builds Azure CLI commands for remediations. Values come from Azure resources, so every argument is quoted
 * for a POSIX shell unless it is plainly safe.
 */
import { tryParseResourceId } from '../../arm/resource-id.js';
import { shellWord } from '../../output/safe-text.js';

/** A list value (e.g. `--service-endpoints`) becomes separate shell words, as the CLI expects. */
export function azCommand(command: string, options: Array<[string, string | number | readonly string[]]>): string {
  const words = (value: string | number | readonly string[]) => (Array.isArray(value) ? value : [value as string | number]).map(shellWord).join(' ');
  return [command, ...options.map(([flag, value]) => `${flag} ${words(value)}`)].join(' ');
}

/** `--subscription` and `--resource-group` of a resource, as far as its id tells. */
export function scopeOptions(resourceId: string): Array<[string, string]> {
  const parsed = tryParseResourceId(resourceId);
  const options: Array<[string, string]> = [];
  if (parsed?.subscriptionId) options.push(['--subscription', parsed.subscriptionId]);
  if (parsed?.resourceGroup) options.push(['--resource-group', parsed.resourceGroup]);
  return options;
}

/** A name not yet taken (case-insensitively) among `taken`: `base`, then `base-2`, `base-3`, … */
export function freeName(base: string, taken: readonly string[]): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`.toLowerCase())) return `${base}-${i}`;
}
