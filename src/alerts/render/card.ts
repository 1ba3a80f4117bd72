/**
 * The Teams message: an Adaptive Card 1.4 in the `message`/`attachments` envelope that both
 * Teams Workflows webhooks and the legacy incoming webhooks accept (peers.md §5).
 *
 * Escaping rule (see src/output/safe-text.ts): TextBlocks and labels hold only our fixed words; every value
 * that may come from Azure goes into a RichTextBlock TextRun (never markdown) or an action title
 * (plain text). Tests walk the card and enforce it.
 */
import type { Alert } from '../types.js';
import { splitCommands } from './commands.js';
import { alertContent, type AlertContent, type ContentOptions, type Link, type Tone } from './content.js';
import { cardLine, cardText, singleLine } from '../../output/safe-text.js';
import { fitContent, MAX_CARD_FIELD_CHARS, omittedLine, TEAMS_CARD_BUDGET_BYTES } from './bounds.js';

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: '1.4';
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

export interface TeamsMessage {
  type: 'message';
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: AdaptiveCard;
  }>;
}

const STYLE: Record<Tone, string> = { attention: 'attention', warning: 'warning', good: 'good' };
const COLOR: Record<Tone, string> = { attention: 'Attention', warning: 'Warning', good: 'Good' };

/** Literal text: an Azure value or a sentence quoting one. */
function run(text: string, style: Record<string, unknown> = {}): CardElement {
  return { type: 'TextRun', text: cardText(text), ...style };
}

/** A value that must stay on one line (a name, a region, a rule): line breaks show as escapes. */
function runLine(text: string, style: Record<string, unknown> = {}): CardElement {
  return { type: 'TextRun', text: cardLine(text), ...style };
}

function rich(...inlines: CardElement[]): CardElement {
  return { type: 'RichTextBlock', inlines };
}

/** Our own words only (markdown applies here). */
function label(text: string, style: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...style };
}

function openUrl(link: Link): CardElement {
  return { type: 'Action.OpenUrl', title: singleLine(link.title, 60), url: link.url };
}

function factRow(name: string, value: string): CardElement {
  return {
    type: 'ColumnSet',
    spacing: 'None',
    columns: [
      // A fixed label width keeps the values of all rows aligned.
      { type: 'Column', width: '120px', items: [label(name, { weight: 'Bolder' })] },
      { type: 'Column', width: 'stretch', items: [rich(runLine(value))] },
    ],
  };
}

function severityColor(severity: string): string {
  return severity === 'breaks-now' || severity === 'breaks-on-apply' ? 'Attention' : severity === 'degraded' ? 'Warning' : 'Default';
}

function cardBody(content: AlertContent, instanceId: string): CardElement[] {
  const body: CardElement[] = [
    {
      type: 'Container',
      style: STYLE[content.tone],
      bleed: true,
      items: [
        label(content.headline, { size: 'Medium', weight: 'Bolder', color: COLOR[content.tone] }),
        rich(runLine(content.instanceName, { size: 'Large', weight: 'Bolder' })),
      ],
    },
    rich(runLine(content.summary)),
    ...content.context.map((line) => rich(runLine(line, { isSubtle: true }))),
    ...content.facts.map((f) => factRow(f.label, f.value)),
  ];

  content.findings.forEach((f) => {
    const items: CardElement[] = [
      rich(
        run(f.severityLabel, { weight: 'Bolder', color: severityColor(f.severity) }),
        runLine(` · ${f.title}`, { weight: 'Bolder' }),
        runLine(` · ${f.where}`, { isSubtle: true }),
      ),
      rich(run(f.message)),
    ];
    if (f.decidedBy) items.push(rich(run('Decided by: ', { weight: 'Bolder' }), runLine(f.decidedBy)));
    if (f.flow) items.push(rich(run('Flow: ', { weight: 'Bolder' }), runLine(f.flow)));
    if (f.remediation) {
      // Commands in monospace, each in its own block so that it starts on its own line.
      const segments = splitCommands(f.remediation);
      items.push(rich(run('Fix: ', { weight: 'Bolder' }), ...(segments[0]?.kind === 'prose' ? [run(segments.shift()!.text)] : [])));
      for (const s of segments) items.push(s.kind === 'command' ? rich(run(s.text, { fontType: 'Monospace' })) : rich(run(s.text)));
    }
    items.push(rich(run(f.ruleId, { isSubtle: true, size: 'Small', fontType: 'Monospace' })));
    if (f.links.length > 0) items.push({ type: 'ActionSet', actions: f.links.map(openUrl) });
    body.push({ type: 'Container', separator: true, spacing: 'Medium', items });
  });
  // The route holds an Azure name: a TextRun, not markdown.
  if (content.omitted > 0) body.push(rich(run(omittedLine(content.omitted, instanceId), { isSubtle: true })));

  if (content.changes.length > 0) {
    body.push(label('Recent changes', { weight: 'Bolder', separator: true, spacing: 'Medium' }));
    for (const c of content.changes) {
      const resource = c.link
        ? runLine(c.resource, { selectAction: { type: 'Action.OpenUrl', url: c.link.url } })
        : runLine(c.resource);
      body.push(rich(runLine(c.who, { weight: 'Bolder' }), runLine(` ${c.what} `), resource, runLine(` · ${c.when}`, { isSubtle: true })));
    }
  }
  body.push(rich(runLine(content.footer, { isSubtle: true, size: 'Small' })));
  return body;
}

function cardOf(content: AlertContent, instanceId: string): AdaptiveCard {
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: cardBody(content, instanceId),
    msteams: { width: 'Full' },
  };
  if (content.links.length > 0) card.actions = content.links.map(openUrl);
  return card;
}

function messageOf(card: AdaptiveCard): TeamsMessage {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

/** The card, cut to fit the Teams message limit (bounds.ts). */
export function buildCard(alert: Alert, options: ContentOptions = {}): AdaptiveCard {
  const id = alert.instance.id;
  const bytes = (c: AlertContent) => Buffer.byteLength(JSON.stringify(messageOf(cardOf(c, id))), 'utf8');
  return cardOf(fitContent(alertContent(alert, options), bytes, TEAMS_CARD_BUDGET_BYTES, MAX_CARD_FIELD_CHARS), id);
}

/** The body to POST to a Teams webhook. */
export function buildTeamsMessage(alert: Alert, options: ContentOptions = {}): TeamsMessage {
  return messageOf(buildCard(alert, options));
}
