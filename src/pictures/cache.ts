/**
 * Rendered pictures kept for a short while under a key (a scope and period, a user's stats). A hit also
 * needs the same data: a picture never shows other numbers than the text sent beside it, even when a
 * change was missed (another replica gave the points). Concurrent requests for one picture share one
 * render; a failed render is not kept.
 */
import type { Clock } from '../core/ports.js';

export interface PictureCacheOptions {
  clock: Clock;
  /** How long a picture is reused. Default one minute. */
  ttlMs?: number;
  /** Most pictures kept; the oldest go first. Default 256 (a card is 20-110 kB). */
  maxEntries?: number;
}

interface Entry<T> {
  key: string;
  at: number;
  value: Promise<T>;
}

export class PictureCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: PictureCacheOptions) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 256;
  }

  /** The picture kept under `key` for data with this `fingerprint`, or a new one from `render`. */
  get(key: string, fingerprint: string, render: () => Promise<T>): Promise<T> {
    const id = `${key}\n${fingerprint}`;
    const now = this.options.clock.now().getTime();
    const hit = this.entries.get(id);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (hit) this.entries.delete(id);
    const value = render();
    const entry: Entry<T> = { key, at: now, value };
    this.entries.set(id, entry);
    value.catch(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  /** Drops every picture whose key starts with one of `prefixes`. */
  invalidate(prefixes: string | readonly string[]): void {
    const list = typeof prefixes === 'string' ? [prefixes] : prefixes;
    for (const [id, entry] of this.entries) {
      if (list.some((prefix) => entry.key.startsWith(prefix))) this.entries.delete(id);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
