/**
 * The interfaces the core needs from the outside world. Implementations live in
 * src/db (Store), src/ml (ImageGenerator), the adapters (Sender) and here (system clock).
 */
import type { Message } from './messages.js';
import type { DeckMedia, PackageCard } from './decks/package.js';
import type { ParsedCard } from './decks/parse.js';
import type { ReviewLogEntry } from './scheduling/optimize.js';
import type { CardState, PersonalScheduling, ReviewRecord } from './scheduling/fsrs.js';
import type { Streak } from './streaks.js';
import type { DueDay, StudyDay } from './pictures.js';
import type {
  AnswerRecord,
  Card,
  DeckImportResult,
  DeckInfo,
  Leaderboard,
  Round,
  UserRef,
  UserStats,
} from './model.js';
import type { AppealContext, AppealDecision, AppealRecord, DecideAppealResult, FileAppealResult, NewAppeal } from './appeals/model.js';

export type Platform = 'discord' | 'slack' | 'terminal';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A channel on some platform, as the scheduler and Sender address it. */
export interface ChannelRef {
  platform: Platform;
  workspaceId: string;
  channelId: string;
}

/** What a post says about itself so that it can be found again after a crash. */
export interface PostOptions {
  /** The round the message carries: Discord gets it as the message's nonce, Slack as message metadata. */
  roundId?: number;
  /**
   * For a post without a round (a game's reveal, its standings, a daily reveal): a key unique to it, at
   * most 22 characters. Slack carries it in message metadata, for `findKeyedMessage`; Discord sends it as
   * the nonce, which folds a repeat within a few minutes into the first message but is not read back.
   */
  key?: string;
}

/** Posts to a channel outside of an interaction (daily prompts, reveals). */
export interface Sender {
  readonly platform: Platform;
  /** The platform counts a countdown down by itself (Discord's `<t:…:R>`): no edits needed for it. */
  readonly liveCountdown?: boolean;
  /** Returns a reference to the posted message so it can be edited later. Throws ChannelUnavailableError when the bot can no longer post there. */
  post(channel: ChannelRef, message: Message, options?: PostOptions): Promise<{ messageRef: string }>;
  /** Replace the content of a message posted earlier. */
  update(channel: ChannelRef, messageRef: string, message: Message): Promise<void>;
  /**
   * The bot's own message in the channel that carries round `roundId`, posted after `postedAfter`, or null
   * when the channel has none. How a process that takes over a dead one's post learns whether the post
   * reached the platform. Absent where no one else could have posted (the terminal is one process).
   */
  findRoundMessage?(channel: ChannelRef, roundId: number, postedAfter: Date): Promise<{ messageRef: string } | null>;
  /**
   * Like `findRoundMessage`, for `message` posted with `{ key }`: Slack finds the key in message metadata;
   * Discord, where no read-back part of a message carries it unseen, finds the bot's message that shows
   * the same (its title and text, which every attempt of a key renders alike), only after `follows` where
   * given: the channel message the post comes after (a reveal's question, a daily reveal's card), so that
   * an earlier post that reads the same (the last game's reveal of the same card) is never taken for it.
   * Absent where no one else could have posted it (the terminal is one process).
   */
  findKeyedMessage?(channel: ChannelRef, key: string, postedAfter: Date, message: Message, follows?: string): Promise<{ messageRef: string } | null>;
}

export interface GanModelInfo {
  /** Name users type: e.g. 'dcgan', 'wgan'. */
  name: string;
  title: string;
  /** The loss it was trained with, for the caption. */
  loss: string;
  /** True when it takes a digit label (class-conditional). */
  conditional: boolean;
  /** A word or phrase that finds the deck card explaining it (e.g. 'WGAN', 'intuition behind a GAN'). */
  cardHint: string;
  /** Other cards its picture illustrates, by a phrase of their question (their See it button draws it). */
  illustrates?: readonly string[];
  /** The /generate options besides `seed` it takes; unset: `digit` when conditional, and `interpolate`. */
  takes?: readonly GenerateOptionName[];
  /** What its picture shows, for the caption (e.g. 'inputs beside their reconstructions'). */
  shows?: string;
}

export type GenerateOptionName = 'digit' | 'interpolate';

export interface GenerateRequest {
  model: string;
  seed: number;
  /** 0..9, only for conditional models. Unset: a mix of digits. */
  digit?: number;
  /** When set: one row walking through latent space from `seed` to this seed. */
  interpolateTo?: number;
}

export interface GeneratedImage {
  png: Uint8Array;
  width: number;
  height: number;
  model: string;
  backend: string;
  millis: number;
}

