/**
 * What the game-step runner (game-steps.ts) needs: its storage (`GameStepStore`, in
 * src/db/game-step-store.ts) and the core's side of each step (`GameStepHandler`, core/games/steps.ts);
 * and the runner itself as the app and the tests drive it.
 */
import type { RunningAdapter } from '../bot/adapter.js';
import type { AskResult, RevealResult } from '../core/games/steps.js';
import type { ClaimedEdit, ClaimedStep, FollowUp, ShownState } from '../core/games/model.js';
import type { Message } from '../core/messages.js';
import type { Platform } from '../core/ports.js';
import type { ClaimOptions, TimedRunnerOptions } from './ports.js';

export interface GameStepHandler {
  ask(step: ClaimedStep, liveCountdown: boolean): Promise<AskResult>;
  restartUnseen(step: ClaimedStep, roundId: number, liveCountdown: boolean): Promise<AskResult>;
  reveal(step: ClaimedStep): Promise<RevealResult>;
  end(step: ClaimedStep): Promise<Message | null>;
  /** After the step's reveal or standings were posted and recorded: their revision, if an appeal decided meanwhile changed them. */
  staleAfterPost(step: ClaimedStep, posted: Message): Promise<Message | null>;
  questionUpdate(edit: ClaimedEdit): Promise<Message>;
}

/** As the daily prompts' claims, without their retry delay (a step's retry time is its due time). */
export type StepClaimOptions = Omit<ClaimOptions, 'retryBefore'>;

export interface EditClaimOptions {
  now: Date;
  platforms: Platform[];
  /** Platforms that count down by themselves: no edit just for the countdown. */
  livePlatforms: Platform[];
  limit: number;
  /** Last edited before this: may be edited again (the hint does not wait). */
  editedBefore: Date;
  /** No edit for a question closing before this. */
  closingAfter: Date;
  countdownStepSeconds: number;
}

/**
 * Game steps in storage. A claim is atomic across replicas (`FOR UPDATE SKIP LOCKED`), and every write
 * after it is guarded by it (`instanceId`): a runner whose claim was taken over changes nothing.
 */
export interface GameStepStore {
  /** Claims steps that are due, or (`stale`) steps running whose claim was not renewed since `staleBefore`. */
  claimSteps(options: StepClaimOptions, kind: 'due' | 'stale'): Promise<ClaimedStep[]>;
  /**
   * The runner's heartbeat: moves `claimed_at` to `now` on those of these steps still running under
   * `instanceId` (one statement by primary key), so a step whose post waits out a rate limit stays its own.
   */
  renewClaims(stepIds: readonly number[], instanceId: string, now: Date): Promise<void>;
  /**
   * Marks the step done and inserts its follow-up for the game's state at that moment. For an ask,
   * also records the question's message and what it shows; for a reveal, the reveal's message (an
   * accepted appeal edits it). False when the claim was taken over.
   */
  completeStep(
    step: ClaimedStep,
    instanceId: string,
    now: Date,
    followUp: FollowUp,
    question?: { roundId: number; messageRef: string; shown: ShownState },
    reveal?: { roundId: number; messageRef: string },
  ): Promise<boolean>;
  /**
   * The end step done: the game finished (or stopped). `abandoned`: it cannot go on (the channel is
   * gone); `standingsRef`: the standings' message (an accepted appeal edits it).
   */
  finishGame(step: ClaimedStep, instanceId: string, now: Date, end?: { abandoned?: string; standingsRef?: string }): Promise<boolean>;
  /** Hands the step back after a transient error, to be retried at `retryAt`. */
  releaseStep(step: ClaimedStep, instanceId: string, retryAt: Date, note: string): Promise<void>;
  /** Claims open questions whose public message shows less than it should (answers, hint, countdown). */
  claimEdits(options: EditClaimOptions): Promise<ClaimedEdit[]>;
}

/** The game-step runner (game-steps.ts), as the app and the tests drive it. */
export interface GameRunnerOptions extends TimedRunnerOptions {
  store: GameStepStore;
  steps: GameStepHandler;
  /**
   * A running step whose claim was not renewed for this long is taken over (ms; default 10 s). Its
   * runner renews it every sixth of this, so a slow but live one keeps it.
   */
  claimLeaseMs?: number;
  /** A step that failed with a transient error is tried again after this. */
  retryAfterMs?: number;
  /** After this many attempts at one step the game is given up (stopped) rather than retried forever. */
  maxAttempts?: number;
  /** How often start() looks for work it was not told about (other replicas' games, answers to show). */
  pollMs?: number;
  /** Told about every step run (for the bench). */
  onStep?: (event: StepEvent) => void;
}

export interface StepEvent {
  kind: ClaimedStep['kind'] | 'edit';
  gameId: number;
  round: number;
  dueAt: Date;
  /** When this runner began the step (after claiming it). */
  startedAt: Date;
  /** When the step's message went out (or, for a step without one, when it was done). */
  sentAt: Date;
  messageRef?: string;
}

export interface GameTickReport {
  asked: number;
  revealed: number;
  ended: number;
  edits: number;
  retrying: number;
  abandoned: number;
  takenOver: number;
  /** Steps (counted in `asked`, `revealed` or `ended` too) whose message an earlier attempt had posted: found, not posted again. */
  found: number;
}

export interface GameRunner {
  /** Runs every step that is due now and the edits that are owed, then returns. */
  tick(): Promise<GameTickReport>;
  /** Renews the claims of the steps this runner is working on; start() does it on a timer of its own. */
  renewClaims(): Promise<void>;
  /** Runs ticks, and renews its claims, until stopped: when a step it knows of falls due, when woken, and every `pollMs`. */
  start(): RunningAdapter & { wake(): void };
}
