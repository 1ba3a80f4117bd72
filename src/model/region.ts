/**
 * APIM returns `West Europe`, Microsoft.Network returns `westeurope` (reference §9 item 19).
 * Every region comparison goes through this.
 */
export function normalizeRegion(value: string | undefined): string {
  return (value ?? '').toLowerCase().replace(/[\s_-]+/g, '');
}

export function sameRegion(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && normalizeRegion(a) === normalizeRegion(b);
}
