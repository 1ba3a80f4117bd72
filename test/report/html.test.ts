import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../src/cli/check-estate.js';
import { renderHtmlReport } from '../../src/report/html/report.js';
import { commandOf, instanceModel } from '../../src/report/html/model.js';
import { escapeValue, html } from '../../src/report/html/safe.js';
import { RULES } from '../../src/rules/catalogue.js';
import { buildView, ids, recommendedRules, rule } from '../support/view-builder.js';

const NOW = new Date('2026-03-02T09:30:00Z');

/** The 3443 allow is still there, but a deny above it decides: the allow is shadowed. */
function shadowedView(name = 'apim-shadow') {
  return buildView({
    instance: { id: ids.apim(name), name },
    locations: [
      {
        networkSecurityGroup: {
          securityRules: [
            ...recommendedRules(),
            rule({ name: 'DenyMgmtFromAnywhere', priority: 105, direction: 'Inbound', access: 'Deny', destinationPortRanges: ['3443'] }),
          ],
        },
      },
    ],
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

describe('HTML report', () => {
  it('lists the rules of the failing direction in evaluation order, the deciding rule and the rules it shadows', () => {
    const view = shadowedView();
    const report = evaluateViews([view], RULES);
    const finding = report.instances[0]!.findings.find((f) => f.ruleId === 'NSG_IN_MGMT_3443')!;
    expect(finding).toBeDefined();
    const model = instanceModel(report.instances[0]!, view);
    const flow = model.locations[0]!.findings.find((m) => m.finding.ruleId === 'NSG_IN_MGMT_3443')!.flow!;
    expect(flow.complete).toBe(true);
    expect(flow.rows.map((r) => r.priority)).toEqual([100, 105, 110, 120, 130, 65000, 65001, 65500]);
    const role = (name: string) => flow.rows.find((r) => r.name === name)!.role;
    expect(role('DenyMgmtFromAnywhere')).toBe('deciding');
    expect((finding.evidence as { decidingRule: { name: string } }).decidingRule.name).toBe('DenyMgmtFromAnywhere');
    expect(role('AllowApimManagement')).toBe('shadowed');
    expect(role('DenyAllInBound')).toBe('shadowed');
    expect(role('AllowClientHttps')).toBe('other');

    const page = renderHtmlReport(report, { toolVersion: '1.2.3', generatedAt: NOW, views: [view] });
    const row = (name: string) => page.match(new RegExp(`<tr class="[^"]*" data-role="(\\w+)" data-rule-name="${name}"`))?.[1];
    expect(row('DenyMgmtFromAnywhere')).toBe('deciding');
    expect(row('AllowApimManagement')).toBe('shadowed');
    // The path ends at the deciding rule, and only the edge into it is broken.
    expect(model.locations[0]!.path.main.map((s) => s.kind)).toEqual(['instance', 'subnet', 'nsg', 'rule']);
    expect(model.locations[0]!.path.main.at(-1)!.detail).toBe('DenyMgmtFromAnywhere');
  });

  it('shows only the stored verdict when the view is gone (the watcher state), and says so', () => {
    const view = shadowedView();
    const report = evaluateViews([view], RULES);
    const flow = instanceModel(report.instances[0]!).locations[0]!.findings.find((m) => m.flow)!.flow!;
    expect(flow.complete).toBe(false);
    expect(flow.rows.filter((r) => r.role === 'deciding').map((r) => r.name)).toEqual(['DenyMgmtFromAnywhere']);
    expect(renderHtmlReport(report, { toolVersion: '1', generatedAt: NOW })).toContain('Only the stored verdict is known here');
  });

  it('puts failures first and counts by status', () => {
    const healthy = buildView({ instance: { id: ids.apim('apim-aaa-healthy'), name: 'apim-aaa-healthy' } });
    const report = evaluateViews([healthy, shadowedView('apim-zzz-broken')], RULES);
    const page = renderHtmlReport(report, { toolVersion: '1', generatedAt: NOW, views: [healthy] });
    const order = [...page.matchAll(/<section class="instance status-(\w[\w-]*)"/g)].map((m) => m[1]);
    expect(order).toEqual(['fail', 'pass']);
    expect(page).toMatch(/data-filter="fail" aria-pressed="false">FAIL <span class="n">1<\/span>/);
    expect(page).toMatch(/data-filter="all" aria-pressed="true">All <span class="n">2<\/span>/);
  });

  it('is self-contained: a strict CSP whose hashes are those of its only style and script, nothing loaded', () => {
    const view = shadowedView();
    const page = renderHtmlReport(evaluateViews([view], RULES), { toolVersion: '1', generatedAt: NOW, views: [view] });
    const csp = page.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)![1]!.replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe');
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    expect(csp).toContain(`style-src 'sha256-${sha256(styles[0]!)}'`);
    expect(csp).toContain(`script-src 'sha256-${sha256(scripts[0]!)}'`);
    expect(page).not.toMatch(/\s(src|srcset|style|on\w+)=/i);
    expect(page).not.toMatch(/<(link|iframe|object|embed|img|base)\b/i);
    for (const [, href] of page.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  });

  it('shows every value from Azure as text: markup, quotes, controls and bidi overrides are inert', () => {
    const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\u202egnp.exe\u0007';
    const view = buildView({
      instance: { id: ids.apim('apim-evil'), name: evil },
      locations: [
        {
          networkSecurityGroup: {
            name: `nsg-${evil}`,
            securityRules: [rule({ name: `Deny${evil}`, priority: 100, direction: 'Inbound', access: 'Deny', destinationPortRanges: ['3443'], description: evil })],
          },
        },
      ],
    });
    const page = renderHtmlReport(evaluateViews([view], RULES), { toolVersion: '1', generatedAt: NOW, views: [view] });
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('\u202e');
    expect(page).not.toContain('\u0007');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\\u202egnp.exe\\x07');
    expect(page.match(/<script>/g)).toHaveLength(1);
  });

  it('escapes through one door: nested markup passes, strings never do', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${['<x>', inner]}</p>`.value).toBe('<p><b>&lt;i&gt;</b>&lt;x&gt;<b>&lt;i&gt;</b></p>');
    expect(escapeValue('a\u2066b')).toBe('a\\u2066b');
  });

  it('takes the az command out of a remediation sentence for the copy button', () => {
    expect(commandOf('Add an allow rule at priority 4096, above X: az network nsg rule create --name a')).toBe('az network nsg rule create --name a');
    expect(commandOf('Migrate to stv2 (portal: Platform migration).')).toBeUndefined();
  });
});
