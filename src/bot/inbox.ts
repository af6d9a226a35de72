/**
 * Acknowledged means kept: an adapter writes each delivery to a durable inbox before it acknowledges it
 * to the platform, and marks it done when the work is over. If the process dies in between (kill -9,
 * a lost node), its lease runs out and any process of the bot (the restarted one, or another replica)
 * replays it. The replay goes through the core with the same interactionId, so work that did commit
 * before the crash is not done twice; only the reply is sent again.
 *
 * The platform-neutral half lives here; the SQL is in src/db/inbox-store.ts.
 */
import type { Logger } from 'pino';
import { ClaimLeases } from '../claim-leases.js';
import { systemClock, type Clock, type Platform } from '../core/ports.js';

export interface InboxRow {
  key: string;
  payload: unknown;
  receivedAt: Date;
  /** How often it has been taken, the first time included. */
  attempts: number;
}

/** The storage port. Times come from the caller's clock, so a fake clock drives leases in tests. */
export interface InboxStore {
  /** Records a delivery; false when the key is already there (a redelivery, here or on another replica). */
  accept(key: string, platform: Platform, payload: unknown, now: Date, leaseUntil: Date): Promise<boolean>;
  complete(key: string, now: Date, note?: string): Promise<void>;
  /** Extends the leases of deliveries still being worked on. */
  renew(keys: readonly string[], leaseUntil: Date): Promise<void>;
  /** Takes deliveries whose lease ran out unfinished, oldest first; no two callers get the same row. */
  claimOrphans(platform: Platform, now: Date, leaseUntil: Date, limit: number): Promise<InboxRow[]>;
  /** Forgets finished deliveries (their keys stop guarding against redelivery). */
  prune(doneBefore: Date): Promise<number>;
}

export type TakeResult = 'new' | 'duplicate' | 'unrecorded';

export interface InboxOptions<P> {
  store: InboxStore;
  platform: Platform;
  /** Does a delivery's work again from its payload, and answers the user; `receivedAt`: when it was first taken. */
  replay: (payload: P, key: string, receivedAt: Date) => Promise<void>;
  clock?: Clock;
  log?: Logger;
  /** How long a delivery belongs to the process that took it before others may replay it (ms). */
  leaseMs?: number;
  /** Past this age a delivery is not replayed: the platform's way back to the user has expired (ms). */
  maxAgeMs: number;
  /** Replays of one delivery before it is given up (it may be what kills the process). */
  maxReplays?: number;
  /** How long finished keys are kept to recognise redeliveries (ms). */
  keepDoneMs?: number;
}

export const DEFAULT_INBOX_LEASE_MS = 30_000;
const SWEEP_BATCH = 50;

export class InteractionInbox<P> {
  /** Deliveries this process took and has not finished, their leases renewed (the rule: claim-leases.ts). */
  private readonly working: ClaimLeases<string>;
  /** take()'s writes by key, until finish(). */
  private readonly writes = new Map<string, Promise<TakeResult>>();
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly maxReplays: number;
  private readonly keepDoneMs: number;
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: InboxOptions<P>) {
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseMs ?? DEFAULT_INBOX_LEASE_MS;
    this.working = new ClaimLeases<string>({
      leaseMs: this.leaseMs,
      renew: (keys, now) => options.store.renew(keys, this.leaseEnd(now)),
      clock: this.clock,
      log: options.log,
    });
    this.maxReplays = options.maxReplays ?? 3;
    this.keepDoneMs = options.keepDoneMs ?? 60 * 60_000;
  }

  /**
   * Call before acknowledging. 'duplicate': drop it (already taken somewhere). 'unrecorded': the
   * database did not answer; the work may still go ahead, but it is not protected against a crash.
   */
  take(key: string, payload: P): Promise<TakeResult> {
    const write = this.record(key, payload);
    // finish() waits for a write still under way (a caller may not wait for it, as a Discord deferral does not).
    this.writes.set(key, write);
    // Only a new delivery is finished later; nothing is kept for the others.
    void write.then((taken) => taken !== 'new' && this.writes.get(key) === write && this.writes.delete(key));
    return write;
  }

  private async record(key: string, payload: P): Promise<TakeResult> {
    const now = this.clock.now();
    try {
      const fresh = await this.options.store.accept(key, this.options.platform, payload, now, this.leaseEnd(now));
      if (!fresh) return 'duplicate';
      this.working.hold([key]);
      return 'new';
    } catch (error) {
      this.options.log?.warn({ err: error, key }, 'inbox: could not record a delivery before acknowledging it');
      return 'unrecorded';
    }
  }

  /** Call when the work (and its reply) is over, whether it succeeded or told the user it failed. */
  async finish(key: string): Promise<void> {
    const write = this.writes.get(key);
    if (write) {
      this.writes.delete(key);
      await write;
    }
    if (!this.working.release(key)) return;
    try {
      await this.options.store.complete(key, this.clock.now());
    } catch (error) {
      // Left open, it is replayed after its lease: harmless, as the core's idempotence key holds.
      this.options.log?.warn({ err: error, key }, 'inbox: could not mark a delivery done');
    }
  }

  /** Keeps this process's leases alive, then replays what crashed processes left. Returns how many were replayed. */
  sweep(): Promise<number> {
    const run = this.sweeping.then(() => this.sweepOnce());
    this.sweeping = run.catch(() => undefined);
    return run;
  }

  /**
   * Sweeps now and every `intervalMs` until stopped. The leases are renewed on a timer of their own too,
   * so a slow replay (sweeps run one after another) never lets this process's other leases lapse.
   */
  start(intervalMs = 5_000): { stop(): Promise<void> } {
    const tick = () =>
      void this.sweep().catch((error: unknown) => this.options.log?.warn({ err: error }, 'inbox: sweep failed'));
    tick();
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    const renewing = this.working.start();
    return {
      stop: async () => {
        clearInterval(timer);
        await this.sweeping;
        await renewing.stop();
      },
    };
  }

  private async sweepOnce(): Promise<number> {
    const { store, platform, log } = this.options;
    const now = this.clock.now();
    await this.working.renewIfDue();
    let replayed = 0;
    for (;;) {
      const orphans = await store.claimOrphans(platform, now, this.leaseEnd(now), SWEEP_BATCH);
      for (const row of orphans) {
        const age = now.getTime() - row.receivedAt.getTime();
        // The first take and this claim both counted: what is left are the replays already tried.
        const replaysTried = row.attempts - 2;
        if (age > this.options.maxAgeMs || replaysTried >= this.maxReplays) {
          const note = age > this.options.maxAgeMs ? `too old to answer (${Math.round(age / 1000)} s)` : `gave up after ${replaysTried} replays`;
          log?.warn({ key: row.key, note }, 'inbox: delivery given up');
          await store.complete(row.key, now, note);
          continue;
        }
        log?.warn({ key: row.key, attempt: row.attempts, ageMs: age }, 'inbox: replaying a delivery its process did not finish');
        this.working.hold([row.key]);
        try {
          await this.options.replay(row.payload as P, row.key, row.receivedAt);
          replayed++;
        } catch (error) {
          // Stays leased to us; after the lease it is tried again, up to maxReplays.
          this.working.release(row.key);
          log?.error({ err: error, key: row.key }, 'inbox: replay failed');
          continue;
        }
        await this.finish(row.key);
      }
      if (orphans.length < SWEEP_BATCH) break;
    }
    await store.prune(new Date(now.getTime() - this.keepDoneMs));
    return replayed;
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.leaseMs);
  }
}
