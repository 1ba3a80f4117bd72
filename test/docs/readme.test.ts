/**
 * The README is the user's manual: its set-up commands, rule table, configuration table and the
 * commands it shows must match the code, so that it cannot drift.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import { SETTINGS } from '../../src/config/settings.js';
import { RULES } from '../../src/rules/catalogue.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(`${ROOT}/README.md`, 'utf8');
const PACKAGE = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { scripts: Record<string, string> };

/** Lines of the README's shell code blocks, with `\` continuations joined. */
function shellLines(): string[] {
  const blocks = [...README.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.replace(/\\\n\s*/g, ' ').split('\n')).map((l) => l.trim()).filter(Boolean);
}

async function helpOf(command: string): Promise<string> {
  let out = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, env: {}, cwd: ROOT };
  await main([command, '--help'], io);
  return out;
}

describe('README', () => {
  it('starts with exactly the two set-up commands', () => {
    const first = README.match(/```sh\n([\s\S]*?)```/)![1]!.trim().split('\n');
    expect(first).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('lists every rule of the catalogue with its default severity', () => {
    for (const rule of RULES) {
      const row = README.split('\n').find((l) => l.startsWith(`| \`${rule.meta.id}\` |`));
      expect(row, rule.meta.id).toBeDefined();
      expect(row).toContain(`| ${rule.meta.severity} |`);
    }
  });

  it('documents every app setting with its default', () => {
    for (const setting of SETTINGS) {
      const row = README.split('\n').find((l) => l.startsWith(`| \`${setting.name}\` |`));
      expect(row, setting.name).toBeDefined();
      if (setting.default !== undefined) expect(row).toContain(`\`${setting.default.replace(/\|/g, '\\|')}\``);
    }
  });

  it('uses only npm scripts that exist', () => {
    for (const line of shellLines()) {
      for (const m of line.matchAll(/npm (?:run )?(\w[\w-]*)/g)) {
        const script = m[1]!;
        if (['ci', 'install', 'test', 'start'].includes(script) && !line.includes(`npm run ${script}`)) {
          if (script === 'test' || script === 'start') expect(PACKAGE.scripts[script], script).toBeDefined();
          continue;
        }
        expect(PACKAGE.scripts[script], `npm run ${script}`).toBeDefined();
      }
    }
  });

  it('shows apim-vnet-guard commands and options that exist', async () => {
    const commands = shellLines().filter((l) => /(^|\s)npx apim-vnet-guard |^apim-vnet-guard /.test(l));
    expect(commands.length).toBeGreaterThan(5);
    const help = new Map<string, string>();
    for (const line of commands) {
      const words = line.slice(line.search(/apim-vnet-guard [a-z]/) + 'apim-vnet-guard '.length).split(/\s+/);
      const command = words[0]!;
      expect(['check', 'export', 'rules', 'preflight'], line).toContain(command);
      if (!help.has(command)) help.set(command, await helpOf(command));
      for (const option of words.filter((w) => w.startsWith('--'))) {
        expect(help.get(command), `${option} in: ${line}`).toContain(option.split('=')[0]);
      }
    }
  });
});
