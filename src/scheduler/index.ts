/**
 * Daily channel prompts. node-cron only rings the bell every 15 seconds; everything that matters (what
 * is due, who claimed it, what was posted) lives in Postgres, so restarts and replicas are safe.
 *
 * One tick:
 *  1. plan: insert the day's prompt rows for enabled, unpaused channels (unique per channel and local date);
 *  2. post: claim due prompts in batches (`FOR UPDATE SKIP LOCKED`), pick a card, open the round, post it
 *     (one prompt: prompt-poster.ts);
 *  3. reveal: claim posted prompts whose round has closed, reveal, post the result.
 *
 * Crash between claim and post: a claim is a row in state 'posting' (or 'revealing') with claimed_at.
 * The claimant renews every claim it holds, from the claim of its batch until its last write, on a
 * timer of its own (claim-leases.ts, the inbox's rule: every `claimLeaseMs / 6`, one statement by
 * primary key), so a post held up by a rate limit, or the rest of a batch waiting behind it, stays its
 * own. A claim not renewed for `claimLeaseMs` (60 s) has a dead claimant, and the next tick of any
 * replica takes it over: at most 60 + 15 s after the dead one's post, well inside the few minutes in
 * which Discord folds a repeated nonce. What makes a takeover safe is the order of one attempt: open the
 * round, record it on the prompt row (`attachRound`, still 'posting'), post it carrying the round id
 * (Discord: the message nonce with enforce_nonce, which also folds a quick retry into the first message;
 * Slack: message metadata), record the post. Whoever takes the claim over (or retries after an error)
 * finds the round on the row and never opens a second one: it asks the platform whether the round's
 * message is in the channel (`Sender.findRoundMessage`), records it if so, and posts that same round only
 * if not. A reveal goes out keyed (`d<prompt>`), and a retried one looks for it in the channel first
 * (keyed-posts.ts), however long after: Discord's nonce folds a repeat only within minutes.
 * A round whose window has passed is closed either way, so none stays open forever. A round opened but
 * never recorded (the claimant died, or lost the claim, in between) was never posted: the takeover, or
 * the loser, closes it. Where the platform cannot be asked (the terminal: one process, so no one else
 * posted), the round is posted again. Restarts between ticks and concurrent replicas post each prompt
 * exactly once, and a late claimant whose claim was taken over cannot mark the row again.
 */
import cron from 'node-cron';
import { pino, type Logger } from 'pino';
import type { RunningAdapter } from '../bot/adapter.js';
import { ChannelUnavailableError } from '../core/errors.js';
import { ClaimLeases } from '../claim-leases.js';
import { systemClock, type Clock, type Platform, type Sender } from '../core/ports.js';
import { postKeyedOnce } from './keyed-posts.js';
import { forEachLimited } from './for-each-limited.js';
import { planPrompts } from './planner.js';
import type { ClaimedReveal, ClaimOptions, TimedRunnerOptions, PlannedPrompt, RoundOpener, SchedulerStore } from './ports.js';
import { channelOf, errorText, pauseReason, PromptPoster } from './prompt-poster.js';

export interface TickReport {
  /** Prompt rows newly planned. */
  planned: number;
  claimed: number;
  posted: number;
  /** Missed their window (bot was down) or had nothing to post. */
  skipped: number;
  /** Channels the bot can no longer post in (paused). */
  paused: number;
  /** Transient errors; the prompt is retried next minute while its window is open. */
  retrying: number;
  revealed: number;
  /** Taken-over prompts whose card had reached the channel before its poster died: recorded, not posted again. */
  recovered: number;
  /** Wall time of planning (ms). */
  planMillis: number;
  /** Wall time of the claim queries alone (ms), summed over batches. */
  claimMillis: number;
  /** From tick start until the last due prompt was claimed (ms): claims interleave with rate-limited posting. */
  allClaimedAfterMillis: number;
}

