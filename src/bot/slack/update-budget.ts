/**
 * The chat.update budget of a workspace, shared by every process that edits its messages (Slack replicas, a
 * `--only scheduler` process): Slack counts them together (Tier 3, about 50 a minute per app and workspace).
 * The store (src/db/update-budget-store.ts) keeps one GCRA row per workspace and takes a send in one atomic
 * statement, granting it or saying how long until one would be granted.
 *
 * Whose time: by default the database's (`now()`), one clock for all replicas. With `clock` (tests, with the fake
 * clock) the caller's time is passed instead. That is safe across replicas too while their clocks are roughly in
 * sync: a clock δ ahead of the others can spend at most ⌈δ / interval⌉ sends early (one per 1.5 s of skew), and
 * 44 leaves 6 under Slack's 50 (about 9 s of skew, far more than NTP allows); a clock behind only waits longer.
 * Either way a refused take's wait is a duration, which each process times on its own clock.
 *
 * If the database is slow or fails, edits must neither stall nor be lost: `take` answers `undefined` and the
 * coalescer falls back to a smaller budget of its own (FALLBACK_UPDATES_PER_MINUTE, so that a few processes
 * falling back at once stay under Slack's limit), and the database is asked again after RETRY_AFTER_MS.
 */
import type { Logger } from 'pino';
import { RoundCheck, type RevealedRounds } from './round-check.js';
import { withTimeout } from '../../timeouts.js';
import { realUpdateClock, UpdateCoalescer, type UpdateClock } from './updates.js';

/** GCRA: one send per `intervalMs` on average, up to `burst` at once after a quiet spell. */
export interface BudgetRate {
  intervalMs: number;
  burst: number;
}

export interface UpdateBudgetStore {
  /**
   * Takes one send of `workspace`'s budget: 0 when granted, otherwise the ms until one would be (nothing taken).
   * `now`: the time to take it at; undefined: the database's clock.
   */
  take(workspace: string, rate: BudgetRate, now?: Date): Promise<number>;
  /**
   * Slack answered one of `workspace`'s edits with 429: no take is granted for `ms` from `now` (or the
   * database's clock), whichever process asks; then one per interval again, without a burst.
   */
  hold(workspace: string, rate: BudgetRate, ms: number, now?: Date): Promise<void>;
}

/**
 * 40 a minute on average with bursts of 5: in any 60 s at most 39 + 5 = 44 sends (GCRA lets n sends in a window
 * W only if (n - 1) · interval < W + (burst - 1) · interval), under Slack's ~50 with room for clock skew and for
 * the time between a grant and the edit's arrival at Slack (a slow send can land beside later ones).
 */
export const SHARED_UPDATE_RATE: BudgetRate = { intervalMs: 1500, burst: 5 };
/** Each process's own budget while the database does not answer (a minute, counted per workspace). */
export const FALLBACK_UPDATES_PER_MINUTE = 15;
/** How long a take may wait for the database before the edit goes by the fallback budget. */
export const BUDGET_TIMEOUT_MS = 1000;
/** After a failure, how long the fallback budget is used before the database is asked again. */
export const RETRY_AFTER_MS = 15_000;

export interface SharedBudgetOptions {
  store: UpdateBudgetStore;
  /** The limiter's time and the timeout's timers (tests: the fake clock); default the database's time, real timers. */
  clock?: UpdateClock;
  rate?: BudgetRate;
  timeoutMs?: number;
  log?: Logger;
}

export class SharedUpdateBudget {
  readonly fallbackPerMinute = FALLBACK_UPDATES_PER_MINUTE;
  private readonly clock: UpdateClock;
  private readonly rate: BudgetRate;
  /** How long a take or a hold may wait for the database. */
  private readonly timeoutMs: number;
  /** Until when (by `clock`) the fallback budget is used instead of the database; set by a failure. */
  private fallbackUntil = -Infinity;

  constructor(private readonly options: SharedBudgetOptions) {
    this.clock = options.clock ?? realUpdateClock;
    this.rate = options.rate ?? SHARED_UPDATE_RATE;
    this.timeoutMs = options.timeoutMs ?? BUDGET_TIMEOUT_MS;
  }

  /** 0: a send is granted; > 0: ms until one would be; undefined: the database is unavailable, use the fallback. */
  async take(workspace: string): Promise<number | undefined> {
    if (this.clock.now().getTime() < this.fallbackUntil) return undefined;
    try {
      const wait = await withTimeout(this.clock, this.timeoutMs, this.options.store.take(workspace, this.rate, this.options.clock?.now()));
      if (this.fallbackUntil !== -Infinity) {
        this.fallbackUntil = -Infinity;
        this.options.log?.info({ workspace }, 'slack: the shared chat.update budget answers again');
      }
      return wait;
    } catch (error) {
      const now = this.clock.now().getTime();
      // Takes under way together fail together: one warning for them.
      const already = now < this.fallbackUntil;
      this.fallbackUntil = now + RETRY_AFTER_MS;
      if (!already) {
        this.options.log?.warn(
          { err: error, workspace, fallbackPerMinute: this.fallbackPerMinute, retryInMs: RETRY_AFTER_MS },
          "slack: the shared chat.update budget did not answer; edits go by this process's own smaller budget",
        );
      }
      return undefined;
    }
  }

  /**
   * Passes a 429's Retry-After on to every process: their takes for `workspace` wait it out too. Best effort:
   * this process waits it out either way, so a store that fails or is slow is logged and nothing more.
   */
  async hold(workspace: string, ms: number): Promise<void> {
    try {
      await withTimeout(this.clock, this.timeoutMs, this.options.store.hold(workspace, this.rate, ms, this.options.clock?.now()));
    } catch (error) {
      this.options.log?.warn({ err: error, workspace, holdMs: ms }, "slack: could not pass a 429's Retry-After on to the shared chat.update budget");
    }
  }

  /** How long until the database is asked again after a failure (ms; at least 1). */
  retryInMs(): number {
    return Math.max(1, this.fallbackUntil - this.clock.now().getTime());
  }
}

/** Where a process's Slack edits get their budget from: the options the adapter and the standalone sender share. */
export interface UpdateBudgetOptions {
  /** The budget every process shares (Postgres); without it, this process's own (WORKSPACE_UPDATES_PER_MINUTE). */
  updateBudget?: UpdateBudgetStore;
  /** The clock of chat.update's spacing and budget (tests: the fake one, with its timers). */
  updateClock?: UpdateClock;
  /** Where a count or countdown learns, right before its send, that another process revealed its round (round-check.ts). */
  revealedRounds?: RevealedRounds;
}

/** The coalescer every chat.update of one process goes through. */
export function createUpdateCoalescer(options: UpdateBudgetOptions, log?: Logger): UpdateCoalescer {
  const shared = options.updateBudget ? new SharedUpdateBudget({ store: options.updateBudget, clock: options.updateClock, log }) : undefined;
  const rounds = options.revealedRounds ? new RoundCheck(options.revealedRounds, options.updateClock ?? realUpdateClock, log) : undefined;
  return new UpdateCoalescer(undefined, options.updateClock, undefined, shared, rounds, log);
}
