/** What games need from storage (implemented by src/db/game-store.ts). Times come from the core's Clock. */
import type { AnswerRecord } from '../model.js';
import type { NewRound } from '../ports.js';
import type { Game, GameSettings, NewGame } from './model.js';
import type { GameQuestionResult } from './standings.js';

export interface GameStore {
  /** The channel's settings, or the defaults when a manager never set any. */
  settings(workspaceId: number, channelId: string): Promise<GameSettings>;
  saveSettings(workspaceId: number, channelId: string, settings: GameSettings, now: Date): Promise<void>;

  /** The channel's running (or stopping) game. */
  liveGame(workspaceId: number, channelId: string): Promise<Game | null>;
  getGame(gameId: number): Promise<Game | null>;
  /**
   * Inserts the game with its first step (ask question 1, due at `startedAt`) in one statement.
   * Null when the channel already has a live game (one per channel, enforced by the database).
   */
  createGame(game: NewGame): Promise<number | null>;
  /**
   * Marks a live game as stopping, in a transaction that holds the game's row: a pending reveal is
   * moved to now, a pending next question is replaced by the end; a step running meanwhile sees the
   * state when it completes. False when the game was not live any more.
   */
  stopGame(gameId: number, stoppedBy: number, now: Date): Promise<boolean>;

  /** Question `number` of the game: the existing round's id, or the new round's (unique per game and number). */
  openRound(gameId: number, number: number, round: NewRound): Promise<{ roundId: number; created: boolean }>;
  /**
   * Moves an opened question that never reached the channel to new times (its restart after a crash).
   * Changes nothing once its message is recorded, it is revealed, or anyone answered it.
   */
  retimeUnpostedRound(roundId: number, opensAt: Date, closesAt: Date): Promise<void>;
  /**
   * Closes question `roundId` to answers (revealed at `at`, unless it was already) and then reads its
   * answers, by answer time: none can be recorded after this read.
   */
  revealQuestion(roundId: number, at: Date): Promise<AnswerRecord[]>;
  /** Every question of the game asked so far, with its answers (by answer time). */
  results(gameId: number): Promise<GameQuestionResult[]>;
  /** The channel's most recently ended game. */
  lastEndedGame(workspaceId: number, channelId: string): Promise<Game | null>;
  /** The game question `roundId` is, and the messages that show its result once posted (null: not a game question). */
  questionMessages(roundId: number): Promise<PostedQuestion | null>;
}

export interface PostedQuestion {
  game: Game;
  /** The question's number in the game (1-based). */
  number: number;
  /** The question's reveal, once posted. */
  revealRef: string | null;
  /** The game's final standings, once posted. */
  standingsRef: string | null;
}
