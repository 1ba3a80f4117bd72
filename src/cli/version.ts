/**
 * The tool's version, read from the package.json above this file (src/cli/ under tsx and
 * dist/cli/ once bundled: two levels up; dist/src/cli/ once compiled: three), so that it is written in one place.
 */
import { readFileSync } from 'node:fs';

export function toolVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'apim-vnet-guard' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there at this depth; try the next one
    }
  }
  return '0.0.0';
}
