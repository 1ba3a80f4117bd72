/** `{{name}}` placeholders, as in ESLint messages. Unknown placeholders stay visible so tests catch them. */
export function renderTemplate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => {
    const value = data?.[key];
    return value === undefined ? whole : String(value);
  });
}
