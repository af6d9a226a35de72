/**
 * Daily channel prompts. node-cron only rings the bell once a minute; everything that matters (what is
 * due, who claimed it, what was posted) lives in Postgres, so restarts and replicas are safe.
 *
 * One tick:
 *  1. plan: insert the day's prompt rows for enabled, unpaused channels (unique per channel and local date);
 *  2. post: claim due prompts in batches (`FOR UPDATE SKIP LOCKED`), pick a card, open the round, post it;
 *  3. reveal: claim posted prompts whose round has closed, reveal, post the result.
 *
 * Crash between claim and post — the trade-off (at-least-once, with a narrow duplicate window):
 * a claim is a row in state 'posting' with claimed_at. If the claimant dies, another tick takes the claim
 * over once it is older than `staleClaimMinutes` and posts it. Posting is an HTTP call to the platform
 * with no idempotency key, so no scheme can be exactly-once across a crash: if the process dies after
 * the platform accepted the post but before the one UPDATE that records it (milliseconds), the card is
 * posted twice. The alternative (never retry a stale claim) would instead silently lose every prompt
 * whose claimant died at any point before posting, which is far more likely (the claim is held while
 * waiting on the rate limit). A missing daily card is worse than a rare duplicate, so we retry.
 * Within that rule, nothing is lost or repeated: restarts between ticks, and concurrent replicas, post
 * each prompt exactly once, and a late claimant whose claim was taken over cannot mark the row again.
 */
import cron from 'node-cron';
import { pino, type Logger } from 'pino';
import type { RunningAdapter } from '../bot/adapter.js';
import { ChannelUnavailableError } from '../core/errors.js';
import { systemClock, type ChannelRef, type Clock, type Platform, type Sender } from '../core/ports.js';
import { chooseCard } from './card-rotation.js';
import { forEachLimited } from './for-each-limited.js';
import { planPrompts } from './planner.js';
import type { ClaimedPrompt, ClaimedReveal, ClaimOptions, PlannedPrompt, RoundOpener, SchedulerStore } from './ports.js';

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
  /** Wall time of planning (ms). */
  planMillis: number;
  /** Wall time of the claim queries alone (ms), summed over batches. */
  claimMillis: number;
  /** From tick start until the last due prompt was claimed (ms): claims interleave with rate-limited posting. */
  allClaimedAfterMillis: number;
}

export interface SchedulerOptions {
  store: SchedulerStore;
  rounds: RoundOpener;
  senders: Sender[];
  clock?: Clock;
  instanceId?: string;
  log?: Logger;
  /** Prompts claimed per claim query. */
  batchSize?: number;
  /** Posts in flight at once within a batch (the Sender's own rate limit still applies). */
  concurrency?: number;
  /** A 'posting' or 'revealing' claim older than this is taken over. */
  staleClaimMinutes?: number;
  /** For the card pick; tests pass a seeded one. */
  random?: () => number;
}

export interface Scheduler {
  tick(): Promise<TickReport>;
  /** Runs `tick` every minute with node-cron until stopped. */
  start(): RunningAdapter;
}

