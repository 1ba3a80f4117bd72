/**
 * `check --alerts-dir`: the sample estate and small synthetic estates run through main() with an
 * injected clock; the files written are read back and parsed as a Teams client and a mail
 * client would (adaptivecards, mailparser).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamsMessage } from '../../src/alerts/render/card.js';
import { main, type CliIo } from '../../src/cli/program.js';
import { expectValidCard } from '../alerts/card-check.js';
import { instanceResources, tempEstate, type RunResult, type TempEstate } from './fixtures.js';

const ESTATE = fileURLToPath(new URL('../../examples/estate', import.meta.url));
const NOW = new Date('2026-03-02T09:30:00.000Z');
const FAILING = ['apim-contoso-global', 'apim-contoso-hub-neu', 'apim-contoso-int-weu', 'apim-contoso-legacy', 'apim-contoso-v2-inj-weu', 'apim-fabrikam-partner'];
const SUFFIXES = ['.email.html', '.email.txt', '.eml', '.teams.json'];

async function run(argv: string[], cwd: string): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: {},
    cwd,
    now: () => NOW,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const filesFor = (names: string[]) => names.flatMap((n) => SUFFIXES.map((s) => n + s)).sort();

describe('apim-vnet-guard check --alerts-dir', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'apim-vnet-guard-alerts-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  describe('on the sample estate', () => {
    let result: RunResult;
    let dir: string;
    beforeAll(async () => {
      // A relative, nested directory that does not exist yet: resolved against cwd and created.
      dir = join(work, 'sample', 'previews');
      result = await run(['check', '--estate', ESTATE, '--fail-on', 'never', '--alerts-dir', 'sample/previews'], work);
    });

    it('writes the four files of each failing instance and none for the healthy or not-injected ones', async () => {
      expect(result.code).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(filesFor(FAILING));
      expect(result.stderr).toBe('Alert previews: 24 files for 6 instances that would alert written to sample/previews\n');
      // The report itself is unchanged on stdout.
      expect(result.stdout).toContain('✔ PASS  apim-contoso-ext-weu');
    });

    it('writes the Teams message envelope with a valid Adaptive Card 1.4 naming the instance and the rule', async () => {
      const message = JSON.parse(await readFile(join(dir, 'apim-contoso-int-weu.teams.json'), 'utf8')) as TeamsMessage;
      expect(message.type).toBe('message');
      expect(message.attachments).toHaveLength(1);
      const attachment = message.attachments[0]!;
      expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(attachment.content.version).toBe('1.4');
      expectValidCard(attachment.content, expect);
      const text = JSON.stringify(attachment.content);
      expect(text).toContain('apim-contoso-int-weu');
      expect(text).toContain('NSG_IN_MGMT_3443');
      expect(text).toContain('DenyAllInBound');
    });

    it('writes an .eml a mail client reads back: subject, date, and the same text and HTML as the other files', async () => {
      const [eml, html, txt] = await Promise.all(
        ['.eml', '.email.html', '.email.txt'].map((s) => readFile(join(dir, `apim-contoso-hub-neu${s}`), 'utf8')),
      );
      const mail = await simpleParser(eml!);
      expect(mail.subject).toBe('[apim-vnet-guard] FAIL apim-contoso-hub-neu: BREAKS NOW · 1 broken');
      expect(mail.date?.toISOString()).toBe(NOW.toISOString());
      expect(mail.html).toBe(html);
      expect(mail.text?.trim()).toBe(txt!.trim());
      expect(txt).toContain('RT_MGMT_RETURN_PATH');
      expect(html).toContain('rt-apim-forced-tunnel-neu');
    });

    it('writes the same bytes again for the same estate and clock', async () => {
      const again = join(work, 'again');
      await run(['check', '--estate', ESTATE, '--fail-on', 'never', '--alerts-dir', again], work);
      for (const name of filesFor(FAILING)) {
        expect(await readFile(join(again, name), 'utf8'), name).toBe(await readFile(join(dir, name), 'utf8'));
      }
    });

    it('follows --instance: only that instance is previewed', async () => {
      const one = join(work, 'one');
      const r = await run(['check', '--estate', ESTATE, '--instance', 'apim-contoso-legacy', '--alerts-dir', one], work);
      expect(r.code).toBe(1);
      expect((await readdir(one)).sort()).toEqual(filesFor(['apim-contoso-legacy']));
    });
  });

  describe('on small estates', () => {
    const estates: TempEstate[] = [];
    afterAll(async () => {
      await Promise.all(estates.map((e) => e.cleanup()));
    });
    const estate = async (files: Record<string, unknown>) => {
      const e = await tempEstate(files);
      estates.push(e);
      return e;
    };

    it('writes the "cannot evaluate" notice for an instance that could not be evaluated', async () => {
      const e = await estate({ 'estate.json': instanceResources({ name: 'apim-no-network', octet: 3, withoutNetwork: true }) });
      const out = join(work, 'unknown');
      const r = await run(['check', '--estate', e.dir, '--alerts-dir', out], work);
      expect(r.code).toBe(3);
      expect((await readdir(out)).sort()).toEqual(filesFor(['apim-no-network']));
      const mail = await simpleParser(await readFile(join(out, 'apim-no-network.eml'), 'utf8'));
      expect(mail.subject).toMatch(/apim-no-network/);
      expect(mail.text).toContain('CANNOT EVALUATE');
      expect(mail.text).toContain('RESOURCE_UNREADABLE');
    });

    it('creates the directory and says so when no instance would alert', async () => {
      const e = await estate({ 'estate.json': instanceResources({ name: 'apim-healthy', octet: 1 }) });
      const out = join(work, 'healthy');
      const r = await run(['check', '--estate', e.dir, '--alerts-dir', out], work);
      expect(r.code).toBe(0);
      expect(await readdir(out)).toEqual([]);
      expect(r.stderr).toBe(`Alert previews: no instance would alert, nothing written to ${out}\n`);
    });

    it('removes the previews of an instance that no longer alerts, keeps other files, and counts what is there', async () => {
      const out = join(work, 'stale');
      const failing = await estate({ 'estate.json': instanceResources({ name: 'apim-was-broken', octet: 7, basicPublicIp: true }) });
      expect((await run(['check', '--estate', failing.dir, '--fail-on', 'never', '--alerts-dir', out], work)).code).toBe(0);
      expect((await readdir(out)).sort()).toEqual(filesFor(['apim-was-broken']));
      await writeFile(join(out, 'notes.md'), 'mine');
      const fixed = await estate({ 'estate.json': instanceResources({ name: 'apim-was-broken', octet: 7 }) });
      const r = await run(['check', '--estate', fixed.dir, '--alerts-dir', out], work);
      expect(await readdir(out)).toEqual(['notes.md']);
      expect(r.stderr).toBe(`Alert previews: no instance would alert, nothing written to ${out}; 4 earlier files of instances that no longer alert removed\n`);
    });

    it('keeps apart two failing instances of the same name in different resource groups', async () => {
      const a = instanceResources({ name: 'apim-twin', octet: 5, basicPublicIp: true });
      const b = JSON.parse(JSON.stringify(instanceResources({ name: 'apim-twin', octet: 6, basicPublicIp: true })).replaceAll('/resourceGroups/rg-', '/resourceGroups/rg-b-'));
      const e = await estate({ 'a.json': a, 'b.json': b });
      const out = join(work, 'twins');
      const r = await run(['check', '--estate', e.dir, '--alerts-dir', out], work);
      expect(r.stdout.match(/FAIL {2}apim-twin/g)).toHaveLength(2);
      const names = await readdir(out);
      expect(names).toHaveLength(8);
      const bases = new Set(names.map((n) => n.slice(0, n.indexOf('.'))));
      expect(bases.size).toBe(2);
      for (const base of bases) expect(base).toMatch(/^apim-twin-[0-9a-f]{8}$/);
    });

    it('is a usage error, named on stderr, when the directory cannot be created', async () => {
      const e = await estate({ 'estate.json': instanceResources({ name: 'apim-basic-ip', octet: 2, basicPublicIp: true }) });
      const blocker = join(work, 'a-file');
      await writeFile(blocker, 'not a directory');
      const r = await run(['check', '--estate', e.dir, '--alerts-dir', join(blocker, 'previews')], work);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^apim-vnet-guard: cannot write --alerts-dir .*a-file\/previews: /m);
    });
  });

  it('is described in check --help', async () => {
    const r = await run(['check', '--help'], work);
    expect(r.stdout).toContain('--alerts-dir <dir>');
    expect(r.stdout).toContain('--alerts-dir alerts-preview');
  });
});
