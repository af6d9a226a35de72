/**
 * Coalesces chat.update calls: a busy quiz would edit its public count once per answer. At most one
 * edit per message is in flight; edits that arrive meanwhile (or within `minIntervalMs` of the last)
 * collapse into one carrying the newest content. Every caller's promise settles with the send that
 * carried its content (or a newer one).
 *
 * Slack's limit is per method, per app, per workspace (chat.update is Tier 3: about 50 a minute), so
 * besides the spacing per message, all messages of one workspace share a budget of `perMinute` sends
 * in any 60 s; a message whose turn is over budget waits (still coalescing) for the oldest send to age out.
 * Every chat.update of the adapter goes through one coalescer: answers' counts, reveals, appeal edits and
 * the scheduler's (countdowns, reveals, standings), so together they stay under the limit. Other processes
 * (replicas, a `--only scheduler` process) edit the same workspace, so with `shared` the workspace's budget is
 * the one all of them take from in Postgres (update-budget.ts); while that does not answer, a smaller budget
 * of this process's own.
 *
 * Newest wins, with one exception: a `progress` edit (a count, a countdown) that comes after a final edit
 * of the same message (a reveal) is dropped, so an answer's count the core worked out just before the
 * question closed cannot put the open question back over its reveal. A reveal made in another process is
 * not seen here: with `rounds`, a progress edit of a round is sent only once the store says, right before
 * its send, that the round is not revealed (round-check.ts).
 *
 * When Slack still answers 429 (another process's edits, a limit lower than counted), the send's client rejects
 * it with its Retry-After (clients.ts) and every edit of that workspace waits that out here; the refused content
 * goes then, unless newer content of its message came meanwhile, which goes instead. Other workspaces, and the
 * other methods, do not wait.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../core/ports.js';
import { realTimers, type Timers } from '../../timeouts.js';
import { retryAfterOf } from './clients.js';
import type { RoundCheck } from './round-check.js';
import type { SharedUpdateBudget } from './update-budget.js';

export interface UpdateClock extends Clock, Timers {}

export const realUpdateClock: UpdateClock = { now: () => new Date(), ...realTimers };

export interface SubmitOptions {
  /** Slack's limit is per workspace: the team id. */
  workspace?: string;
  /** A count or countdown: dropped once the message has had a final edit (see above). Default: final. */
  progress?: boolean;
  /** The round a progress edit is a count or countdown of: dropped if it is revealed when its turn comes. */
  roundId?: number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Pending {
  send: () => Promise<void>;
  waiters: Waiter[];
  roundId?: number;
}

interface Slot {
  workspace: string;
  lastSentAt: number;
  running: boolean;
  timer: boolean;
  /** A take of the shared budget is under way for this message's next send. */
  asking: boolean;
  /** `roundId`: the newest content is progress of that round (see SubmitOptions). */
  pending?: Pending;
  /** When a final edit of this message was last submitted: later progress edits are stale. */
  finalAt?: number;
}

/** 1.5 s per message: one busy message stays at 40 edits a minute, under Slack's ~50. */
export const UPDATE_INTERVAL_MS = 1500;
/**
 * Edits a workspace may have in any minute by this process's own count, where no shared budget is given
 * (update-budget.ts is what startApp wires): under Slack's ~50.
 */
export const WORKSPACE_UPDATES_PER_MINUTE = 40;
const WINDOW_MS = 60_000;
/** How long a final edit makes progress edits of its message stale: they are worked out seconds before. */
const FINAL_MEMORY_MS = 10 * 60_000;

export class UpdateCoalescer {
  private readonly slots = new Map<string, Slot>();
  /** Per workspace, when its sends in the last minute went out (oldest first). */
  private readonly sentAt = new Map<string, number[]>();
  /** Per workspace, until when its edits wait after Slack answered one with 429. */
  private readonly pausedUntil = new Map<string, number>();
  private prunedAt = -Infinity;

  constructor(
    private readonly minIntervalMs = UPDATE_INTERVAL_MS,
    private readonly clock: UpdateClock = realUpdateClock,
    private readonly perMinute = WORKSPACE_UPDATES_PER_MINUTE,
    private readonly shared?: SharedUpdateBudget,
    private readonly rounds?: RoundCheck,
    private readonly log?: Logger,
  ) {}

