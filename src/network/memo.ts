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

/**
 * A small direct-mapped memo for hot short texts (`*`, `443`, `VirtualNetwork`, a hub's prefix): each text
 * has one slot, chosen from its length and a few of its characters, and a new text takes the slot over. A
 * lookup is one array read and one comparison, where a Map lookup of a text not seen before hashes it and,
 * on a large estate whose texts outnumber any bound, misses twice in big tables.
 */
export class RecentMemo<V> {
  private readonly keys: Array<string | undefined>;
  private readonly values: Array<V | undefined>;
  private readonly mask: number;

  /** `bits`: 2^bits slots. */
  constructor(bits: number) {
    this.mask = (1 << bits) - 1;
    this.keys = new Array<string | undefined>(1 << bits).fill(undefined);
    this.values = new Array<V | undefined>(1 << bits).fill(undefined);
  }

  private slot(key: string): number {
    const n = key.length;
    if (n === 0) return 0;
    let h = Math.imul(n, 0x9e3779b1);
    h = Math.imul(h ^ key.charCodeAt(0), 0x85ebca6b);
    h = Math.imul(h ^ key.charCodeAt(n - 1), 0xc2b2ae35);
    h = Math.imul(h ^ key.charCodeAt(n >> 1), 0x27d4eb2f);
    if (n > 3) h = Math.imul(h ^ key.charCodeAt(n - 2), 0x165667b1) ^ key.charCodeAt(n - 3);
    return (h ^ (h >>> 15)) & this.mask;
  }

  get(key: string): V | undefined {
    const i = this.slot(key);
    return this.keys[i] === key ? this.values[i] : undefined;
  }

  set(key: string, value: V): void {
    const i = this.slot(key);
    this.keys[i] = key;
    this.values[i] = value;
  }
}
