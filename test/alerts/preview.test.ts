import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { previewBaseName, renderAlertPreview } from '../../src/alerts/preview.js';
import type { TeamsMessage } from '../../src/alerts/render/card.js';
import { expectValidCard } from './card-check.js';
import { CHANGE, DEGRADED_FINDING, ROUTE_FINDING, T0, UNREADABLE_FINDING, finding, report } from './fixtures.js';

describe('renderAlertPreview', () => {
  it('writes the Teams message and the e-mail of a failing instance', async () => {
    const files = await renderAlertPreview(report('fail', [finding(), ROUTE_FINDING]), { now: T0, attribution: CHANGE });
    expect(files.map((f) => f.name)).toEqual(['apim-prod-weu.teams.json', 'apim-prod-weu.email.html', 'apim-prod-weu.email.txt', 'apim-prod-weu.eml']);
    const [json, html, txt, eml] = files.map((f) => f.content);

    const message = JSON.parse(json!) as TeamsMessage;
    expect(message.type).toBe('message');
    expectValidCard(message.attachments[0]!.content, expect);
    expect(json).toContain('Jane Doe');

    const parsed = await simpleParser(eml!);
    expect(parsed.subject).toBe('[apim-vnet-guard] FAIL apim-prod-weu: BREAKS NOW · 2 broken');
    expect(parsed.text?.trim()).toBe(txt!.trim());
    expect(parsed.html).toBe(html);
    expect(parsed.date?.toISOString()).toBe(T0.toISOString());
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('gives the same files for the same input', async () => {
    const a = await renderAlertPreview(report('fail', [finding()]), { now: T0, attribution: [CHANGE] });
    const b = await renderAlertPreview(report('fail', [finding()]), { now: T0, attribution: [CHANGE] });
    expect(b).toEqual(a);
  });

  it('writes nothing for an instance that would get no alert', async () => {
    expect(await renderAlertPreview(report('pass'), { now: T0 })).toEqual([]);
    expect(await renderAlertPreview(report('warn', [DEGRADED_FINDING]), { now: T0 })).toEqual([]);
    expect(await renderAlertPreview(report('not-injected'), { now: T0 })).toEqual([]);
  });

  it('honours a lower minimum severity', async () => {
    const files = await renderAlertPreview(report('warn', [DEGRADED_FINDING]), { now: T0, minSeverity: 'degraded' });
    expect(files).toHaveLength(4);
    expect(files[2]!.content).toContain('WARN');
  });

  it('writes the cannot-evaluate notice for an unknown instance', async () => {
    const files = await renderAlertPreview(report('unknown', [UNREADABLE_FINDING]), { now: T0 });
    expect(files[2]!.content).toContain('CANNOT EVALUATE');
  });

  it('makes file names from instance names safely', () => {
    expect(previewBaseName('apim-prod-weu')).toBe('apim-prod-weu');
    expect(previewBaseName('../../etc/passwd')).toBe('etc_passwd');
    expect(previewBaseName('a b<c>')).toBe('a_b_c_');
    expect(previewBaseName('...')).toBe('instance');
  });
});