  /** Queues `send` as the newest content for message `key`; an older queued send is dropped. */
  submit(key: string, send: () => Promise<void>, options: SubmitOptions = {}): Promise<void> {
    this.prune();
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { workspace: options.workspace ?? '', lastSentAt: -Infinity, running: false, timer: false, asking: false };
      this.slots.set(key, slot);
    }
    if (options.progress && slot.finalAt !== undefined) return Promise.resolve();
    if (!options.progress) slot.finalAt = this.now();
    const roundId = options.progress ? options.roundId : undefined;
    const done = new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject };
      if (slot.pending) {
        slot.pending.send = send;
        slot.pending.roundId = roundId;
        slot.pending.waiters.push(waiter);
      } else slot.pending = { send, waiters: [waiter], roundId };
    });
    this.schedule(slot);
    return done;
  }

  /** Whether message `key` has an edit waiting for its turn (its interval, or the workspace's budget). */
  waiting(key: string): boolean {
    return this.slots.get(key)?.pending !== undefined;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private schedule(slot: Slot): void {
    if (slot.running || slot.timer || slot.asking || !slot.pending) return;
    const paused = this.pauseLeft(slot.workspace);
    if (paused > 0) return this.wake(slot, paused);
    const spacing = slot.lastSentAt + this.minIntervalMs - this.now();
    if (spacing > 0) return this.wake(slot, spacing);
    if (!this.shared) return this.byLocalBudget(slot, this.perMinute);
    slot.asking = true;
    // Edits still coalesce into `pending` while the database answers; the send that goes out is the newest.
    void this.shared.take(slot.workspace).then((wait) => {
      slot.asking = false;
      // Over the fallback budget, it asks the shared one again once that may answer, if that comes sooner.
      if (wait === undefined) this.byLocalBudget(slot, this.shared!.fallbackPerMinute, this.shared!.retryInMs());
      else if (wait <= 0) void this.flush(slot);
      else this.wake(slot, wait);
    });
  }

  private byLocalBudget(slot: Slot, perMinute: number, wakeWithin = Infinity): void {
    const wait = this.budgetWait(slot.workspace, this.now(), perMinute);
    if (wait <= 0) void this.flush(slot);
    else this.wake(slot, Math.min(wait, wakeWithin));
  }

  private wake(slot: Slot, ms: number): void {
    slot.timer = true;
    // On waking it asks again: another message of the workspace may have taken the freed turn.
    this.clock.setTimer(() => {
      slot.timer = false;
      this.schedule(slot);
    }, ms);
  }

  /** How long until `workspace` may send again (0: now). */
  private budgetWait(workspace: string, now: number, perMinute: number): number {
    const times = this.sentAt.get(workspace);
    if (!times) return 0;
    while (times.length && times[0]! + WINDOW_MS <= now) times.shift();
    if (times.length === 0) this.sentAt.delete(workspace);
    return times.length < perMinute ? 0 : times[times.length - perMinute]! + WINDOW_MS - now;
  }

  /** How long `workspace`'s edits still wait out a 429 (0: not at all). */
  private pauseLeft(workspace: string): number {
    const until = this.pausedUntil.get(workspace);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) this.pausedUntil.delete(workspace);
    return Math.max(0, left);
  }

  private async flush(slot: Slot): Promise<void> {
    const pending = slot.pending;
    if (!pending) return;
    // Another message's 429 may have come while the shared budget answered.
    const paused = this.pauseLeft(slot.workspace);
    if (paused > 0) return this.wake(slot, paused);
    slot.pending = undefined;
    slot.running = true;
    if (pending.roundId !== undefined && this.rounds && (await this.rounds.revealed(pending.roundId))) {
      // Revealed by another process (or this one, through another message): later progress edits are stale too.
      slot.finalAt = this.now();
      for (const w of pending.waiters) w.resolve();
      slot.running = false;
      return this.schedule(slot);
    }
    slot.lastSentAt = this.now();
    // Every send counts here, those the shared budget granted too: the fallback budget starts from them.
    const times = this.sentAt.get(slot.workspace) ?? [];
    while (times.length && times[0]! + WINDOW_MS <= slot.lastSentAt) times.shift();
    times.push(slot.lastSentAt);
    this.sentAt.set(slot.workspace, times);
    try {
      await pending.send();
      for (const w of pending.waiters) w.resolve();
    } catch (error) {
      const retryAfterS = retryAfterOf(error);
      if (retryAfterS === undefined) for (const w of pending.waiters) w.reject(error);
      else this.rateLimited(slot, pending, retryAfterS);
    } finally {
      slot.running = false;
      this.schedule(slot);
    }
  }

  /** Slack refused `refused` with 429: the workspace waits `retryAfterS`, then its message's newest content goes. */
  private rateLimited(slot: Slot, refused: Pending, retryAfterS: number): void {
    const { workspace } = slot;
    // Sends in flight together are refused together: one warning for them.
    if (this.pauseLeft(workspace) === 0) {
      this.log?.warn({ workspace, retryAfterS }, "slack: chat.update answered 429; this workspace's edits wait out the Retry-After (other calls go on)");
    }
    this.pausedUntil.set(workspace, Math.max(this.pausedUntil.get(workspace) ?? -Infinity, this.now() + retryAfterS * 1000));
    // The other processes that edit this workspace's messages wait it out too (Slack counts them together).
    void this.shared?.hold(workspace, retryAfterS * 1000);
    // Newer content submitted meanwhile replaces the refused one, and settles its callers too.
    if (slot.pending) slot.pending.waiters.push(...refused.waiters);
    else slot.pending = refused;
  }

  /** Forgets idle messages whose interval has passed (and whose final edit, if any, is long past). */
  private prune(): void {
    const now = this.now();
    // Once a second at most: final edits keep their messages known for minutes, so there can be many.
    if (now < this.prunedAt + 1000) return;
    this.prunedAt = now;
    for (const [key, slot] of this.slots) {
      const idle = !slot.running && !slot.timer && !slot.asking && !slot.pending && slot.lastSentAt + this.minIntervalMs <= now;
      if (idle && (slot.finalAt === undefined || slot.finalAt + FINAL_MEMORY_MS <= now)) this.slots.delete(key);
    }
  }
}
