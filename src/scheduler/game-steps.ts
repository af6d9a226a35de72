/**
 * The game-step runner: claims due game steps in Postgres (ask a question, reveal it, end the game),
 * runs each (its posts and record: game-step-posts.ts), and coalesces the edits of open questions. All
 * timing lives in the game_steps rows, so any replica (or the same one after a restart) continues a
 * game where it was; this process only wakes up to look.
 *
 * A step stuck on its platform (a post that gets no answer, a long 429 `retry_after`) holds up its own
 * game only: while steps run, the runner still looks for steps that fall due (at the due times it
 * knows of, every `pollMs`, and at once on wake()) and runs them in its free slots, never more than
 * `concurrency` at once. The stuck step keeps its lease, and is not run twice: its game's next step is
 * made only when it is done, and a stale claim that hands the runner back a step of its own (its
 * heartbeat lapsed for a lease) leaves it to the run still under way.
 *
 * A claimed step is a lease (claim-leases.ts, as the daily prompts' and the inbox's): until it is done
 * its runner renews it, with every step it holds, in one statement on a timer of its own, so a step
 * that takes long while its runner lives (a post waiting out a 429's `retry_after`, a slow database,
 * steps queued behind it in the sender) stays its own. Games are live, so the lease is short: 10 s,
 * renewed every 1.7 s (a slow or failed renewal or two still leave it alive). A step not renewed for the
 * lease has a dead runner, and the next stale check of any runner (every half lease) takes it over: the
 * game goes on 10–15 s after the last renewal. The re-run is safe: a question is opened once (unique
 * per game and number) and posted once (the takeover looks for it in the channel first), a reveal is
 * idempotent, and a reveal or the standings is looked for by its key before it is posted again
 * (game-step-posts.ts); a runner whose step was taken over changes nothing, its renewal included.
 */
import { pino, type Logger } from 'pino';
import type { RunningAdapter } from '../bot/adapter.js';
import { ClaimLeases } from '../claim-leases.js';
import { ChannelUnavailableError } from '../core/errors.js';
import { COUNTDOWN_STEP_SECONDS, EDIT_INTERVAL_MS, NO_EDIT_BEFORE_CLOSE_MS, type ClaimedEdit, type ClaimedStep, type FollowUp } from '../core/games/model.js';
import { systemClock, type Clock, type Platform, type Sender } from '../core/ports.js';
import { forEachLimited } from './for-each-limited.js';
import type { GameRunner, GameRunnerOptions, GameTickReport } from './game-ports.js';
import { GameStepPoster } from './game-step-posts.js';
import { Wakeup } from './wakeup.js';

export type { GameRunner, GameRunnerOptions, GameTickReport, StepEvent } from './game-ports.js';

/** While steps run, a claim that found nothing due is repeated no sooner than this. */
const RECLAIM_AFTER_DRY_MS = 50;
/** Due times remembered for waking up at most; beyond that, polling still finds every step. */
const MAX_UPCOMING = 10_000;
/** Games are live: a dead runner's step is taken over 10–15 s after its last renewal (see the header). */
const DEFAULT_CLAIM_LEASE_MS = 10_000;

function emptyReport(): GameTickReport {
  return { asked: 0, revealed: 0, ended: 0, edits: 0, retrying: 0, abandoned: 0, takenOver: 0, found: 0 };
}

export function createGameRunner(options: GameRunnerOptions): GameRunner {
  return new StepRunner(options);
}

class StepRunner implements GameRunner {
  private readonly senders = new Map<Platform, Sender>();
  private readonly clock: Clock;
  private readonly instanceId: string;
  private readonly log: Logger;
  private readonly o: Required<Pick<GameRunnerOptions, 'batchSize' | 'concurrency' | 'retryAfterMs' | 'maxAttempts' | 'pollMs'>>;
  /** The steps this runner claimed and has not finished, by step id. */
  private readonly claims: ClaimLeases<number>;
  /** Due times of the follow-ups this runner recorded, so start() wakes for each (polling finds the rest). */
  private readonly upcoming: number[] = [];
  private lastStaleCheck = -Infinity;
  private readonly poster: GameStepPoster;
  /** Ends the loops' waits, and those of the steps in flight, at once (wake(), stop()). */
  private readonly wakeup = new Wakeup();