export interface SchedulerOptions extends TimedRunnerOptions {
  store: SchedulerStore;
  rounds: RoundOpener;
  /**
   * A 'posting' or 'revealing' claim not renewed for this long is taken over (ms; default 60 s). Its
   * holder renews it every sixth of this, so a slow but live one keeps it.
   */
  claimLeaseMs?: number;
  /** For the card pick; tests pass a seeded one. */
  random?: () => number;
}

export interface Scheduler {
  tick(): Promise<TickReport>;
  /** Renews the claims this scheduler is working on; start() does it on a timer of its own. */
  renewClaims(): Promise<void>;
  /** Runs `tick` every 15 s with node-cron, and renews its claims, until stopped. */
  start(): RunningAdapter;
}

const MINUTE = 60_000;
const DEFAULT_CLAIM_LEASE_MS = 60_000;
/** How often start() ticks: a dead claimant's work is taken over at most this long after its lease ends. */
const TICK_PATTERN = '*/15 * * * * *';

export function createScheduler(options: SchedulerOptions): Scheduler {
  return new DailyScheduler(options);
}

class DailyScheduler implements Scheduler {
  private readonly store: SchedulerStore;
  private readonly rounds: RoundOpener;
  private readonly senders = new Map<Platform, Sender>();
  private readonly clock: Clock;
  private readonly instanceId: string;
  private readonly log: Logger;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly claims: ClaimLeases<number>;
  private readonly poster: PromptPoster;