export interface ImageGenerator {
  models(): readonly GanModelInfo[];
  /** Throws BusyError when the bounded queue is full. */
  generate(request: GenerateRequest): Promise<GeneratedImage>;
  close(): Promise<void>;
}

// ---- Store: the core's persistence port (implemented by src/db/store.ts) ----

export interface UserIdentity {
  platform: Platform;
  workspaceExternalId: string;
  userExternalId: string;
  displayName: string;
  timeZone?: string;
}

/** What the core decides about an answer, given the state read inside the store's transaction. */
export interface AnswerContext {
  round: Round;
  /** Correct answers already recorded for this round (for "first correct" bonuses). */
  priorCorrect: number;
  cardState: CardState | null;
  streak: Streak | null;
}

export interface PointsEntry {
  amount: number;
  reason: string;
}

export interface ReviewDecision {
  state: CardState;
  log: ReviewRecord;
  source: 'review' | 'quiz' | 'daily';
  streak: Streak;
  points: PointsEntry[];
}

export interface AnswerDecision extends ReviewDecision {
  choice: number | null;
  text: string | null;
  score: number;
  correct: boolean;
}

export type AnswerResult =
  | { status: 'recorded'; answerId: number; decision: AnswerDecision; answerCount: number }
  | { status: 'duplicate'; existing: AnswerRecord }
  /** Revealed or past its closing time when the answer was about to be written. */
  | { status: 'closed' };

export type ReviewResult = { status: 'recorded'; decision: ReviewDecision } | { status: 'duplicate' };

/** A round to store: everything but its id. */
/** `requestKey`: the interaction that opened it (a /quiz), so a replay of that request finds this round. */
export type NewRound = Omit<Round, 'id'> & { requestKey?: string };

export interface Store {
  /** Upserts workspace and user; refreshes display name and (when given) time zone. */
  ensureUser(identity: UserIdentity): Promise<UserRef>;
  ensureWorkspace(platform: Platform, externalId: string): Promise<number>;
  setTimeZone(userId: number, timeZone: string): Promise<void>;
  /** The user's stored FSRS settings; null: never set (the defaults). ensureUser returns them as `scheduling`. */
  fsrsSettings(userId: number): Promise<StoredFsrsSettings | null>;
  /** Creates or replaces the user's FSRS settings (what ensureUser returns reflects it at once on this replica). */
  saveFsrsSettings(userId: number, settings: StoredFsrsSettings): Promise<void>;
  /** Every rating the user made, oldest first: what the FSRS optimiser learns from. */
  reviewLogEntries(userId: number): Promise<ReviewLogEntry[]>;

  listDecks(workspaceId: number): Promise<DeckInfo[]>;
  /** A workspace deck of that slug, else the built-in one. */
  findDeck(workspaceId: number, slug: string): Promise<DeckInfo | null>;
  /** Creates or updates a deck from parsed cards in one transaction; cards are matched by key so history is kept. */
  importDeck(input: {
    workspaceId: number | null;
    slug: string;
    title: string;
    source: string;
    /** The importer, kept as the deck's owner when it is created (a re-import keeps the first owner). */
    ownerId?: number | null;
    cards: (ParsedCard & { key: string; frontImages?: string[]; backImages?: string[] })[];
    /** A package's pictures: given, they replace the deck's (cards name them in frontImages/backImages). */
    media?: DeckMedia[];
    /**
     * A package's own review history for the importer, replayed by the core: for each card they have not
     * studied here yet, its review logs and resulting state are written; cards they have studied keep theirs.
     */
    history?: { userId: number; cards: ImportedCardHistory[] };
  }): Promise<DeckImportResult>;
  /** A deck's cards (not archived) with their keys and pictures, and the pictures' bytes: for export. */
  deckPackage(deckId: number): Promise<{ cards: PackageCard[]; media: DeckMedia[] }>;
  /** The pictures of one card, front ones first. */
  cardImages(cardId: number): Promise<{ front: DeckMedia[]; back: DeckMedia[] }>;
  deckCards(deckId: number): Promise<Card[]>;
  getCard(cardId: number): Promise<(Card & { deckTitle: string; deckWorkspaceId: number | null }) | null>;

