/**
 * The one rule for work claimed in a shared row across replicas (the interaction inbox, the daily
 * prompts, the game steps): the holder keeps the list of what it is working on and renews the whole
 * list in one cheap statement every `leaseMs / RENEWALS_PER_LEASE`, on a timer of its own, so that a
 * renewal never waits for the work (a post held up by a rate limit, a long fan-out of many channels). A
 * row not renewed for `leaseMs` has a dead holder, and anyone may take it over; a holder whose row was
 * taken over changes nothing, as each of its writes is guarded by its claim.
 *
 * Six renewals a lease: one or two slow or failed renewals (a database blip, a busy event loop) still
 * leave the claim alive, so only a holder that stopped renewing for the whole lease is taken over.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { systemClock, type Clock } from './core/ports.js';

export const RENEWALS_PER_LEASE = 6;

/**
 * Who holds a claim: the host and pid say where to look in logs, and a random part keeps two live
 * holders apart when those repeat (a restarted container is pid 1 under the same host name).
 */
export function newHolderId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export interface ClaimLeasesOptions<K> {
  leaseMs: number;
  /** One statement: extends this holder's claims on `keys` (those it still holds) from `now`. */
  renew: (keys: readonly K[], now: Date) => Promise<void>;
  clock?: Clock;
  log?: Logger;
}

export class ClaimLeases<K> {
  readonly leaseMs: number;
  readonly renewEveryMs: number;
  private readonly held = new Set<K>();
  private renewing: Promise<void> | null = null;
  private lastRenewal = -Infinity;
  private readonly clock: Clock;

  constructor(private readonly options: ClaimLeasesOptions<K>) {
    this.leaseMs = options.leaseMs;
    this.renewEveryMs = Math.max(1, Math.floor(options.leaseMs / RENEWALS_PER_LEASE));
    this.clock = options.clock ?? systemClock;
  }

  /** From its claim until its last guarded write. */
  hold(keys: Iterable<K>): void {
    for (const key of keys) this.held.add(key);
  }

  /** Whether it was held. */
  release(key: K): boolean {
    return this.held.delete(key);
  }

  has(key: K): boolean {
    return this.held.has(key);
  }

  get size(): number {
    return this.held.size;
  }

  /** Renews everything held now. A renewal still under way is joined, not doubled. */
  renewNow(): Promise<void> {
    if (this.renewing) return this.renewing;
    if (this.held.size === 0) return Promise.resolve();
    const now = this.clock.now();
    this.lastRenewal = now.getTime();
    const run = this.options.renew([...this.held], now).finally(() => {
      this.renewing = null;
    });
    this.renewing = run;
    return run;
  }

  /** Renews unless a renewal began less than half an interval ago (two callers, as the inbox's sweep and timer, share one). */
  renewIfDue(): Promise<void> {
    if (this.clock.now().getTime() - this.lastRenewal < this.renewEveryMs / 2) return this.renewing ?? Promise.resolve();
    return this.renewNow();
  }

  /** Renews every `renewEveryMs` until stopped; a failed renewal is logged and the next one tried. */
  start(): { stop(): Promise<void> } {
    const timer = setInterval(() => {
      this.renewIfDue().catch((error: unknown) => this.options.log?.warn({ err: error, held: this.held.size }, 'could not renew claims; retrying'));
    }, this.renewEveryMs);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await this.renewing?.catch(() => undefined);
      },
    };
  }
}
