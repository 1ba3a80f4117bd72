import { singleLine } from '../output/safe-text.js';

/**
 * `{{name}}` placeholders, as in ESLint messages. Unknown placeholders stay visible so tests catch them.
 * Values come from Azure: each fills one line, so a value can never start a line of its own (a forged
 * `Fix:` line) nor carry a control or bidi character into any renderer.
 */
export function renderTemplate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => {
    const value = data?.[key];
    return value === undefined ? whole : singleLine(value);
  });
}
