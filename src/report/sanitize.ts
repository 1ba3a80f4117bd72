/**
 * Values in a report come from Azure resources (names, descriptions quoted in messages). A terminal
 * interprets control characters, so an NSG rule description holding an escape sequence could
 * repaint or hide lines: every value is made inert before it reaches the text output.
 */
// C0 controls except tab and newline, DEL and C1 controls (which include CSI, 0x9b).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function terminalSafe(value: string): string {
  return value.replace(CONTROL, '\uFFFD');
}
