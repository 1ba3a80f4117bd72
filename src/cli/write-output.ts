/** The one way a command writes a file an option names (`--output`, `--html`): written, or a message saying why not. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Writes `text` to `path` (relative to `cwd`); false after telling `err` which option's file could not be written and why. */
export async function writeOptionFile(cwd: string, option: string, path: string, text: string, err: (line: string) => void): Promise<boolean> {
  try {
    await writeFile(resolve(cwd, path), text, 'utf8');
    return true;
  } catch (e) {
    err(`apim-vnet-guard: cannot write ${option} ${path}: ${(e as Error).message}`);
    return false;
  }
}
