/**
 * What the daily scheduler needs from outside: its storage (`SchedulerStore`, implemented in
 * src/db/prompt-store.ts) and a way to open and reveal rounds (`RoundOpener`, the core's StudyBot).
 * Clock and Sender are the core's ports.
 */
import type { Message } from '../core/messages.js';
import type { Logger } from 'pino';
import type { ChannelRef, Clock, Platform, Sender } from '../core/ports.js';

export interface RoundOpener {
  openChannelRound(input: {
    channel: ChannelRef;
    deckId: number;
    cardId: number;
    mode: 'mcq' | 'typed';
    closesAt: Date;
    source: 'daily';
    /** The channel's zone, for showing the closing time. */
    timeZone?: string;
  }): Promise<{ roundId: number; message: Message }>;
  setRoundMessageRef(roundId: number, messageRef: string): Promise<void>;
  /** An open round's card as it should be posted now (answers so far counted), and what is stored of its message. */
  roundToPost(roundId: number, timeZone?: string): Promise<{ message: Message; opensAt: Date; closesAt: Date | null; messageRef: string | null }>;
  /** The answer + who got it right, in order; marks it revealed. */
  revealRound(roundId: number): Promise<{ message: Message }>;
}

export interface SettingsToPlan {
  settingsId: number;
  localTime: string;
  timeZone: string;
  /** When the settings were last turned on/changed: no prompt is planned for a time before this. */
  since: Date;
}

export interface PlannedPrompt {
  settingsId: number;
  localDate: string;
  dueAt: Date;
}

/** What the daily scheduler and the game-step runner are both started with. */
export interface TimedRunnerOptions {
  senders: Sender[];
  clock?: Clock;
  instanceId?: string;
  log?: Logger;
  /** Rows claimed per claim query. */
  batchSize?: number;
  /** Rows worked on at once within a batch (the Sender's own rate limit still applies). */
  concurrency?: number;
}

export interface ClaimOptions {
  instanceId: string;
  now: Date;
  platforms: Platform[];
  limit: number;
  /** A failed attempt is retried no sooner than this. */
  retryBefore: Date;
  /** A 'posting' or 'revealing' claim not renewed since before this is taken over (its holder died). */
  staleBefore: Date;
}

export interface ClaimedPrompt {
  promptId: number;
  localDate: string;
  dueAt: Date;
  settingsId: number;
  workspaceRowId: number;
  platform: Platform;
  workspaceExternalId: string;
  channelId: string;
  deckId: number;
  mode: 'mcq' | 'typed';
  windowMinutes: number;
  /** The channel's zone, so the card can show its closing time locally. */
  timeZone: string;
  /** Set when this claim took over a stale one (the earlier claimant died mid-post). */
  reclaimedFrom: string | null;
  /** The round an earlier attempt opened for this prompt (it may or may not have reached the channel); null if none did. */
  roundId: number | null;
}

export interface ClaimedReveal {
  promptId: number;
  roundId: number;
  messageRef: string | null;
  settingsId: number;
  platform: Platform;
  workspaceExternalId: string;
  channelId: string;
  /** An earlier attempt at this reveal (one that died, or failed) may have posted it, no sooner than then. */
  earlierAttemptSince: Date | null;
}

export interface CardHistory {
  cardId: number;
  /** Daily rounds of this card actually posted to the channel. */
  shown: number;
  /** Answers in this channel (daily and /quiz rounds) to this card, and how many were wrong. */
  answers: number;
  wrong: number;
}

/**
 * The daily prompts' lifecycle in storage: plan, claim, post, reveal. Every claim is atomic across
 * replicas on one database, and every write after a claim is guarded by it (`instanceId`): a claimant
 * whose claim was taken over changes nothing. Times come from the scheduler's Clock, never the database's.
 */
export interface SchedulerStore {
  /** Enabled, unpaused settings with no prompt planned after `now`. */
  settingsWithoutFuturePrompt(now: Date): Promise<SettingsToPlan[]>;
  /** Inserts planned prompts; an existing (settings, local date) row wins. Returns how many were new. */
  insertPlannedPrompts(prompts: readonly PlannedPrompt[]): Promise<number>;

  /** Claims `pending` prompts that are due, or `stale` ones in 'posting' whose claim was not renewed since `staleBefore`. */
  claimDuePrompts(options: ClaimOptions, kind?: 'pending' | 'stale'): Promise<ClaimedPrompt[]>;
  /**
   * The claimant's heartbeat: moves `claimed_at` to `now` on those of these prompts still 'posting' or
   * 'revealing' under `instanceId` (one statement by primary key, whatever the claimant is waiting for).
   * So `claimed_at` is when the claim was last known alive, and a retry waits a minute from then.
   */
  renewClaims(promptIds: readonly number[], instanceId: string, now: Date): Promise<void>;
  /**
   * Records the round just opened for a claimed prompt, before it is posted, so whoever takes the claim
   * over later posts that round (or finds it posted) instead of opening a second one. False when our claim
   * was taken over meanwhile.
   */
  attachRound(promptId: number, instanceId: string, roundId: number): Promise<boolean>;
  /**
   * Closes daily rounds of the channel opened between `openedAfter` and `openedBefore` that no prompt refers to: a claimant
   * died between opening one and `attachRound`, so it was never posted. Returns how many.
   */
  closeOrphanRounds(input: { settingsId: number; workspaceRowId: number; channelId: string; openedAfter: Date; openedBefore: Date; now: Date }): Promise<number>;
  /**
   * Prompts left 'pending' or 'posting' with a round in a channel since turned off or paused (no claim
   * reaches them): once the round's time is up, closes the round and marks the prompt 'failed'. Returns how many.
   */
  closeAbandonedRounds(now: Date): Promise<number>;
  /** Records a post; false when our claim was taken over meanwhile (the post was a duplicate). */
  markPosted(promptId: number, instanceId: string, roundId: number, now: Date, note: string | null): Promise<boolean>;
  /** Ends a claimed prompt without posting: 'skipped' (window missed, empty deck) or 'failed' (channel gone). */
  markFinished(promptId: number, instanceId: string, state: 'skipped' | 'failed', note: string): Promise<void>;
  /** Hands a claim back after a transient error; the retry waits a minute from the attempt. */
  releaseForRetry(promptId: number, instanceId: string, note: string): Promise<void>;

  /** Claims posted prompts whose round has closed (`due`), or reveals not renewed since `staleBefore` (`stale`). */
  claimDueReveals(options: ClaimOptions, kind?: 'due' | 'stale'): Promise<ClaimedReveal[]>;
  markRevealed(promptId: number, instanceId: string, note: string | null): Promise<void>;
  /** A transient reveal failure: back to 'posted'; the retry waits a minute from the attempt. */
  releaseRevealForRetry(promptId: number, instanceId: string, note: string): Promise<void>;

  /** The bot can no longer post in this channel: keep it enabled but paused, with the reason for /daily status. */
  pauseChannel(settingsId: number, reason: string, now: Date): Promise<void>;
  /** Every live card of the deck with the channel's history of it. */
  loadCardHistory(input: { workspaceRowId: number; channelId: string; deckId: number }): Promise<CardHistory[]>;
}
