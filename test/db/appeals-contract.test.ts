/**
 * The Store's appeals, against the in-memory fake and the real store (PGlite, and the server when
 * DATABASE_URL is set): one appeal per answer, decided once under concurrent accepts, an accepted one
 * re-rating the answer's review in place and paying once, and accepted answers remembered per card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAcceptedAppeal } from '../../src/core/appeals/decide.js';
import type { AppealContext } from '../../src/core/appeals/model.js';
import type { AnswerDecision, ReviewDecision, Store } from '../../src/core/ports.js';
import { applyRating, replayRatings, type CardState, type Rating } from '../../src/core/scheduling/fsrs.js';
import { advanceStreak } from '../../src/core/streaks.js';
import type { Database } from '../../src/db/connect.js';
import { storeTargets } from '../support/store-targets.js';

const targets = storeTargets;

const T0 = new Date('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function review(rating: Rating, now: Date) {
  return (context: { cardState: CardState | null; streak: Parameters<typeof advanceStreak>[0] }): ReviewDecision => {
    const { state, log } = applyRating(context.cardState, rating, now);
    return { state, log, streak: advanceStreak(context.streak, now, 'UTC'), source: 'quiz', points: [] };
  };
}

/** A typed answer graded partly right: rated Hard, paid 4 points. */
function partlyRight(now: Date, text: string) {
  return (context: { cardState: CardState | null; streak: Parameters<typeof advanceStreak>[0] }): AnswerDecision => ({
    ...review(2, now)(context),
    points: [{ amount: 4, reason: 'correct' }],
    choice: null,
    text,
    score: 0.4,
    correct: false,
  });
}

