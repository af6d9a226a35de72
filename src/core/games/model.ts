/**
 * Quiz games: a run of timed questions in one channel. The records the core, the stores and the
 * game-step runner share, and the numbers that shape a game.
 */
import type { QuizMode } from '../commands.js';
import type { ChannelRef } from '../ports.js';

export const GAME_LIMITS = {
  minRounds: 1,
  maxRounds: 50,
  /** Seconds a question stays open: the range users may pick, and what a channel has before a manager sets it. */
  minSeconds: 10,
  maxSeconds: 300,
  defaultSeconds: 30,
} as const;

/** The pause after a reveal before the next question, so people can read the answer. */
export const SECONDS_BETWEEN_QUESTIONS = 5;
/** The least pause, when the reveal itself ran late (see nextQuestionAt). */
export const MIN_SECONDS_BETWEEN_QUESTIONS = 2;

/**
 * The next question comes SECONDS_BETWEEN_QUESTIONS after its reveal was due rather than after it ran
 * (but never sooner than MIN_SECONDS_BETWEEN_QUESTIONS after it ran): a reveal that a busy runner
 * posted late does not push the rest of the game back, so games started apart stay apart instead of
 * bunching up behind one busy moment, round after round.
 */
export function nextQuestionAt(revealDue: Date, revealedAt: Date): Date {
  return new Date(Math.max(revealDue.getTime() + SECONDS_BETWEEN_QUESTIONS * 1000, revealedAt.getTime() + MIN_SECONDS_BETWEEN_QUESTIONS * 1000));
}
/** Where a platform cannot count down by itself, the countdown is shown in steps of this many seconds. */
export const COUNTDOWN_STEP_SECONDS = 10;
/** A question's public message is edited at most once per this interval (the hint may add one edit). */
export const EDIT_INTERVAL_MS = 5_000;
/** No edit this close to a reveal: the reveal replaces the message anyway. */
export const NO_EDIT_BEFORE_CLOSE_MS = 1_500;

/** A channel's game settings; managers change them with `/quiz settings`. */
export interface GameSettings {
  /** Seconds per question when `/quiz` gives no `time:`. */
  defaultSeconds: number;
  /** The most seconds a game here may give a question. */
  maxSeconds: number;
  /** Whether quick right answers earn the small speed bonus in the game's standings. */
  speedBonus: boolean;
}

export const DEFAULT_GAME_SETTINGS: GameSettings = {
  defaultSeconds: GAME_LIMITS.defaultSeconds,
  maxSeconds: GAME_LIMITS.maxSeconds,
  speedBonus: true,
};

/** running -> (stopping) -> finished | stopped. `stopping`: someone pressed Stop; the end is being run. */
export type GameState = 'running' | 'stopping' | 'finished' | 'stopped';
export type StepKind = 'ask' | 'reveal' | 'end';

export interface Game {
  id: number;
  workspaceId: number;
  channelId: string;
  deckId: number;
  deckTitle: string;
  mode: QuizMode;
  rounds: number;
  seconds: number;
  speedBonus: boolean;
  /** In asking order; question n asks cardIds[n - 1]. */
  cardIds: number[];
  createdBy: number | null;
  timeZone: string;
  state: GameState;
  stoppedBy: number | null;
  stoppedByName: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

export type NewGame = Omit<Game, 'id' | 'state' | 'stoppedBy' | 'stoppedByName' | 'endedAt' | 'deckTitle'>;

/** A step that should follow a finished one. */
export interface NextStep {
  kind: StepKind;
  round: number;
  dueAt: Date;
}

/**
 * What follows a step, decided by the core before the store knows whether someone stopped the game
 * meanwhile: the store applies `whenRunning` or `whenStopping` atomically with the game's state.
 */
export interface FollowUp {
  whenRunning: NextStep | null;
  whenStopping: NextStep | null;
}

/** A step claimed by one runner, with what it needs to run it. */
export interface ClaimedStep {
  stepId: number;
  kind: StepKind;
  round: number;
  dueAt: Date;
  /** Claims of this step so far, this one included: above 1, an earlier attempt may have posted its message. */
  attempts: number;
  /** When the game's previous step was done (for its first, when it started): no attempt of this step posted before. */
  afterPrevious: Date;
  game: Game;
  channel: ChannelRef;
  /** The question of `round`, if it was already opened (a step retried after a crash). */
  question: { roundId: number; messageRef: string | null } | null;
  /** For the end step: the message of the game's latest reveal, if one was recorded (what the standings come after). */
  lastRevealRef: string | null;
}

/** What the public message of an open question shows, for coalescing edits. */
export interface ShownState {
  answers: number;
  hint: boolean;
  /** Countdown step (seconds left / COUNTDOWN_STEP_SECONDS, rounded up); 0 where the platform counts down itself. */
  bucket: number;
}

/** A question whose public message should be edited now. */
export interface ClaimedEdit {
  game: Game;
  channel: ChannelRef;
  round: number;
  roundId: number;
  messageRef: string;
  shown: ShownState;
}