  createRound(round: NewRound): Promise<number>;
  /** The round a request opened (NewRound.requestKey), if it did. */
  roundForRequest(requestKey: string): Promise<Round | null>;
  getRound(roundId: number): Promise<Round | null>;
  /**
   * The round a button or form refers to, for answering it. May be cached, so `revealedAt` can be a
   * little stale; recordAnswer checks it again under the round's lock.
   */
  roundForAnswer(roundId: number): Promise<Round | null>;
  setRoundMessageRef(roundId: number, messageRef: string): Promise<void>;
  /** Card ids of the channel's most recent rounds, newest first. */
  recentRoundCards(workspaceId: number, channelId: string, limit: number): Promise<number[]>;
  roundAnswers(roundId: number): Promise<AnswerRecord[]>;
  findAnswer(roundId: number, userId: number): Promise<AnswerRecord | null>;
  /**
   * Closes the round to answers (false when it already was). `messageRef`: the message the reveal is
   * shown in, kept for the round unless it has one (a /quiz question is posted as an interaction reply).
   */
  markRevealed(roundId: number, at: Date, messageRef?: string): Promise<boolean>;

  /**
   * Records one user's answer to a round exactly once: in one transaction it locks the round, returns
   * 'closed' if it was revealed or has closed, 'duplicate' if the user already answered, else asks `decide`
   * and writes the answer, card state, review log, streak and points together.
   */
  recordAnswer(
    input: { round: Round; userId: number; channelId: string; at: Date; idempotencyKey?: string },
    decide: (context: AnswerContext) => AnswerDecision,
  ): Promise<AnswerResult>;

  /** Records a private review rating once per idempotency key, with card state, log, streak and points. */
  recordReview(
    input: { userId: number; workspaceId: number; channelId: string; cardId: number; at: Date; idempotencyKey: string },
    decide: (context: { cardState: CardState | null; streak: Streak | null }) => ReviewDecision,
  ): Promise<ReviewResult>;

  cardState(userId: number, cardId: number): Promise<CardState | null>;
  /** Next card to review: the most overdue due card, else a new card (if `allowNew`) from the given decks. */
  nextReviewCard(input: { userId: number; deckIds: number[]; now: Date; allowNew: boolean }): Promise<{ card: Card; state: CardState | null } | null>;
  /** New cards first reviewed since `since`. */
  newCardsIntroducedSince(userId: number, since: Date): Promise<number>;
  dueCount(userId: number, deckIds: number[], now: Date): Promise<number>;
  /** When the user's next card of these decks comes due (the earliest due of the cards they have seen), or null. */
  nextDueAt(userId: number, deckIds: number[]): Promise<Date | null>;

  leaderboard(input: { workspaceId: number; channelId?: string; since?: Date; userId: number; limit: number }): Promise<Leaderboard>;
  userStats(userId: number, now: Date): Promise<UserStats>;
  streak(userId: number): Promise<Streak | null>;
  /** The stored streaks of these users, with each one's time zone (to tell if it is still alive); users without one are left out. */
  streaks(userIds: readonly number[]): Promise<UserStreak[]>;
  /** The user's reviews since `since`, one row per local date in `timeZone` that has any, oldest first. */
  studyDays(input: { userId: number; timeZone: string; since: Date }): Promise<StudyDay[]>;
  /** The user's cards (not archived) due before `until`, one row per local due date in `timeZone`, oldest first (overdue ones included). */
  dueDays(input: { userId: number; timeZone: string; until: Date }): Promise<DueDay[]>;

  /** Files one appeal per answer (or per review): 'exists' with the first one when already filed, 'missing' when its review log is not found. */
  fileAppeal(input: NewAppeal): Promise<FileAppealResult>;
  getAppeal(appealId: number): Promise<AppealRecord | null>;
  /**
   * Decides a pending appeal once: in one transaction it moves it from pending (a second decision gets
   * 'already'), and when accepting asks `decide` and writes the re-rated review, the card state, the
   * answer's correctness and the points together.
   */
  decideAppeal(
    input: { appealId: number; deciderId: number; accept: boolean; at: Date },
    decide: (context: AppealContext) => AppealDecision,
  ): Promise<DecideAppealResult>;
  /** Answers accepted on appeal for this card in this workspace: channel ones for everyone, a user's own review self-grades for them. */
  acceptedAnswers(input: { cardId: number; workspaceId: number; userId: number }): Promise<string[]>;
  /** Answers to this card whose appeal was rejected in this workspace's channels: its answer bank's wrong side. */
  rejectedAnswers(input: { cardId: number; workspaceId: number }): Promise<string[]>;
}

export interface StoredFsrsSettings extends PersonalScheduling {
  /** When the parameters were last fitted, and how they did on held-out reviews then. */
  optimizedAt: Date | null;
  fit: { reviews: number; before: { logLoss: number; rmse: number }; after: { logLoss: number; rmse: number } } | null;
}

export interface ImportedCardHistory {
  key: string;
  logs: ReviewRecord[];
  state: CardState;
}

export interface UserStreak extends Streak {
  userId: number;
  timeZone: string;
}
