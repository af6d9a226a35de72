/**
 * Posting one claimed daily prompt, and what makes a crash mid-post safe (see the header of index.ts):
 * the round is recorded on the prompt before its post, and whoever holds the claim next resumes that
 * round, asking the platform whether its card arrived, instead of opening another.
 */
import type { Logger } from 'pino';
import { ChannelUnavailableError } from '../core/errors.js';
import type { Message } from '../core/messages.js';
import type { ChannelRef, Clock, Platform, Sender } from '../core/ports.js';
import { chooseCard } from './card-rotation.js';
import type { TickReport } from './index.js';
import type { ClaimedPrompt, ClaimedReveal, RoundOpener, SchedulerStore } from './ports.js';
import { findRoundPost, postRound } from './round-posts.js';

const MINUTE = 60_000;

export interface PromptPosterDeps {
  store: SchedulerStore;
  rounds: RoundOpener;
  senders: ReadonlyMap<Platform, Sender>;
  clock: Clock;
  instanceId: string;
  log: Logger;
  /** A claim not renewed for this long is taken over. */
  leaseMs: number;
  random: () => number;
}

export class PromptPoster {
  private readonly store: SchedulerStore;
  private readonly rounds: RoundOpener;
  private readonly senders: ReadonlyMap<Platform, Sender>;
  private readonly clock: Clock;
  private readonly instanceId: string;
  private readonly log: Logger;
  private readonly leaseMs: number;
  private readonly random: () => number;

  constructor(deps: PromptPosterDeps) {
    this.store = deps.store;
    this.rounds = deps.rounds;
    this.senders = deps.senders;
    this.clock = deps.clock;
    this.instanceId = deps.instanceId;
    this.log = deps.log;
    this.leaseMs = deps.leaseMs;
    this.random = deps.random;
  }

  async post(p: ClaimedPrompt, report: TickReport): Promise<void> {
    const now = this.clock.now();
    const closesAt = new Date(p.dueAt.getTime() + p.windowMinutes * MINUTE);
    const channel = channelOf(p);
    const log = this.log.child({ promptId: p.promptId, channel, instance: this.instanceId });
    if (p.reclaimedFrom) log.warn({ from: p.reclaimedFrom, roundId: p.roundId }, 'took over a stale daily claim');
    const sender = this.senders.get(p.platform);
    if (!sender) throw new Error(`claimed a ${p.platform} prompt without a sender`); // the claim filters by platform

    const opened = p.roundId;
    if (opened !== null) {
      // An earlier attempt opened a round: never a second one (a second card, a second first-correct bonus).
      await this.guarded(p, opened, now, report, log, () => this.resume(p, opened, closesAt, sender, report, log));
      return;
    }
    if (p.reclaimedFrom) {
      // The dead claimant may have opened a round and died before recording it: never posted, so close it.
      const closed = await this.store.closeOrphanRounds({ settingsId: p.settingsId, workspaceRowId: p.workspaceRowId, channelId: p.channelId, openedAfter: p.dueAt, openedBefore: new Date(now.getTime() - this.leaseMs / 2), now });
      if (closed > 0) log.warn({ closed }, 'closed daily rounds a dead claimant opened but never recorded');
    }
    if (now.getTime() >= closesAt.getTime()) {
      await this.store.markFinished(p.promptId, this.instanceId, 'skipped', `missed: the bot was not running between ${p.dueAt.toISOString()} and ${closesAt.toISOString()}`);
      report.skipped++;
      return;
    }
    const cardId = chooseCard(await this.store.loadCardHistory(p), this.random);
    if (cardId === null) {
      await this.store.markFinished(p.promptId, this.instanceId, 'skipped', 'the deck has no cards');
      report.skipped++;
      return;
    }
    const { roundId, message } = await this.rounds.openChannelRound({ channel, deckId: p.deckId, cardId, mode: p.mode, closesAt, source: 'daily', timeZone: p.timeZone });
    // On the prompt row before the post, so that whoever takes this claim over resumes this round.
    if (!(await this.store.attachRound(p.promptId, this.instanceId, roundId))) {
      // Taken over while the round was being opened: the new holder opens its own, and this one, never shown, is closed.
      await this.rounds.revealRound(roundId);
      log.warn({ roundId }, 'lost the daily claim before posting; closed the unposted round');
      return;
    }
    await this.guarded(p, roundId, now, report, log, () => this.deliver(p, roundId, message, sender, report, log));
  }

