/** Domain records the core works with, as the Store returns them. Ids are internal row ids. */
import type { Platform } from './ports.js';
import type { QuizMode } from './commands.js';
import type { PersonalScheduling } from './scheduling/fsrs.js';

export interface UserRef {
  userId: number;
  workspaceId: number;
  platform: Platform;
  workspaceExternalId: string;
  displayName: string;
  timeZone: string;
  /** The user's own FSRS parameters and desired retention; absent or null: the defaults. */
  scheduling?: PersonalScheduling | null;
}

export interface DeckInfo {
  id: number;
  slug: string;
  title: string;
  builtIn: boolean;
  /** The user who imported it; null for built-in decks and decks imported before decks had owners. */
  ownerId: number | null;
  cardCount: number;
}

export interface Card {
  id: number;
  deckId: number;
  front: string;
  back: string;
  tags: string[];
  position: number;
  /** What the deck's author says a typed answer must contain (`Key:` lines); empty when none. */
  keyPoints: string[];
  /** Other answers that count as right (`Accept:` lines); graded as references. Accepted appeals are remembered apart (appeals/remembered.ts). */
  accepted: string[];
  /** Meant to be answered by typing (Anki cloze cards): `/quiz` without a mode asks it typed. */
  typed?: boolean;
}

export interface Round {
  id: number;
  workspaceId: number;
  channelId: string;
  card: Card;
  deckTitle: string;
  mode: QuizMode;
  choices: string[] | null;
  correctChoice: number | null;
  opensAt: Date;
  closesAt: Date | null;
  messageRef: string | null;
  /** quiz: a /quiz question; daily: a daily card; game: one question of a game (its time is up at closesAt). */
  source: 'quiz' | 'daily' | 'game';
  revealedAt: Date | null;
  /** Who ran /quiz (and so may reveal it early); null for daily cards. */
  createdBy: number | null;
}

export interface AnswerRecord {
  id: number;
  userId: number;
  displayName: string;
  choice: number | null;
  text: string | null;
  score: number;
  correct: boolean;
  points: number;
  answeredAt: Date;
  /** Counts as right because whoever could reveal the question accepted its appeal. */
  acceptedOnAppeal: boolean;
}

export interface LeaderboardEntry {
  rank: number;
  userId: number;
  displayName: string;
  points: number;
}

export interface Leaderboard {
  top: LeaderboardEntry[];
  /** The asking user's own standing, also when outside the top. Null if they have no points in scope. */
  me: LeaderboardEntry | null;
  players: number;
}

export interface UserStats {
  cardsSeen: number;
  dueNow: number;
  learned: number;
  reviewsLast30Days: number;
  /** Share of reviews of already-learned cards in the last 30 days not rated Again; null without data. */
  retention: number | null;
  answers: number;
  correctAnswers: number;
  points: number;
}

export interface DeckImportResult {
  deckId: number;
  added: number;
  updated: number;
  unchanged: number;
  archived: number;
  /** With a package's review history: cards whose history came in, their reviews, and cards kept as they were (already studied here). */
  history?: { cards: number; reviews: number; kept: number };
}