describe.each(targets)('appeals in the Store on $name', (target) => {
  let store: Store;
  let database: Database | undefined;
  beforeAll(async () => ({ store, database } = await target.open()));
  afterAll(() => database?.close());

  async function workspace(name: string) {
    const user = (n: string) => store.ensureUser({ platform: 'slack', workspaceExternalId: name, userExternalId: n.toLowerCase(), displayName: n });
    const [asker, ada] = [await user('Asker'), await user('Ada')];
    const { deckId } = await store.importDeck({ workspaceId: asker.workspaceId, slug: `${name}-deck`, title: name, source: '', cards: [{ key: 'k', front: 'Q', back: 'A', tags: [] }] });
    const card = (await store.deckCards(deckId))[0]!;
    const fields = { workspaceId: asker.workspaceId, channelId: 'chan', card, deckTitle: name, mode: 'typed' as const, choices: null, correctChoice: null };
    const roundId = await store.createRound({ ...fields, opensAt: T0, closesAt: null, messageRef: null, source: 'quiz', revealedAt: null, createdBy: asker.userId });
    const round = (await store.getRound(roundId))!;
    const answered = await store.recordAnswer({ round, userId: ada.userId, channelId: 'chan', at: at(1) }, partlyRight(at(1), 'two nets that compete'));
    if (answered.status !== 'recorded') throw new Error('answer not recorded');
    const file = () =>
      store.fileAppeal({ workspaceId: asker.workspaceId, channelId: 'chan', userId: ada.userId, cardId: card.id, text: 'two nets that compete', at: at(2), target: { answerId: answered.answerId, roundId } });
    return { asker, ada, card, round, answerId: answered.answerId, file, user };
  }

  it('files one appeal per answer, and two concurrent accepts pay once and re-rate the review in place', async () => {
    const { asker, ada, card, round, answerId, file } = await workspace('appeal-accept');
    const filed = await file();
    expect(filed).toMatchObject({ status: 'filed', appeal: { status: 'pending', displayName: 'Ada', text: 'two nets that compete', answerId, roundId: round.id } });
    if (filed.status === 'missing') throw new Error('unreachable');
    const again = await file();
    expect(again).toMatchObject({ status: 'exists', appeal: { id: filed.appeal.id } });

    const contexts: AppealContext[] = [];
    const decide = (context: AppealContext) => (contexts.push(context), decideAcceptedAppeal(context, round));
    const input = { appealId: filed.appeal.id, deciderId: asker.userId, accept: true, at: at(3) };
    const results = await Promise.all([store.decideAppeal(input, decide), store.decideAppeal(input, decide)]);
    expect(results.map((r) => r.status).sort()).toEqual(['already', 'decided']);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toMatchObject({ answer: { paid: 4, priorCorrect: 0 }, history: [{ rating: 2, appealed: true }] });

    // A new card is due: the answer is owed a correct answer's 10 points, of which it had 4.
    const decided = await store.getAppeal(filed.appeal.id);
    expect(decided).toMatchObject({ status: 'accepted', decidedBy: asker.userId, decidedByName: 'Asker', points: 6 });
    expect((await store.userStats(ada.userId, at(4))).points).toBe(10);
    expect(await store.findAnswer(round.id, ada.userId)).toMatchObject({ correct: true, points: 10, score: 1, acceptedOnAppeal: true });
    expect(await store.roundAnswers(round.id)).toMatchObject([{ correct: true, acceptedOnAppeal: true }]);
    // Still one review, now rated Good: the state is what a Good answer then would have left.
    expect((await store.userStats(ada.userId, at(4))).reviewsLast30Days).toBe(1);
    expect(await store.cardState(ada.userId, card.id)).toEqual(replayRatings([{ rating: 3, reviewedAt: at(1) }]));
    expect(await store.acceptedAnswers({ cardId: card.id, workspaceId: asker.workspaceId, userId: asker.userId })).toEqual(['two nets that compete']);
    expect(await store.rejectedAnswers({ cardId: card.id, workspaceId: asker.workspaceId })).toEqual([]);
    expect(await store.acceptedAnswers({ cardId: card.id, workspaceId: asker.workspaceId + 1000, userId: asker.userId })).toEqual([]);
    expect(await store.getAppeal(987_654)).toBeNull();
  });

  it('rejects once: nothing else changes, and a later accept finds it decided', async () => {
    const { asker, ada, card, round, file } = await workspace('appeal-reject');
    const filed = await file();
    if (filed.status === 'missing') throw new Error('unreachable');
    const before = await store.cardState(ada.userId, card.id);
    const never = () => {
      throw new Error('a rejection decides nothing');
    };
    expect(await store.decideAppeal({ appealId: filed.appeal.id, deciderId: asker.userId, accept: false, at: at(3) }, never)).toMatchObject({
      status: 'decided',
      appeal: { status: 'rejected', decidedByName: 'Asker' },
      decision: null,
    });
    expect(await store.decideAppeal({ appealId: filed.appeal.id, deciderId: asker.userId, accept: true, at: at(4) }, never)).toMatchObject({ status: 'already' });
    expect((await store.userStats(ada.userId, at(5))).points).toBe(4);
    expect(await store.roundAnswers(round.id)).toMatchObject([{ correct: false, acceptedOnAppeal: false }]);
    expect(await store.cardState(ada.userId, card.id)).toEqual(before);
    expect(await store.acceptedAnswers({ cardId: card.id, workspaceId: asker.workspaceId, userId: ada.userId })).toEqual([]);
    // Remembered as a rejected answer of the card's bank, in this workspace only.
    expect(await store.rejectedAnswers({ cardId: card.id, workspaceId: asker.workspaceId })).toEqual([filed.appeal.text]);
    expect(await store.rejectedAnswers({ cardId: card.id, workspaceId: asker.workspaceId + 1000 })).toEqual([]);
    expect(await store.decideAppeal({ appealId: 987_654, deciderId: asker.userId, accept: true, at: at(4) }, never)).toEqual({ status: 'missing' });
  });

  it("remembers a private review's self-grade for its answerer only", async () => {
    const { asker, ada, card, user } = await workspace('appeal-review');
    const cy = await user('Cy');
    const key = `review:${card.id}:0`;
    await store.recordReview({ userId: cy.userId, workspaceId: cy.workspaceId, channelId: 'dm', cardId: card.id, at: at(1), idempotencyKey: key }, review(1, at(1)));
    const base = { workspaceId: cy.workspaceId, channelId: 'dm', userId: cy.userId, cardId: card.id, text: 'a net pair', at: at(2) };
    expect(await store.fileAppeal({ ...base, target: { reviewKey: 'review:nope' } })).toEqual({ status: 'missing' });
    const filed = await store.fileAppeal({ ...base, target: { reviewKey: key } });
    if (filed.status === 'missing') throw new Error('unreachable');
    expect(filed.appeal).toMatchObject({ roundId: null, answerId: null, status: 'pending' });
    const result = await store.decideAppeal({ appealId: filed.appeal.id, deciderId: cy.userId, accept: true, at: at(3) }, (context) => decideAcceptedAppeal(context, null));
    expect(result).toMatchObject({ status: 'decided', decision: { rating: 3, points: [] } });
    expect(await store.cardState(cy.userId, card.id)).toEqual(replayRatings([{ rating: 3, reviewedAt: at(1) }]));
    expect(await store.acceptedAnswers({ cardId: card.id, workspaceId: cy.workspaceId, userId: cy.userId })).toEqual(['a net pair']);
    expect(await store.acceptedAnswers({ cardId: card.id, workspaceId: cy.workspaceId, userId: ada.userId })).toEqual([]);
    expect(asker).toBeDefined();
  });
});
