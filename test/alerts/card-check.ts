/**
 * Validates a card with the `adaptivecards` parser the way a host would: no parse events (unknown
 * elements, bad values), no validation events, and a round trip through the object model that
 * gives the same JSON back (a misspelt or unknown property would be dropped and show up here).
 */
import { createRequire } from 'node:module';
import type { AdaptiveCard } from '../../src/alerts/render/card.js';

interface ParseEvent {
  message: string;
}
interface AcModule {
  AdaptiveCard: new () => {
    parse(json: unknown, ctx: unknown): void;
    toJSON(): unknown;
    validateProperties(): { validationEvents: ParseEvent[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): ParseEvent };
}

const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AcModule;

/** Host-specific properties the parser does not model (Teams reads `msteams`). */
function withoutHostProperties(card: AdaptiveCard): unknown {
  const { msteams: _msteams, ...rest } = card;
  return rest;
}

export function cardProblems(card: AdaptiveCard): { parse: string[]; validation: string[]; roundTrip: unknown } {
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(card, ctx);
  const parse = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
  const validation = ac.validateProperties().validationEvents.map((e) => e.message);
  return { parse, validation, roundTrip: ac.toJSON() };
}

export function expectValidCard(card: AdaptiveCard, expect: (v: unknown) => { toEqual(x: unknown): void }): void {
  const { parse, validation, roundTrip } = cardProblems(card);
  expect(parse).toEqual([]);
  expect(validation).toEqual([]);
  expect(roundTrip).toEqual(JSON.parse(JSON.stringify(withoutHostProperties(card))));
}

/** Every string the card shows, with where it sits: `TextBlock`, `Fact`, `TextRun`, `ActionTitle`. */
export function textsOf(node: unknown, out: Array<{ where: string; text: string }> = []): Array<{ where: string; text: string }> {
  if (Array.isArray(node)) {
    for (const n of node) textsOf(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push({ where: 'TextBlock', text: o.text });
    if (o.type === 'TextRun' && typeof o.text === 'string') out.push({ where: 'TextRun', text: o.text });
    if (o.type === 'FactSet' && Array.isArray(o.facts)) {
      for (const f of o.facts as Array<{ title: string; value: string }>) out.push({ where: 'Fact', text: `${f.title} ${f.value}` });
    }
    if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string') out.push({ where: 'ActionTitle', text: o.title });
    for (const [k, v] of Object.entries(o)) if (k !== 'text' && k !== 'title') textsOf(v, out);
  }
  return out;
}
