/** The README's pre-flight commands on the fixtures run as shown, with the exit status their comment states. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## Pre-flight: will this change break an instance?'), README.indexOf('## The watcher'));
const commands = [...section.matchAll(/^npx apim-vnet-guard (preflight --change test\/fixtures\/[^#\n]*?)\s+# exit (\d)$/gm)].map((m) => ({ argv: m[1]!.split(/\s+/), exit: Number(m[2]) }));

describe('README pre-flight', () => {
  it('shows at least the four done-when runs on the fixtures', () => {
    expect(commands.length).toBeGreaterThanOrEqual(4);
  });

  it.each(commands.map((c) => [c.argv.join(' '), c]))('%s', async (_line, c) => {
    const r = await run(c.argv, { cwd: ROOT });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(c.exit);
  });

  it('shows the text output the first command prints (its first lines, verbatim)', async () => {
    const r = await run(commands[0]!.argv, { cwd: ROOT });
    const shown = section.match(/```text\n([\s\S]*?)```/)![1]!.split('\n').filter((l) => !l.includes('…'));
    const printed = r.stdout.split('\n');
    for (const line of shown.filter(Boolean)) expect(printed, line).toContain(line);
  });
});
