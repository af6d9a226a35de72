/** Quiz rounds and their answers; answers are written through the batcher (answer-batch.ts). */
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnswerResult, NewRound } from '../core/ports.js';
import type { AnswerRecord, Round } from '../core/model.js';
import type { QuizMode } from '../core/commands.js';
import { AnswerBatcher, type AnswerInput, type Decide } from './answer-batch.js';
import { acceptedOnAppeal, findAnswer, toAnswer } from './answer-rows.js';
import type { Db } from './connect.js';
import { toCard } from './decks.js';
import { ExpiringCache } from '../expiring-cache.js';
import type { Queryable } from './rows.js';
import { answers, cards, decks, quizRounds, users } from './schema.js';

/**
 * Every button press and form reads its round, which only a reveal changes (and recordAnswer re-checks
 * that under the lock), so answering reads rounds from a short cache. A re-imported card shows its new
 * text on open rounds within this TTL.
 */
const ROUND_CACHE_TTL_MS = 60_000;
const ROUND_CACHE_SIZE = 10_000;

export class RoundBook {
  private readonly rounds = new ExpiringCache<Round>(ROUND_CACHE_SIZE, ROUND_CACHE_TTL_MS);
  private readonly answers: AnswerBatcher;

  constructor(
    private readonly db: Db,
    onAnswerBatch?: (answers: number) => void,
  ) {
    this.answers = new AnswerBatcher(db, { onBatch: onAnswerBatch });
  }

  async createRound(round: NewRound): Promise<number> {
    const [row] = await this.db
      .insert(quizRounds)
      .values({
        workspaceId: round.workspaceId,
        channelId: round.channelId,
        cardId: round.card.id,
        mode: round.mode,
        choices: round.choices,
        correctChoice: round.correctChoice,
        opensAt: round.opensAt,
        closesAt: round.closesAt,
        createdBy: round.createdBy,
        source: round.source,
        requestKey: round.requestKey ?? null,
      })
      .returning({ id: quizRounds.id });
    const id = row!.id;
    // Answers usually reach the replica that posted the question: it need not read the round back.
    this.rounds.set(String(id), { ...round, id }, Date.now());
    return id;
  }

  getRound(roundId: number): Promise<Round | null> {
    return getRound(this.db, roundId);
  }

  roundForRequest(requestKey: string): Promise<Round | null> {
    return readRound(this.db, eq(quizRounds.requestKey, requestKey));
  }

  async roundForAnswer(roundId: number): Promise<Round | null> {
    const key = String(roundId);
    const cached = this.rounds.get(key, Date.now());
    if (cached) return cached;
    const round = await getRound(this.db, roundId);
    // Unknown ids are not cached: they are forged or typos, and must not push real rounds out.
    if (round) this.rounds.set(key, round, Date.now());
    return round;
  }

  async setRoundMessageRef(roundId: number, messageRef: string): Promise<void> {
    await this.db.update(quizRounds).set({ messageRef }).where(eq(quizRounds.id, roundId));
    const cached = this.rounds.get(String(roundId), Date.now());
    if (cached) this.rounds.set(String(roundId), { ...cached, messageRef }, Date.now());
  }

  async recentRoundCards(workspaceId: number, channelId: string, limit: number): Promise<number[]> {
    const rows = await this.db
      .select({ cardId: quizRounds.cardId })
      .from(quizRounds)
      .where(and(eq(quizRounds.workspaceId, workspaceId), eq(quizRounds.channelId, channelId)))
      .orderBy(sql`${quizRounds.id} desc`)
      .limit(limit);
    return rows.map((row) => row.cardId);
  }

  async roundAnswers(roundId: number): Promise<AnswerRecord[]> {
    const rows = await this.db
      .select({ answer: answers, displayName: users.displayName, appealed: acceptedOnAppeal })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.userId))
      .where(eq(answers.roundId, roundId))
      .orderBy(asc(answers.answeredAt), asc(answers.id));
    return rows.map((row) => toAnswer(row.answer, row.displayName, row.appealed));
  }

  findAnswer(roundId: number, userId: number): Promise<AnswerRecord | null> {
    return findAnswer(this.db, roundId, userId);
  }

  async markRevealed(roundId: number, at: Date, messageRef?: string): Promise<boolean> {
    this.rounds.delete(String(roundId));
    // The message in the same statement as the mark: whoever sees the mark sees where the reveal is.
    const message = messageRef === undefined ? {} : { messageRef: sql`coalesce(${quizRounds.messageRef}, ${messageRef})` };
    const rows = await this.db
      .update(quizRounds)
      .set({ revealedAt: at, ...message })
      .where(and(eq(quizRounds.id, roundId), isNull(quizRounds.revealedAt)))
      .returning({ id: quizRounds.id });
    return rows.length > 0;
  }

  recordAnswer(input: AnswerInput, decide: Decide): Promise<AnswerResult> {
    // The hot path of the bot: concurrent answers share one transaction (see answer-batch.ts).
    return this.answers.record(input, decide);
  }
}

function getRound(db: Queryable, roundId: number): Promise<Round | null> {
  return readRound(db, eq(quizRounds.id, roundId));
}

async function readRound(db: Queryable, which: SQL): Promise<Round | null> {
  const [row] = await db
    .select({ round: quizRounds, card: cards, deckTitle: decks.title })
    .from(quizRounds)
    .innerJoin(cards, eq(cards.id, quizRounds.cardId))
    .innerJoin(decks, eq(decks.id, cards.deckId))
    .where(which);
  if (!row) return null;
  const r = row.round;
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    channelId: r.channelId,
    card: toCard(row.card),
    deckTitle: row.deckTitle,
    mode: r.mode as QuizMode,
    choices: r.choices ?? null,
    correctChoice: r.correctChoice,
    opensAt: r.opensAt,
    closesAt: r.closesAt,
    messageRef: r.messageRef,
    source: r.source === 'daily' || r.source === 'game' ? r.source : 'quiz',
    revealedAt: r.revealedAt,
    createdBy: r.createdBy,
  };
}
