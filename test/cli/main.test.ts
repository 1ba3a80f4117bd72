import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apimIdOf, instanceResources, run, tempEstate, type TempEstate } from './fixtures.js';

const ESC = '\u001b';

describe('apim-vnet-guard check', () => {
  let healthy: TempEstate;
  let failing: TempEstate;
  let unknown: TempEstate;
  let malformed: TempEstate;

  beforeAll(async () => {
    healthy = await tempEstate({ 'estate.json': instanceResources({ name: 'apim-healthy', octet: 1 }) });
    failing = await tempEstate({
      'healthy.json': instanceResources({ name: 'apim-healthy', octet: 1 }),
      'nested/basic-ip.json': { value: instanceResources({ name: 'apim-basic-ip', octet: 2, basicPublicIp: true }) },
    });
    unknown = await tempEstate({ 'estate.json': instanceResources({ name: 'apim-no-network', octet: 3, withoutNetwork: true }) });
    const broken = instanceResources({ name: 'apim-broken-nsg', octet: 4 });
    const nsg = broken.find((r) => r.type === 'Microsoft.Network/networkSecurityGroups')!;
    (nsg.properties!.securityRules as Array<{ properties: Record<string, unknown> }>)[0]!.properties.priority = 'high';
    malformed = await tempEstate({
      'a-good.json': instanceResources({ name: 'apim-healthy', octet: 1 }),
      'b-broken.json': broken,
      'c-not-json.json': '[{ "id": ',
    });
  });
  afterAll(async () => {
    await Promise.all([healthy, failing, unknown, malformed].map((e) => e.cleanup()));
  });

  describe('exit status', () => {
    it('is 0 when nothing reaches --fail-on, with the report on stdout and nothing on stderr', async () => {
      const r = await run(['check', '--estate', healthy.dir]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('✔ PASS  apim-healthy');
      expect(r.stdout).toContain('Summary: 1 instance (1 pass)');
      expect(r.code).toBe(0);
    });

    it('is 1 when a finding reaches the default threshold (breaks-on-apply)', async () => {
      const r = await run(['check', '--estate', failing.dir]);
      expect(r.stdout).toContain('✖ FAIL  apim-basic-ip');
      expect(r.stdout).toContain('PIP_SKU_STANDARD');
      expect(r.code).toBe(1);
    });

    it('follows --fail-on: a breaks-on-apply finding does not reach breaks-now, and never is never reached', async () => {
      expect((await run(['check', '--estate', failing.dir, '--fail-on', 'breaks-now'])).code).toBe(0);
      expect((await run(['check', '--estate', failing.dir, '--fail-on', 'recommendation'])).code).toBe(1);
      expect((await run(['check', '--estate', failing.dir, '--fail-on', 'never'])).code).toBe(0);
    });

    it('is 3 when an instance could not be evaluated and nothing failed, whatever --fail-on says', async () => {
      const r = await run(['check', '--estate', unknown.dir]);
      expect(r.stdout).toContain('? UNKNOWN  apim-no-network');
      expect(r.stdout).toContain('RESOURCE_UNREADABLE');
      expect(r.code).toBe(3);
      expect((await run(['check', '--estate', unknown.dir, '--fail-on', 'never'])).code).toBe(3);
    });

    it('is 2 for malformed input: each error names its file and resource on stderr, the rest is still reported', async () => {
      const r = await run(['check', '--estate', malformed.dir, '--format', 'json']);
      expect(r.code).toBe(2);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
      expect(errors).toHaveLength(2);
      const nsgError = errors.find((l) => l.includes('b-broken.json'))!;
      expect(nsgError).toContain(malformed.path('b-broken.json'));
      expect(nsgError).toContain('/networkSecurityGroups/nsg-apim-broken-nsg');
      expect(nsgError).toMatch(/priority/);
      expect(errors.find((l) => l.includes('c-not-json.json'))).toMatch(/not valid JSON at line 1/);
      expect(r.stderr).toContain('2 input errors (see above)');
      // The healthy instance is still evaluated and reported; the one whose NSG was rejected cannot pass.
      const report = JSON.parse(r.stdout);
      const byName = Object.fromEntries(report.instances.map((i: { name: string; status: string }) => [i.name, i.status]));
      expect(byName['apim-healthy']).toBe('pass');
      expect(byName['apim-broken-nsg']).not.toBe('pass');
    });
  });

  describe('a value Azure would not accept', () => {
    it('never lets the instance pass, names the NSG and the value, and evaluates the rest', async () => {
      const odd = instanceResources({ name: 'apim-odd-protocol', octet: 5 });
      const nsg = odd.find((r) => r.type === 'Microsoft.Network/networkSecurityGroups')!;
      (nsg.properties!.securityRules as Array<{ properties: Record<string, unknown> }>)[0]!.properties.protocol = 'Foo';
      const estate = await tempEstate({ 'good.json': instanceResources({ name: 'apim-healthy', octet: 1 }), 'odd.json': odd });
      try {
        const r = await run(['check', '--estate', estate.dir, '--format', 'json']);
        // Rejected when loaded (input error, 2) or when evaluated (RULE_NOT_EVALUATED, unknown, 3).
        expect([2, 3]).toContain(r.code);
        expect(r.stdout + r.stderr).toContain('nsg-apim-odd-protocol');
        expect(r.stdout + r.stderr).toMatch(/protocol \\?"Foo/);
        const statuses = Object.fromEntries(JSON.parse(r.stdout).instances.map((i: { name: string; status: string }) => [i.name, i.status]));
        expect(statuses).toEqual({ 'apim-healthy': 'pass', 'apim-odd-protocol': 'unknown' });
      } finally {
        await estate.cleanup();
      }
    });
  });

  describe('usage errors (exit 2)', () => {
    it('rejects a missing estate path', async () => {
      const r = await run(['check', '--estate', '/nonexistent/estate-dir']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/cannot read estate .*nonexistent\/estate-dir/);
    });

    it('asks for an estate when none is given', async () => {
      const r = await run(['check']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--estate PATH');
    });

    it('rejects unknown options and values outside the choices', async () => {
      const unknownOption = await run(['check', '--estate', healthy.dir, '--bogus']);
      expect(unknownOption.code).toBe(2);
      expect(unknownOption.stderr).toContain("unknown option '--bogus'");
      const badFormat = await run(['check', '--estate', healthy.dir, '--format', 'xml']);
      expect(badFormat.code).toBe(2);
      expect(badFormat.stderr).toMatch(/xml.*Allowed choices are text, json, sarif/s);
      const badThreshold = await run(['check', '--estate', healthy.dir, '--fail-on', 'info']);
      expect(badThreshold.code).toBe(2);
      expect(badThreshold.stdout).toBe('');
    });

    it('rejects an unknown command and a bare invocation', async () => {
      expect((await run(['scan'])).code).toBe(2);
      expect((await run([])).code).toBe(2);
    });
  });

  describe('--instance', () => {
    it('checks one instance given by ARM id, compared case-insensitively', async () => {
      const r = await run(['check', '--estate', failing.dir, '--instance', apimIdOf('apim-healthy').toLowerCase(), '--format', 'json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).instances.map((i: { name: string }) => i.name)).toEqual(['apim-healthy']);
    });

    it('checks one instance given by name', async () => {
      const r = await run(['check', '--estate', failing.dir, '--instance', 'apim-basic-ip', '--format', 'json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).instances.map((i: { name: string }) => i.name)).toEqual(['apim-basic-ip']);
    });

    it('exits 2 with a clear message for an instance that is not in the estate', async () => {
      const byId = await run(['check', '--estate', failing.dir, '--instance', apimIdOf('apim-nowhere')]);
      expect(byId.code).toBe(2);
      expect(byId.stdout).toBe('');
      expect(byId.stderr).toContain(`no instance with id ${apimIdOf('apim-nowhere')} in the estate`);
      const byName = await run(['check', '--estate', failing.dir, '--instance', 'apim-nowhere']);
      expect(byName.code).toBe(2);
      expect(byName.stderr).toContain('no instance named "apim-nowhere" (instances in the estate: apim-basic-ip, apim-healthy)');
      const notApim = await run(['check', '--estate', failing.dir, '--instance', '/subscriptions/x/resourceGroups/rg']);
      expect(notApim.code).toBe(2);
      expect(notApim.stderr).toContain('is not the ARM id of a Microsoft.ApiManagement/service');
    });
  });

  describe('output', () => {
    it('--output writes the report to the file and nothing to stdout; SARIF points at the estate file', async () => {
      const target = failing.path('out/report.sarif');
      await mkdir(dirname(target), { recursive: true });
      const r = await run(['check', '--estate', '.', '--format', 'sarif', '--output', target], { tty: true, cwd: failing.dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const sarif = JSON.parse(await readFile(target, 'utf8'));
      expect(sarif.version).toBe('2.1.0');
      const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'PIP_SKU_STANDARD');
      // The SARIF result points at the estate file the public IP was read from, relative to cwd.
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('nested/basic-ip.json');
    });

    it('--output relative to the working directory, and never in colour', async () => {
      const r = await run(['check', '--estate', '.', '--output', 'report.txt'], { cwd: healthy.dir, tty: true });
      expect(r.code).toBe(0);
      const text = await readFile(healthy.path('report.txt'), 'utf8');
      expect(text).toContain('apim-healthy');
      expect(text).not.toContain(ESC);
    });

    it('exits 2 when --output cannot be written', async () => {
      const r = await run(['check', '--estate', healthy.dir, '--output', healthy.path('missing-dir/report.json')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('cannot write --output');
    });

    it('colours text only on a TTY without NO_COLOR', async () => {
      expect((await run(['check', '--estate', healthy.dir], { tty: true })).stdout).toContain(`${ESC}[32m`);
      expect((await run(['check', '--estate', healthy.dir], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ESC);
      expect((await run(['check', '--estate', healthy.dir], { tty: false })).stdout).not.toContain(ESC);
    });

    it('json goes to stdout clean, two runs identical', async () => {
      const a = await run(['check', '--estate', failing.dir, '--format', 'json']);
      const b = await run(['check', '--estate', failing.dir, '--format', 'json']);
      expect(a.stdout).toBe(b.stdout);
      expect(JSON.parse(a.stdout).summary.instances).toBe(2);
    });
  });

  describe('--help', () => {
    it('explains every option and the exit codes, and exits 0', async () => {
      const r = await run(['check', '--help']);
      expect(r.code).toBe(0);
      for (const option of ['--estate <path>', '--instance <id>', '--format <format>', '--output <file>', '--fail-on <severity>']) {
        expect(r.stdout).toContain(option);
      }
      const flat = r.stdout.replace(/\s+/g, ' ');
      expect(flat).toContain('(choices: "breaks-now", "breaks-on-apply", "degraded", "recommendation", "never", default: "breaks-on-apply")');
      expect(flat).toContain('(choices: "text", "json", "sarif", "html", default: "text")');
      expect(r.stdout).toMatch(/Exit status:\n\s+0 +nothing reached --fail-on\n\s+1 /);
      expect(r.stdout).toMatch(/\n\s+3 +some instance could not be evaluated/);
      expect(r.stderr).toBe('');
    });

    it('top-level help lists the check command and the exit codes', async () => {
      const r = await run(['--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/check \[options\]/);
      expect(r.stdout).toContain('Exit status of check:');
    });

    it('--version prints the package version', async () => {
      const r = await run(['--version']);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    });
  });
});

