import { describe, expect, it } from 'vitest';
import { decideAlerts, decideRemoval } from '../../src/alerts/policy.js';
import { buildEmail } from '../../src/alerts/render/email.js';
import type { Alert, Attribution, PreviousAlertState } from '../../src/alerts/types.js';
import type { InstanceReport } from '../../src/model/finding.js';
import { CHANGE, INSTANCE_ID, NSG_ID, ROUTE_FINDING, T0, finding, minutesAfter, report } from './fixtures.js';

function sequence(reports: InstanceReport[], changes: Attribution[] = [CHANGE]): Alert[] {
  let state: PreviousAlertState | undefined;
  const out: Alert[] = [];
  reports.forEach((r, i) => {
    const d = decideAlerts({
      report: r,
      previous: state,
      channels: [{ name: 'ops', minSeverity: 'breaks-on-apply' }],
      changes,
      now: minutesAfter(T0, i * 5),
      options: { unknownAfterMinutes: 0, subjectPrefix: '[apim-vnet-guard]' },
    });
    out.push(...d.alerts);
    state = d.next;
  });
  return out;
}

/** Words of a text, for comparing what two renderings say. */
function words(text: string): string[] {
  return text
    .replace(/https?:\/\/\S+/g, ' ')
    .split(/[^\p{L}\p{N}_./@()-]+/u)
    .filter((w) => w.length > 1 && /[\p{L}]/u.test(w));
}

/** The HTML as a reader sees it: the text of the body, tags gone, entities decoded. */
function readHtml(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ');
}

