/**
 * How large an alert message may be, and how its content is cut to fit. The most important alert
 * is the one with the most findings, so a message over its channel's limit would be the one lost.
 *
 * Teams: "The message size limit is 28 KB. When the size exceeds 28 KB, you receive an error."
 *   (Microsoft Learn, Create an Incoming Webhook:
 *   https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook)
 *   Webhooks have been seen refusing well under that figure (their envelope, and the encoding they
 *   count in), so a card is kept under TEAMS_CARD_BUDGET_BYTES of UTF-8 JSON, the whole POST body.
 * E-mail: each body (HTML, plain text) is kept under EMAIL_BODY_BUDGET_BYTES, below the 102 KB at
 *   which Gmail clips a message and hides its end.
 *
 * What is cut: long values (an NSG rule's thousands of prefixes) to MAX_FIELD_CHARS with "and N
 * more", the changes to MAX_CHANGES, then the findings shown, most severe first, with "…and N more
 * finding(s)". The full report is always at the HTTP API route the message names.
 */
import { tryParseResourceId } from '../../arm/resource-id.js';
import type { AlertContent, FindingContent } from './content.js';

export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;
export const TEAMS_CARD_BUDGET_BYTES = 20_000;
export const EMAIL_BODY_BUDGET_BYTES = 90_000;
/** One value of a finding (its message, the fix) in an e-mail, and in a card (which holds less). */
export const MAX_FIELD_CHARS = 1_500;
export const MAX_CARD_FIELD_CHARS = 500;
export const MAX_CHANGES = 20;

/** `text` cut to `max` characters; a cut list says how many items were left out. */
export function clipValue(text: string, max = MAX_FIELD_CHARS): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const rest = text.slice(max);
  // Inside a list (prefixes, ports, names): cut after the last whole item and count the rest.
  const lastComma = head.lastIndexOf(',');
  if (lastComma > max / 2) {
    const items = text.slice(lastComma + 1).split(',').filter((s) => s.trim() !== '').length;
    return `${head.slice(0, lastComma)}, … and ${items} more`;
  }
  return `${head}… and ${rest.length} more characters`;
}

function clipFinding(f: FindingContent, max: number): FindingContent {
  return {
    ...f,
    title: clipValue(f.title, 300),
    where: clipValue(f.where, 300),
    message: clipValue(f.message, max),
    remediation: clipValue(f.remediation, max),
    ...(f.decidedBy !== undefined ? { decidedBy: clipValue(f.decidedBy, 500) } : {}),
    ...(f.flow !== undefined ? { flow: clipValue(f.flow, 500) } : {}),
    links: f.links.slice(0, 3),
  };
}

/** The largest version of `content` whose rendering `size` (bytes) stays within `budget`. */
export function fitContent(content: AlertContent, size: (c: AlertContent) => number, budget: number, fieldChars = MAX_FIELD_CHARS): AlertContent {
  const moreChanges = content.changes.length - MAX_CHANGES;
  const clipped: AlertContent = {
    ...content,
    instanceName: clipValue(content.instanceName, 300),
    summary: clipValue(content.summary),
    facts: content.facts.map((f) => ({ label: f.label, value: clipValue(f.value, 500) })),
    context: [
      ...content.context.slice(0, 10).map((c) => clipValue(c, 500)),
      ...(moreChanges > 0 ? [`…and ${moreChanges} more change(s) since the previous evaluation.`] : []),
    ],
    findings: content.findings.map((f) => clipFinding(f, fieldChars)),
    changes: content.changes.slice(0, MAX_CHANGES).map((c) => ({ ...c, who: clipValue(c.who, 300), resource: clipValue(c.resource, 300) })),
  };
  if (size(clipped) <= budget) return clipped;
  const withFindings = (n: number): AlertContent => ({
    ...clipped,
    findings: clipped.findings.slice(0, n),
    omitted: clipped.omitted + clipped.findings.length - n,
  });
  // The most findings that fit (binary search: each probe renders once).
  let lo = 0;
  let hi = clipped.findings.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(withFindings(mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  const fitted = withFindings(lo);
  if (lo > 0 || size(fitted) <= budget) return fitted;
  // Not even one finding fits beside the rest: keep the headline, the facts and the way to the report.
  return { ...fitted, changes: fitted.changes.slice(0, 3), context: fitted.context.slice(0, 2) };
}

/** Where the full report of an instance is served (functions/recheck.ts), for the "and N more" line. */
export function reportRoute(instanceId: string): string {
  const parsed = tryParseResourceId(instanceId);
  if (!parsed?.resourceGroup || !parsed.name) return 'GET /api/instances/{subscriptionId}/{resourceGroup}/{name}';
  return `GET /api/instances/${parsed.subscriptionId}/${parsed.resourceGroup}/${parsed.name}`;
}

/** The line that stands for the findings left out. */
export function omittedLine(omitted: number, instanceId: string): string {
  return `…and ${omitted} more finding(s); the full report: ${reportRoute(instanceId)} on the watcher's function app.`;
}
