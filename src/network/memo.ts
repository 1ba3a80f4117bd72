/**
 * A bounded memo for parse results keyed by text, in two generations: entries used since the last
 * turnover survive it, so a working set smaller than the bound is never dropped wholesale (a single map
 * cleared when full thrashed on large estates, whose prefixes and ids outnumber any fixed bound).
 * Caches keyed by model objects use WeakMaps instead and live exactly as long as the estate.
 */
export class TextMemo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly generationSize: number) {}

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
