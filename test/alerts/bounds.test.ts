/**
 * The worst alert we can build (hundreds of findings about NSG rules with thousands of prefixes,
 * long names, hundreds of changes) stays under each channel's bound, says how much it left out,
 * and names where the full report is.
 */
import { describe, expect, it } from 'vitest';
import { decideAlerts } from '../../src/alerts/policy.js';
import { clipValue, EMAIL_BODY_BUDGET_BYTES, MAX_FIELD_CHARS, TEAMS_CARD_BUDGET_BYTES, TEAMS_MESSAGE_LIMIT_BYTES } from '../../src/alerts/render/bounds.js';
import { buildTeamsMessage } from '../../src/alerts/render/card.js';
import { buildEmail } from '../../src/alerts/render/email.js';
import type { Alert, Attribution } from '../../src/alerts/types.js';
import { CHANGE, finding, INSTANCE_ID, report, T0 } from './fixtures.js';

const LONG = 'n'.repeat(80);
const prefixes = (n: number) => Array.from({ length: n }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`).join(', ');

function worstAlert(): Alert {
  const findings = Array.from({ length: 300 }, (_, i) =>
    finding({
      ruleId: `NSG_RULE_${i}`,
      severity: i % 3 === 0 ? 'breaks-now' : 'breaks-on-apply',
      location: `westeurope-${LONG}`,
      title: `Rule ${i} ${'t'.repeat(400)}`,
      message: `Inbound TCP 3443 from ${prefixes(4_000)} is denied by rule Deny-${LONG}-${i}.`,
      remediation: `Allow ${prefixes(2_000)} on TCP 3443.`,
      evidence: { decidingRule: { name: `Deny-${'r'.repeat(200)}`, priority: 200, access: 'Deny', isDefault: false } },
    }),
  );
  const changes: Attribution[] = Array.from({ length: 400 }, (_, i) => ({ ...CHANGE, caller: { name: `${LONG}-${i}`, upn: `user${i}@contoso.com` } }));
  const [alert] = decideAlerts({
    report: report('fail', findings, { name: `apim-${'x'.repeat(40)}` }),
    previous: undefined,
    channels: [{ name: 'ops', minSeverity: 'breaks-on-apply' }],
    changes,
    now: T0,
    options: { unknownAfterMinutes: 60, subjectPrefix: '[apim-vnet-guard]' },
  }).alerts;
  return alert!;
}

describe('bounded alerts, worst case', () => {
  const alert = worstAlert();

  it('the unbounded content would be far over both limits (what the test guards against)', () => {
    expect(JSON.stringify(alert).length).toBeGreaterThan(10 * TEAMS_MESSAGE_LIMIT_BYTES);
  });

  it('the Teams message stays under its budget, itself under the 28 KB Teams limit, and points to the full report', () => {
    const body = JSON.stringify(buildTeamsMessage(alert));
    const bytes = Buffer.byteLength(body, 'utf8');
    expect(TEAMS_CARD_BUDGET_BYTES).toBeLessThan(TEAMS_MESSAGE_LIMIT_BYTES);
    expect(bytes).toBeLessThanOrEqual(TEAMS_CARD_BUDGET_BYTES);
    expect(body).toMatch(/…and \d+ more finding\(s\); the full report: GET \/api\/instances\/00000000-0000-0000-0000-000000000001\/rg-apim\/apim-prod-weu on/);
    expect(body).toMatch(/… and \d+ more/);
    // The most severe finding comes first.
    expect(body).toContain('NSG_RULE_0');
  });

  it('each e-mail body stays under its bound, with "and N more" and the route', () => {
    const mail = buildEmail(alert);
    expect(Buffer.byteLength(mail.text)).toBeLessThanOrEqual(EMAIL_BODY_BUDGET_BYTES);
    expect(Buffer.byteLength(mail.html)).toBeLessThanOrEqual(EMAIL_BODY_BUDGET_BYTES);
    expect(mail.text).toMatch(/…and \d+ more finding\(s\); the full report: GET \/api\/instances\//);
    expect(mail.html).toContain('more finding(s)');
  });

  it('a small alert is untouched', () => {
    const [small] = decideAlerts({
      report: report('fail', [finding()]),
      previous: undefined,
      channels: [{ name: 'ops', minSeverity: 'breaks-on-apply' }],
      changes: [CHANGE],
      now: T0,
      options: { unknownAfterMinutes: 60, subjectPrefix: '' },
    }).alerts;
    const body = JSON.stringify(buildTeamsMessage(small!));
    expect(body).toContain(finding().message);
    expect(body).not.toContain('more finding');
    expect(INSTANCE_ID).toContain('apim-prod-weu');
  });
});

describe('clipValue', () => {
  it('cuts a list after a whole item and counts the rest', () => {
    const list = prefixes(1000);
    const cut = clipValue(list);
    expect(cut.length).toBeLessThan(MAX_FIELD_CHARS + 30);
    const shown = cut.split(', … and ')[0]!.split(', ').length;
    expect(cut).toMatch(new RegExp(`, … and ${1000 - shown} more$`));
  });
  it('cuts prose by characters', () => {
    expect(clipValue('a'.repeat(2000), 1000)).toBe(`${'a'.repeat(1000)}… and 1000 more characters`);
  });
});