const MINUTE = 60_000;

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
  private readonly staleMs: number;
  private readonly random: () => number;

  constructor(o: SchedulerOptions) {
    this.store = o.store;
    this.rounds = o.rounds;
    for (const s of o.senders) this.senders.set(s.platform, s);
    this.clock = o.clock ?? systemClock;
    this.instanceId = o.instanceId ?? `scheduler-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.log = o.log ?? pino({ level: 'silent' });
    this.batchSize = o.batchSize ?? 100;
    this.concurrency = o.concurrency ?? 10;
    this.staleMs = (o.staleClaimMinutes ?? 10) * MINUTE;
    this.random = o.random ?? Math.random;
  }

  async tick(): Promise<TickReport> {
    const started = performance.now();
    const report: TickReport = { planned: 0, claimed: 0, posted: 0, skipped: 0, paused: 0, retrying: 0, revealed: 0, planMillis: 0, claimMillis: 0, allClaimedAfterMillis: 0 };
    report.planned = await this.plan(this.clock.now());
    report.planMillis = performance.now() - started;
    await this.postDue(report, started);
    await this.revealClosed(report);
    if (report.claimed + report.revealed + report.planned > 0) this.log.info({ instance: this.instanceId, ...report }, 'daily tick');
    return report;
  }

  start(): RunningAdapter {
    let inFlight: Promise<unknown> = Promise.resolve();
    let healthy = true;
    let stopped = false;
    // noOverlap: a long fan-out tick (10k channels at 50 posts/s) must not start a second one in this process.
    const task = cron.schedule(
      '* * * * *',
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
      staleBefore: new Date(now.getTime() - this.staleMs),
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
        await forEachLimited(batch, this.concurrency, (p) => this.postOne(p, report));
      }
    }
  }

  private async postOne(p: ClaimedPrompt, report: TickReport): Promise<void> {
    const now = this.clock.now();
    const closesAt = new Date(p.dueAt.getTime() + p.windowMinutes * MINUTE);
    const channel = channelOf(p);
    const log = this.log.child({ promptId: p.promptId, channel, instance: this.instanceId });
    if (p.reclaimedFrom) log.warn({ from: p.reclaimedFrom }, 'took over a stale daily claim; the card may be posted twice');

    if (now.getTime() >= closesAt.getTime()) {
      await this.store.markFinished(p.promptId, this.instanceId, 'skipped', `missed: the bot was not running between ${p.dueAt.toISOString()} and ${closesAt.toISOString()}`);
      report.skipped++;
      return;
    }
    const sender = this.senders.get(p.platform);
    if (!sender) throw new Error(`claimed a ${p.platform} prompt without a sender`); // the claim filters by platform

    const cardId = chooseCard(await this.store.loadCardHistory(p), this.random);
    if (cardId === null) {
      await this.store.markFinished(p.promptId, this.instanceId, 'skipped', 'the deck has no cards');
      report.skipped++;
      return;
    }
    try {
      const { roundId, message } = await this.rounds.openChannelRound({ channel, deckId: p.deckId, cardId, mode: p.mode, closesAt, source: 'daily', timeZone: p.timeZone });
      const { messageRef } = await sender.post(channel, message);
      await this.rounds.setRoundMessageRef(roundId, messageRef);
      const recorded = await this.store.markPosted(p.promptId, this.instanceId, roundId, this.clock.now(), p.reclaimedFrom ? `reclaimed from ${p.reclaimedFrom}` : null);
      if (recorded) report.posted++;
      else log.warn({ roundId }, 'posted a daily card whose claim another instance had taken over (duplicate post)');
    } catch (error) {
      if (error instanceof ChannelUnavailableError) {
        const reason = pauseReason(now, error);
        await this.store.pauseChannel(p.settingsId, reason, now);
        await this.store.markFinished(p.promptId, this.instanceId, 'failed', `channel unavailable: ${error.message}`);
        log.warn({ reason }, 'daily prompts paused for a channel the bot cannot post in');
        report.paused++;
        return;
      }
      await this.store.releaseForRetry(p.promptId, this.instanceId, `retrying after error: ${errorText(error)}`);
      log.error({ err: error }, 'daily prompt failed; retrying next minute');
      report.retrying++;
    }
  }

  private async revealClosed(report: TickReport): Promise<void> {
    for (const kind of ['stale', 'due'] as const) {
      for (;;) {
        const batch = await this.store.claimDueReveals(this.claimOptions(), kind);
        if (batch.length === 0) break;
        await forEachLimited(batch, this.concurrency, (r) => this.revealOne(r, report));
      }
    }
  }

  private async revealOne(r: ClaimedReveal, report: TickReport): Promise<void> {
    const channel = channelOf(r);
    const log = this.log.child({ promptId: r.promptId, roundId: r.roundId, channel, instance: this.instanceId });
    const sender = this.senders.get(r.platform);
    if (!sender) throw new Error(`claimed a ${r.platform} reveal without a sender`);
    try {
      const { message } = await this.rounds.revealRound(r.roundId);
      await sender.post(channel, message);
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

function channelOf(claim: ClaimedPrompt | ClaimedReveal): ChannelRef {
  return { platform: claim.platform, workspaceId: claim.workspaceExternalId, channelId: claim.channelId };
}

/** Kept as the channel's paused reason, which /daily status shows. */
function pauseReason(now: Date, error: ChannelUnavailableError): string {
  return `cannot post here since ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${error.message}`;
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
