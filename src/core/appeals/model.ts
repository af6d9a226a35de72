/** Appeals ("I was right") as the core and the Store share them. */
import type { PointsEntry } from '../ports.js';
import type { CardState, Rating } from '../scheduling/fsrs.js';

export type AppealStatus = 'pending' | 'accepted' | 'rejected';

export interface AppealRecord {
  id: number;
  workspaceId: number;
  channelId: string;
  /** The channel question and answer appealed; null for a private review's self-grade. */
  roundId: number | null;
  answerId: number | null;
  cardId: number;
  userId: number;
  displayName: string;
  /** The answer as it was graded. */
  text: string;
  status: AppealStatus;
  decidedBy: number | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  /** What accepting it paid. */
  points: number;
  filedAt: Date;
}

/** What to appeal: a channel answer, or the review logged under a private review's idempotency key. */
export type AppealTarget = { answerId: number; roundId: number } | { reviewKey: string };

export interface NewAppeal {
  workspaceId: number;
  channelId: string;
  userId: number;
  cardId: number;
  text: string;
  at: Date;
  target: AppealTarget;
}

export type FileAppealResult = { status: 'filed' | 'exists'; appeal: AppealRecord } | { status: 'missing' };

/** What an accepted appeal is decided from, read inside the store's transaction. */
export interface AppealContext {
  appeal: AppealRecord;
  /** The appellant's ratings of the card, oldest first; `appealed` marks the one the appeal is about. */
  history: { rating: Rating; reviewedAt: Date; appealed: boolean }[];
  /** For a channel answer: when it came, and what it has paid already for being right (streak points left out). */
  answer: { answeredAt: Date; paid: number; priorCorrect: number } | null;
}

export interface AppealDecision {
  /** The rating the appealed review now has. */
  rating: Rating;
  /** The card's state with that rating in its history; null leaves it as it is. */
  state: CardState | null;
  /** Paid on top of what the answer paid. */
  points: PointsEntry[];
  /** The answer's new score (an accepted answer counts as fully right). */
  score: number;
}

export type DecideAppealResult =
  | { status: 'decided'; appeal: AppealRecord; decision: AppealDecision | null }
  /** Someone decided it first (or this is a second delivery of the same press): nothing changed. */
  | { status: 'already'; appeal: AppealRecord }
  | { status: 'missing' };