  /**
   * The round was opened by an attempt that died (or failed) around its post, so the card may be in the
   * channel already. Ask the platform before posting; where it cannot be asked (the terminal, a single
   * process) post again. A round whose time is up is closed either way, so none stays open forever.
   */
  private async resume(p: ClaimedPrompt, roundId: number, windowCloses: Date, sender: Sender, report: TickReport, log: Logger): Promise<void> {
    const round = await this.rounds.roundToPost(roundId, p.timeZone);
    const closesAt = round.closesAt ?? windowCloses;
    const expired = this.clock.now().getTime() >= closesAt.getTime();
    let found = round.messageRef;
    if (found === null) {
      try {
        found = await findRoundPost(sender, channelOf(p), roundId, round.opensAt);
      } catch (error) {
        if (!expired) throw error; // retried next minute, like a failed post
        log.warn({ err: error, roundId }, 'could not look for the daily card after its window; closing its round');
      }
    }
    if (found !== null) {
      if (round.messageRef === null) await this.rounds.setRoundMessageRef(roundId, found);
      // Revealed by the reveal pass like any posted prompt (a minute after this claim at the earliest).
      if (await this.store.markPosted(p.promptId, this.instanceId, roundId, this.clock.now(), `found posted after ${p.reclaimedFrom ? `taking over from ${p.reclaimedFrom}` : 'a failed attempt'}`)) report.recovered++;
      log.info({ roundId, messageRef: found }, 'the daily card had reached the channel; not posting it again');
      return;
    }
    if (expired) {
      // Nobody saw it, so nothing is announced; revealing only closes it.
      await this.rounds.revealRound(roundId);
      await this.store.markFinished(p.promptId, this.instanceId, 'skipped', `missed: round ${roundId} never reached the channel before ${closesAt.toISOString()}; closed unposted`);
      report.skipped++;
      return;
    }
    await this.deliver(p, roundId, round.message, sender, report, log);
  }

  private async deliver(p: ClaimedPrompt, roundId: number, message: Message, sender: Sender, report: TickReport, log: Logger): Promise<void> {
    const messageRef = await postRound(sender, channelOf(p), roundId, message);
    await this.rounds.setRoundMessageRef(roundId, messageRef);
    const recorded = await this.store.markPosted(p.promptId, this.instanceId, roundId, this.clock.now(), p.reclaimedFrom ? `reclaimed from ${p.reclaimedFrom}` : null);
    if (recorded) report.posted++;
    else log.warn({ roundId }, 'posted a daily card after another instance took the claim over (it looks for this post before posting)');
  }

  /** Runs a post or a resume; a channel the bot lost pauses it (closing the round), anything else is retried next minute. */
  private async guarded(p: ClaimedPrompt, roundId: number, now: Date, report: TickReport, log: Logger, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof ChannelUnavailableError) {
        const reason = pauseReason(now, error);
        await this.store.pauseChannel(p.settingsId, reason, now);
        await this.store.markFinished(p.promptId, this.instanceId, 'failed', `channel unavailable: ${error.message}`);
        // No one can answer a card that cannot be posted (or revealed): close its round.
        await this.rounds.revealRound(roundId).catch((closeError: unknown) => log.warn({ err: closeError, roundId }, 'could not close the round of a paused channel'));
        log.warn({ reason }, 'daily prompts paused for a channel the bot cannot post in');
        report.paused++;
        return;
      }
      // The round stays on the prompt: the retry resumes it (and first looks whether this attempt's post arrived).
      await this.store.releaseForRetry(p.promptId, this.instanceId, `retrying after error: ${errorText(error)}`);
      log.error({ err: error }, 'daily prompt failed; retrying next minute');
      report.retrying++;
    }
  }
}

export function channelOf(claim: ClaimedPrompt | ClaimedReveal): ChannelRef {
  return { platform: claim.platform, workspaceId: claim.workspaceExternalId, channelId: claim.channelId };
}

/** Kept as the channel's paused reason, which /daily status shows. */
export function pauseReason(now: Date, error: ChannelUnavailableError): string {
  return `cannot post here since ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${error.message}`;
}

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
