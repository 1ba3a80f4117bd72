/** Severity at a glance: subjects and headlines say BREAKS NOW or BREAKS ON NEXT CHANGE; commands are monospace and wrap only between words. */
import { describe, expect, it } from 'vitest';
import { decideAlerts } from '../../src/alerts/policy.js';
import { buildCard } from '../../src/alerts/render/card.js';
import { splitCommands } from '../../src/alerts/render/commands.js';
import { buildEmail } from '../../src/alerts/render/email.js';
import type { Alert } from '../../src/alerts/types.js';
import type { Finding } from '../../src/model/finding.js';
import { CHANGE, T0, finding, report } from './fixtures.js';

const COMMAND = "az network vnet subnet update --subscription 00000000-0000-0000-0000-000000000001 --resource-group 'rg (net)' --vnet-name vnet-weu --name snet-apim --network-security-group '<nsg-name-or-id>'";

function alertFor(findings: Finding[]): Alert {
  return decideAlerts({
    report: report('fail', findings),
    previous: undefined,
    channels: [{ name: 'ops', minSeverity: 'breaks-on-apply' }],
    changes: [CHANGE],
    now: T0,
    options: { unknownAfterMinutes: 0, subjectPrefix: '[apim-vnet-guard]' },
  }).alerts[0]!;
}

function texts(element: unknown, out: string[] = []): string[] {
  if (Array.isArray(element)) element.forEach((e) => texts(e, out));
  else if (element && typeof element === 'object') {
    const e = element as Record<string, unknown>;
    if (typeof e.text === 'string') out.push(e.text);
    Object.values(e).forEach((v) => texts(v, out));
  }
  return out;
}

describe('urgency', () => {
  it.each([
    ['breaks-now', 'BREAKS NOW', 'Breaks now: the gateway'],
    ['breaks-on-apply', 'BREAKS ON NEXT CHANGE', 'Breaks on the next change: the instance runs today'],
  ] as const)('a %s finding: subject, card headline and e-mail say %s, and the text under it says which', (severity, words, sentence) => {
    const alert = alertFor([finding({ severity })]);
    expect(alert.subject).toBe(`[apim-vnet-guard] FAIL apim-prod-weu: ${words} · 1 broken`);
    const card = buildCard(alert);
    const headline = ((card.body[0] as { items: Array<{ text?: string }> }).items[0]!).text!;
    expect(headline).toBe(`FAIL, ${words}: VNet injection prerequisites broken`);
    expect(texts(card.body).join('\n')).toContain(sentence);
    const mail = buildEmail(alert);
    expect(mail.text.split('\n')[0]).toBe(`FAIL, ${words}: VNet injection prerequisites broken`);
    expect(mail.text).toContain(sentence);
    expect(mail.html).toContain(sentence);
    expect(mail.text).not.toContain('fails now or at its next network update');
  });

  it('the worst finding decides', () => {
    expect(alertFor([finding({ severity: 'breaks-on-apply' }), finding({ ruleId: 'NSG_IN_MGMT_3443', severity: 'breaks-now' })]).subject).toContain('BREAKS NOW');
  });
});

describe('commands in the HTML e-mail and the card', () => {
  const alert = alertFor([finding({ remediation: `Attach an NSG holding the API Management rules: ${COMMAND}` })]);

  it('splits prose from commands, keeping quoted words whole', () => {
    expect(splitCommands(`Upgrade it (${COMMAND}) or remove it.`)).toEqual([
      { kind: 'prose', text: 'Upgrade it (' },
      { kind: 'command', text: COMMAND },
      { kind: 'prose', text: ') or remove it.' },
    ]);
    expect(splitCommands("Run az rest --url 'https://x/a;b, c' then.").map((s) => s.kind)).toEqual(['prose', 'command', 'prose']);
  });

  it('HTML: the command is monospace and breaks only between shell words', () => {
    const html = buildEmail(alert).html;
    const code = /<code style="([^"]*)">(.*?)<\/code>/.exec(html)!;
    expect(code[1]).toMatch(/font-family:Consolas,Menlo,monospace/);
    const words = [...code[2]!.matchAll(/<span style="white-space:nowrap">(.*?)<\/span>/g)].map((m) => m[1]);
    expect(words).toContain('--network-security-group');
    expect(words).toContain('&#39;rg (net)&#39;');
    expect(code[2]!.replace(/<span style="white-space:nowrap">(.*?)<\/span>/g, '')).toMatch(/^ *$/);
  });

  it('card: the command is its own monospace TextRun', () => {
    const runs = JSON.stringify(buildCard(alert).body);
    const parsed = JSON.parse(runs) as unknown;
    const all: Array<Record<string, unknown>> = [];
    (function walk(e: unknown) {
      if (Array.isArray(e)) e.forEach(walk);
      else if (e && typeof e === 'object') {
        const o = e as Record<string, unknown>;
        if (o.type === 'TextRun') all.push(o);
        Object.values(o).forEach(walk);
      }
    })(parsed);
    const command = all.find((r) => r.text === COMMAND)!;
    expect(command.fontType).toBe('Monospace');
    expect(all.find((r) => r.text === 'Attach an NSG holding the API Management rules: ')).toBeDefined();
  });
});