  constructor(private readonly options: GameRunnerOptions) {
    for (const s of options.senders) this.senders.set(s.platform, s);
    this.clock = options.clock ?? systemClock;
    this.instanceId = options.instanceId ?? `games-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.log = options.log ?? pino({ level: 'silent' });
    this.o = {
      batchSize: options.batchSize ?? 100,
      concurrency: options.concurrency ?? 20,
      retryAfterMs: options.retryAfterMs ?? 2_000,
      maxAttempts: options.maxAttempts ?? 5,
      pollMs: options.pollMs ?? 500,
    };
    this.claims = new ClaimLeases<number>({
      leaseMs: options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS,
      renew: (stepIds, now) => options.store.renewClaims(stepIds, this.instanceId, now),
      clock: this.clock,
      log: this.log,
    });
    this.poster = new GameStepPoster({ store: options.store, steps: options.steps, clock: this.clock, instanceId: this.instanceId });
  }

  async tick(): Promise<GameTickReport> {
    const report = emptyReport();
    await this.runSteps(report);
    await this.edit(report);
    return report;
  }

  renewClaims(): Promise<void> {
    return this.claims.renewNow();
  }

  /**
   * Steps and edits run in two loops, so a round of edits never holds up a reveal: the step loop
   * wakes for the due times it knows of and on wake(), both look every `pollMs` for the rest.
   */
  start(): RunningAdapter & { wake(): void } {
    let stopped = false;
    const healthy = { steps: true, edits: true };
    const loop = async (part: 'steps' | 'edits', work: () => Promise<unknown>, wait: () => number) => {
      while (!stopped) {
        const since = this.wakeup.mark();
        try {
          await work();
          healthy[part] = true;
        } catch (error) {
          healthy[part] = false;
          this.log.error({ err: error, instance: this.instanceId }, `game ${part} failed`);
        }
        if (!stopped) await this.wakeup.sleep(wait(), since).done;
      }
    };
    // The heartbeat runs beside the loops, never behind them: a step may wait seconds on a rate limit.
    const renewing = this.claims.start();
    const loops = Promise.all([
      loop('steps', () => this.runSteps(emptyReport(), () => stopped), () => this.untilNextDue()),
      loop('edits', () => this.edit(emptyReport()), () => this.o.pollMs),
    ]);
    return {
      name: 'games',
      isHealthy: () => healthy.steps && healthy.edits && !stopped,
      wake: () => this.wakeup.wake(),
      stop: async () => {
        stopped = true;
        this.wakeup.wake();
        await loops;
        await renewing.stop();
      },
    };
  }

  /**
   * Claims and runs due steps as a pipeline: up to `concurrency` at once. More are claimed as half the
   * slots free up and, while steps run, into any free slot at every look (a due time it knows of,
   * `pollMs`, wake()): a step stuck on its platform holds up its own game only. Stopped: it claims no
   * more, and returns once the steps in flight are done.
   */
  private async runSteps(report: GameTickReport, stopped: () => boolean = () => false): Promise<void> {
    const platforms = [...this.senders.keys()];
    if (platforms.length === 0) return;
    const inFlight = new Set<Promise<void>>();
    // Held from the claim until the step's last guarded write, so a step waiting its turn is renewed too.
    const launch = (steps: ClaimedStep[]) => {
      this.claims.hold(steps.map((step) => step.stepId));
      for (const step of steps) {
        const running: Promise<void> = this.run(step, report)
          // run() handles a step's own failures; this is the store failing even to hand the step back.
          .catch((error: unknown) => this.log.error({ err: error, gameId: step.game.id, step: step.kind }, 'game step could not be recorded'))
          .finally(() => {
            this.claims.release(step.stepId);
            inFlight.delete(running);
          });
        inFlight.add(running);
      }
    };
    const claim = (kind: 'due' | 'stale', limit: number) => {
      const now = this.clock.now();
      return this.options.store.claimSteps(
        { instanceId: this.instanceId, now, platforms, limit, staleBefore: new Date(now.getTime() - this.claims.leaseMs) },
        kind,
      );
    };
    // After a claim that found nothing, a step's end claims again only once some time has passed; a look always does.
    let dryAt: number | null = null;
    let looked = true;
    let claimFailed: { error: unknown } | null = null;
    for (;;) {
      const since = this.wakeup.mark();
      const now = this.clock.now().getTime();
      try {
        // Stale claims (a runner died mid-step) are rare: looked for every half lease.
        if (!stopped() && inFlight.size < this.o.concurrency && now - this.lastStaleCheck >= this.claims.leaseMs / 2) {
          this.lastStaleCheck = now;
          const room = this.o.concurrency - inFlight.size;
          // A step of its own comes back only when its heartbeat lapsed for a lease: it still runs here, so it is not run twice.
          const stale = (await claim('stale', Math.min(room, this.o.batchSize))).filter((step) => !this.claims.has(step.stepId));
          report.takenOver += stale.length;
          launch(stale);
        }
        const room = this.o.concurrency - inFlight.size;
        const mayClaim = looked || dryAt === null || now - dryAt >= RECLAIM_AFTER_DRY_MS;
        if (!stopped() && mayClaim && room > 0 && (looked || room * 2 >= this.o.concurrency || inFlight.size === 0)) {
          const batch = await claim('due', Math.min(room, this.o.batchSize));
          launch(batch);
          dryAt = batch.length === 0 ? now : null;
          claimFailed = null;
        }
      } catch (error) {
        // Steps in flight go on (and stay counted here): the claim is tried again at the next look, and
        // reported once they are done if it still fails.
        if (inFlight.size === 0) throw error;
        this.log.warn({ err: error, instance: this.instanceId }, 'could not claim game steps; trying again');
        claimFailed = { error };
        dryAt = now;
      }
      if (inFlight.size === 0) {
        if (claimFailed) throw claimFailed.error;
        if (dryAt !== null || stopped()) return;
        looked = false;
        continue;
      }
      looked = await this.nextLook(inFlight, since);
    }
  }

  /** Waits for a step in flight to end (false) or for the next look (true): a due time it knows of, `pollMs`, wake(). */
  private async nextLook(inFlight: ReadonlySet<Promise<void>>, since: number): Promise<boolean> {
    const look = this.wakeup.sleep(this.untilNextDue(), since);
    const looked = await Promise.race([look.done.then(() => true), ...[...inFlight].map((step) => step.then(() => false))]);
    look.cancel();
    return looked;
  }

  /** Until the next due time this runner knows of, at most `pollMs`. */
  private untilNextDue(): number {
    const now = this.clock.now().getTime();
    while (this.upcoming.length > 0 && this.upcoming[0]! <= now) this.upcoming.shift();
    return Math.max(0, Math.min(this.o.pollMs, (this.upcoming[0] ?? Infinity) - now));
  }

  private async run(step: ClaimedStep, report: GameTickReport): Promise<void> {
    const startedAt = this.clock.now();
    const sender = this.senders.get(step.channel.platform);
    if (!sender) throw new Error(`claimed a ${step.channel.platform} game step without a sender`); // the claim filters by platform
    const log = this.log.child({ gameId: step.game.id, step: step.kind, round: step.round, instance: this.instanceId });
    const { store } = this.options;
    try {
      const done = await this.poster.run(step, sender, log);
      this.options.onStep?.({ kind: step.kind, gameId: step.game.id, round: step.round, dueAt: step.dueAt, startedAt, sentAt: done.sentAt, messageRef: done.messageRef });
      if (!done.recorded) return;
      if (done.followUp) this.expect(done.followUp);
      if (done.found) report.found++;
      report[step.kind === 'ask' ? 'asked' : step.kind === 'reveal' ? 'revealed' : 'ended']++;
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      if (error instanceof ChannelUnavailableError || step.attempts >= this.o.maxAttempts) {
        const why = error instanceof ChannelUnavailableError ? `channel unavailable: ${reason}` : `gave up after ${step.attempts} attempts: ${reason}`;
        await store.finishGame(step, this.instanceId, this.clock.now(), { abandoned: why });
        log.warn({ err: error }, 'game stopped: it cannot go on');
        report.abandoned++;
        return;
      }
      await store.releaseStep(step, this.instanceId, new Date(this.clock.now().getTime() + this.o.retryAfterMs), `retrying after error: ${reason}`);
      log.error({ err: error }, 'game step failed; retrying');
      report.retrying++;
    }
  }

  /** Edits of open questions, coalesced: at most one per EDIT_INTERVAL_MS per message, plus the hint. */
  private async edit(report: GameTickReport): Promise<void> {
    const live = [...this.senders.values()].filter((s) => s.liveCountdown).map((s) => s.platform);
    for (;;) {
      const now = this.clock.now();
      const batch = await this.options.store.claimEdits({
        now,
        platforms: [...this.senders.keys()],
        livePlatforms: live,
        limit: this.o.batchSize,
        editedBefore: new Date(now.getTime() - EDIT_INTERVAL_MS),
        closingAfter: new Date(now.getTime() + NO_EDIT_BEFORE_CLOSE_MS),
        countdownStepSeconds: COUNTDOWN_STEP_SECONDS,
      });
      if (batch.length === 0) return;
      await forEachLimited(batch, this.o.concurrency, async (edit: ClaimedEdit) => {
        try {
          const message = await this.options.steps.questionUpdate(edit);
          await this.senders.get(edit.channel.platform)!.update(edit.channel, edit.messageRef, message);
          report.edits++;
          this.options.onStep?.({ kind: 'edit', gameId: edit.game.id, round: edit.round, dueAt: now, startedAt: now, sentAt: this.clock.now(), messageRef: edit.messageRef });
        } catch (error) {
          // An edit is cosmetic: the next change brings the message up to date.
          this.log.warn({ err: error, gameId: edit.game.id }, 'could not edit a game question');
        }
      });
    }
  }

  /** A Stop comes with a wake() (same process) or is found by polling, so only the normal course is timed. */
  private expect(followUp: FollowUp): void {
    const due = followUp.whenRunning?.dueAt.getTime();
    if (due === undefined) return;
    // Already due when recorded (the record was slow): looked for now, not at the next poll.
    if (due <= this.clock.now().getTime()) return this.wakeup.wake();
    if (this.upcoming.length >= MAX_UPCOMING) return;
    // Kept sorted; inserted from the end, since follow-ups mostly come in due order.
    let at = this.upcoming.length;
    while (at > 0 && this.upcoming[at - 1]! > due) at--;
    this.upcoming.splice(at, 0, due);
  }
}