describe('e-mail', () => {
  it('has short subjects unique per instance and state, grouping under one prefix', () => {
    const [failing, changed, resolved] = sequence([
      report('fail', [finding(), ROUTE_FINDING]),
      report('fail', [finding()]),
      report('pass'),
    ]);
    expect(buildEmail(failing!).subject).toBe('[apim-vnet-guard] FAIL apim-prod-weu: BREAKS NOW · 2 broken');
    expect(buildEmail(changed!).subject).toBe('[apim-vnet-guard] FAIL apim-prod-weu: BREAKS ON NEXT CHANGE · 1 broken (changed)');
    expect(buildEmail(resolved!).subject).toBe('[apim-vnet-guard] RESOLVED apim-prod-weu');
    const other = sequence([report('fail', [finding()], { id: INSTANCE_ID.replace('apim-prod-weu', 'apim-test'), name: 'apim-test' })])[0]!;
    expect(buildEmail(other).subject).toBe('[apim-vnet-guard] FAIL apim-test: BREAKS ON NEXT CHANGE · 1 broken');
    for (const a of [failing, changed, resolved, other]) expect(buildEmail(a!).subject.length).toBeLessThanOrEqual(80);
  });

  it('threads the alerts of an episode: Message-ID per alert, In-Reply-To the opening alert', () => {
    const [failing, changed, resolved] = sequence([report('fail', [finding(), ROUTE_FINDING]), report('fail', [finding()]), report('pass')]);
    const first = buildEmail(failing!);
    expect(first.messageId).toBe(`<${failing!.id}@apim-vnet-guard>`);
    expect(first.inReplyTo).toBeUndefined();
    expect(buildEmail(changed!).inReplyTo).toBe(first.messageId);
    expect(buildEmail(resolved!).inReplyTo).toBe(first.messageId);
  });

  it('says the same in HTML and in plain text', () => {
    for (const alert of sequence([report('fail', [finding(), ROUTE_FINDING]), report('pass')])) {
      const mail = buildEmail(alert);
      const fromHtml = new Set(words(readHtml(mail.html)));
      const fromText = new Set(words(mail.text));
      expect([...fromText].filter((w) => !fromHtml.has(w))).toEqual([]);
      expect([...fromHtml].filter((w) => !fromText.has(w))).toEqual([]);
      // Links too.
      const links = (s: string) => new Set((s.match(/https:\/\/[^\s"<]+/g) ?? []).map((u) => u.replace(/&amp;/g, '&')));
      expect(links(mail.html)).toEqual(links(mail.text));
    }
  });

  it('carries the content of the card: instance, tier, rules, deciding rule, who, fix and links', () => {
    const mail = buildEmail(sequence([report('fail', [finding(), ROUTE_FINDING])])[0]!);
    for (const body of [mail.text, readHtml(mail.html)]) {
      for (const s of [
        'apim-prod-weu',
        'westeurope, northeurope',
        'Premium (2 units)',
        'stv2.1',
        'Breaks now',
        'NSG rule DenyAllInbound (priority 200, Deny)',
        'Jane Doe (jane.doe@contoso.com)',
        '2025-05-01 14:03 UTC',
        'Add an inbound rule allowing ApiManagement',
      ]) {
        expect(body).toContain(s);
      }
    }
    expect(mail.text).toContain(`https://portal.azure.com/#@/resource${NSG_ID}`);
    expect(mail.html).toContain(`href="https://portal.azure.com/#@/resource${INSTANCE_ID}"`);
  });

  it('shows a resource name with HTML or markdown as text', () => {
    const hostile = '<img src=x onerror=alert(1)>**bold**</td><script>x()</script>';
    const alert = sequence(
      [report('fail', [finding({ message: hostile, remediation: hostile })], { name: hostile })],
      [{ ...CHANGE, caller: { name: hostile } }],
    )[0]!;
    const mail = buildEmail(alert);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('</td><script');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;**bold**&lt;/td&gt;&lt;script&gt;x()&lt;/script&gt;');
    // What a reader sees is the name, literally.
    expect(readHtml(mail.html)).toContain(hostile);
    expect(mail.text).toContain(hostile);
    // The subject is one line.
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('closes the thread of a deleted instance: short, green, instance deleted, every value escaped', () => {
    const hostile = '<img src=x onerror=alert(1)>**bold**';
    const last = report('fail', [finding()], { name: hostile });
    const opened = decideAlerts({ report: last, previous: undefined, channels: [{ name: 'ops', minSeverity: 'breaks-on-apply' }], now: T0, options: { unknownAfterMinutes: 0, subjectPrefix: '[apim-vnet-guard]' } });
    const [notice] = decideRemoval({
      report: last,
      previous: opened.next,
      channels: [{ name: 'ops', minSeverity: 'breaks-on-apply' }],
      changes: [{ ...CHANGE, operation: 'Microsoft.ApiManagement/service/delete', resourceId: INSTANCE_ID, caller: { name: hostile } }],
      now: minutesAfter(T0, 30),
      options: { unknownAfterMinutes: 0, subjectPrefix: '[apim-vnet-guard]' },
    }).alerts;
    const mail = buildEmail(notice!);
    expect(mail.subject).toBe('[apim-vnet-guard] RESOLVED <img src=x onerror=alert(1)>**bold**: instance deleted');
    expect(mail.inReplyTo).toBe(buildEmail(opened.alerts[0]!).messageId);
    for (const body of [mail.text, readHtml(mail.html)]) {
      expect(body).toContain('RESOLVED: instance deleted');
      expect(body).toContain('Instance deleted: the alert is closed.');
      expect(body).toContain(hostile);
      expect(body).toContain('deleted API Management instance apim-prod-weu');
      expect(body).not.toContain('Breaks');
    }
    expect(mail.html).toContain('#1e7b34');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;**bold**');
    expect(mail.text).not.toContain(`https://portal.azure.com/#@/resource${INSTANCE_ID}`);
  });

  it('keeps a caller name from adding lines to the plain text', () => {
    const alert = sequence([report('fail', [finding()])], [{ ...CHANGE, caller: { name: 'Eve\n\nURGENT: wire money to …' } }])[0]!;
    const text = buildEmail(alert).text;
    expect(text).toContain('Eve\\n\\nURGENT: wire money to …');
    expect(text).not.toMatch(/^URGENT/m);
  });
});