  constructor(o: SchedulerOptions) {
    this.store = o.store;
    this.rounds = o.rounds;
    for (const s of o.senders) this.senders.set(s.platform, s);
    this.clock = o.clock ?? systemClock;
    this.instanceId = o.instanceId ?? `scheduler-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.log = o.log ?? pino({ level: 'silent' });
    this.batchSize = o.batchSize ?? 100;
    this.concurrency = o.concurrency ?? 10;
    this.claims = new ClaimLeases<number>({
      leaseMs: o.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS,
      renew: (promptIds, now) => this.store.renewClaims(promptIds, this.instanceId, now),
      clock: this.clock,
      log: this.log,
    });
    this.poster = new PromptPoster({
      store: this.store,
      rounds: this.rounds,
      senders: this.senders,
      clock: this.clock,
      instanceId: this.instanceId,
      log: this.log,
      leaseMs: this.claims.leaseMs,
      random: o.random ?? Math.random,
    });
  }

  async tick(): Promise<TickReport> {
    const started = performance.now();
    const report: TickReport = { planned: 0, claimed: 0, posted: 0, skipped: 0, paused: 0, retrying: 0, revealed: 0, recovered: 0, planMillis: 0, claimMillis: 0, allClaimedAfterMillis: 0 };
    report.planned = await this.plan(this.clock.now());
    report.planMillis = performance.now() - started;
    await this.postDue(report, started);
    await this.revealClosed(report);
    report.skipped += await this.store.closeAbandonedRounds(this.clock.now());
    if (report.claimed + report.revealed + report.planned > 0) this.log.info({ instance: this.instanceId, ...report }, 'daily tick');
    return report;
  }

  renewClaims(): Promise<void> {
    return this.claims.renewNow();
  }

  start(): RunningAdapter {
    let inFlight: Promise<unknown> = Promise.resolve();
    let healthy = true;
    let stopped = false;
    // The heartbeat runs beside the ticks, never behind them: a tick may spend minutes on a fan-out.
    const renewing = this.claims.start();
    // noOverlap: a long fan-out tick (10k channels at 50 posts/s) must not start a second one in this process.
    const task = cron.schedule(
      TICK_PATTERN,
      () => {
        const run = this.tick().then(
          () => {
            healthy = true;
          },
          (error: unknown) => {
            healthy = false;
            this.log.error({ err: error, instance: this.instanceId }, 'daily tick failed');
          },
        );
        inFlight = run;
        return run;
      },
      { name: `daily-scheduler-${this.instanceId}`, noOverlap: true },
    );
    return {
      name: 'scheduler',
      isHealthy: () => healthy && !stopped,
      stop: async () => {
        stopped = true;
        await task.destroy();
        await inFlight;
        await renewing.stop();
      },
    };
  }

  private async plan(now: Date): Promise<number> {
    const settings = await this.store.settingsWithoutFuturePrompt(now);
    if (settings.length === 0) return 0;
    const cache = new Map<string, Date>();
    const planned: PlannedPrompt[] = [];
    for (const s of settings) {
      try {
        planned.push(...planPrompts(s, now, cache));
      } catch (error) {
        // A zone that this Node's ICU no longer knows must not block every other channel.
        this.log.warn({ err: error, settingsId: s.settingsId }, 'cannot plan daily prompt');
      }
    }
    return this.store.insertPlannedPrompts(planned);
  }

  private claimOptions(): ClaimOptions {
    const now = this.clock.now();
    return {
      instanceId: this.instanceId,
      now,
      platforms: [...this.senders.keys()],
      limit: this.batchSize,
      retryBefore: new Date(now.getTime() - MINUTE),
      staleBefore: new Date(now.getTime() - this.claims.leaseMs),
    };
  }

  private async postDue(report: TickReport, tickStarted: number): Promise<void> {
    // Stale claims first (their holder died; they are the oldest), then what is newly due.
    for (const kind of ['stale', 'pending'] as const) {
      for (;;) {
        const started = performance.now();
        const batch = await this.store.claimDuePrompts(this.claimOptions(), kind);
        report.claimMillis += performance.now() - started;
        if (batch.length === 0) break;
        report.allClaimedAfterMillis = performance.now() - tickStarted;
        report.claimed += batch.length;
        await this.workOn(batch, (p) => this.poster.post(p, report));
      }
    }
  }

  private async revealClosed(report: TickReport): Promise<void> {
    for (const kind of ['stale', 'due'] as const) {
      for (;;) {
        const batch = await this.store.claimDueReveals(this.claimOptions(), kind);
        if (batch.length === 0) break;
        await this.workOn(batch, (r) => this.revealOne(r, report));
      }
    }
  }

  /**
   * Runs a claimed batch, `concurrency` at a time, renewing each claim from the batch's claim until the
   * prompt is done: the rows waiting for their turn behind a slow post are this scheduler's too.
   */
  private async workOn<T extends { promptId: number }>(batch: readonly T[], work: (claim: T) => Promise<void>): Promise<void> {
    this.claims.hold(batch.map((c) => c.promptId));
    try {
      await forEachLimited(batch, this.concurrency, (c) => work(c).finally(() => this.claims.release(c.promptId)));
    } finally {
      for (const c of batch) this.claims.release(c.promptId); // also when forEachLimited itself failed
    }
  }

  private async revealOne(r: ClaimedReveal, report: TickReport): Promise<void> {
    const channel = channelOf(r);
    const log = this.log.child({ promptId: r.promptId, roundId: r.roundId, channel, instance: this.instanceId });
    const sender = this.senders.get(r.platform);
    if (!sender) throw new Error(`claimed a ${r.platform} reveal without a sender`);
    try {
      const { message } = await this.rounds.revealRound(r.roundId);
      // Keyed, so that the attempt after one that died (or lost the platform's answer) does not post it twice.
      await postKeyedOnce(sender, channel, `d${r.promptId}`, message, r.earlierAttemptSince, log, r.messageRef ?? undefined);
      if (r.messageRef) {
        // The original card keeps its buttons until replaced; failing to replace it is cosmetic.
        await sender.update(channel, r.messageRef, message).catch((error: unknown) => log.warn({ err: error }, 'could not update the daily card after reveal'));
      }
      await this.store.markRevealed(r.promptId, this.instanceId, null);
      report.revealed++;
    } catch (error) {
      if (error instanceof ChannelUnavailableError) {
        const now = this.clock.now();
        await this.store.pauseChannel(r.settingsId, pauseReason(now, error), now);
        await this.store.markRevealed(r.promptId, this.instanceId, `reveal not delivered: ${error.message}`);
        report.paused++;
        return;
      }
      await this.store.releaseRevealForRetry(r.promptId, this.instanceId, `reveal retrying after error: ${errorText(error)}`);
      log.error({ err: error }, 'daily reveal failed; retrying next minute');
      report.retrying++;
    }
  }
}
