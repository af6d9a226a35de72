/**
 * The Store contract, run against the in-memory fake the core's tests use and the real store (PGlite,
 * and the server when DATABASE_URL is set), so the fake cannot drift from what the real one does.
 * One database per target; each case works in its own workspace so the cases do not see each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Round, UserRef } from '../../src/core/model.js';
import type { AnswerDecision, PointsEntry, ReviewDecision, Store } from '../../src/core/ports.js';
import { applyRating, type CardState, type Rating } from '../../src/core/scheduling/fsrs.js';
import { advanceStreak } from '../../src/core/streaks.js';
import type { Database } from '../../src/db/connect.js';
import { storeTargets } from '../support/store-targets.js';

const targets = storeTargets;

const T0 = new Date('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

/** A review decision as the core makes one, with the points given. */
function reviewDecision(rating: Rating, now: Date, points: PointsEntry[] = []) {
  return (context: { cardState: CardState | null; streak: Parameters<typeof advanceStreak>[0] }): ReviewDecision => {
    const { state, log } = applyRating(context.cardState, rating, now);
    return { state, log, streak: advanceStreak(context.streak, now, 'UTC'), source: 'review', points };
  };
}

/** An MCQ answer: right ones get 10 points plus a first-correct bonus of 5, 3, 1 by rank. */
function answerDecision(right: boolean, now: Date, choice = right ? 0 : 1) {
  return (context: Parameters<Parameters<Store['recordAnswer']>[1]>[0]): AnswerDecision => {
    const rank = context.priorCorrect + 1;
    const points = right ? [{ amount: 10, reason: 'correct' }, { amount: [5, 3, 1][rank - 1] ?? 0, reason: 'first_correct' }] : [];
    return { ...reviewDecision(right ? 3 : 1, now, points)(context), source: 'daily', choice, text: null, score: right ? 1 : 0, correct: right };
  };
}

describe.each(targets)('the Store contract on $name', (target) => {
  let store: Store;
  let database: Database | undefined;
  beforeAll(async () => ({ store, database } = await target.open()));
  afterAll(() => database?.close());

  /** A workspace of its own for one case, with a deck of `cards` cards. */
  async function workspace(name: string, cards = 3) {
    const user = (n: string, timeZone?: string) =>
      store.ensureUser({ platform: 'discord', workspaceExternalId: name, userExternalId: n.toLowerCase(), displayName: n, timeZone });
    const owner = await user('Owner');
    const deckCards = Array.from({ length: cards }, (_, i) => ({ key: `k${i}`, front: `Q${i}`, back: `A${i}`, tags: [] }));
    const { deckId } = await store.importDeck({ workspaceId: owner.workspaceId, slug: `${name}-deck`, title: `${name} deck`, source: '', cards: deckCards });
    const round = async (cardIndex: number, closesAt: Date | null = at(12)): Promise<Round> => {
      const card = (await store.deckCards(deckId))[cardIndex]!;
      const fields = { workspaceId: owner.workspaceId, channelId: 'chan', card, deckTitle: `${name} deck`, mode: 'mcq' as const };
      const id = await store.createRound({ ...fields, choices: ['a', 'b'], correctChoice: 0, opensAt: T0, closesAt, messageRef: null, source: 'daily', revealedAt: null, createdBy: null });
      return (await store.getRound(id))!;
    };
    return { owner, deckId, user, round };
  }

  it('upserts users: one id per identity, display names refreshed, a time zone kept until changed', async () => {
    const { owner, user } = await workspace('users');
    const again = await user('Owner');
    expect(again).toEqual(owner);
    expect(owner).toMatchObject({ platform: 'discord', workspaceExternalId: 'users', displayName: 'Owner', timeZone: 'UTC' });
    expect(await store.ensureWorkspace('discord', 'users')).toBe(owner.workspaceId);
    expect(await store.ensureWorkspace('slack', 'users')).not.toBe(owner.workspaceId);
    const renamed = await store.ensureUser({ platform: 'discord', workspaceExternalId: 'users', userExternalId: 'owner', displayName: 'Boss', timeZone: 'Asia/Tokyo' });
    expect(renamed).toMatchObject({ userId: owner.userId, displayName: 'Boss', timeZone: 'Asia/Tokyo' });
    await store.setTimeZone(owner.userId, 'Europe/Paris');
    const zoned = await store.ensureUser({ platform: 'discord', workspaceExternalId: 'users', userExternalId: 'owner', displayName: 'Boss' });
    expect(zoned.timeZone).toBe('Europe/Paris');
  });

  it('keeps the importer as a deck\'s owner: a later import by someone else does not take it over', async () => {
    const { user, deckId } = await workspace('owners', 1);
    const [ada, bob] = [await user('Ada'), await user('Bob')];
    const cards = [{ key: 'k0', front: 'Q0', back: 'A0', tags: [] }];
    const input = { workspaceId: ada.workspaceId, slug: 'owned', title: 'Owned', source: '', cards };
    const { deckId: owned } = await store.importDeck({ ...input, ownerId: ada.userId });
    await store.importDeck({ ...input, title: 'Owned v2', ownerId: bob.userId });
    expect(await store.findDeck(ada.workspaceId, 'owned')).toMatchObject({ id: owned, title: 'Owned v2', ownerId: ada.userId, builtIn: false });
    // A deck imported without an owner (built-in, or from before decks had owners) has none.
    expect((await store.listDecks(ada.workspaceId)).find((d) => d.id === deckId)).toMatchObject({ ownerId: null });
  });

  it('imports decks by card key, archives dropped cards, and lets a workspace deck shadow a built-in one', async () => {
    const { owner, deckId } = await workspace('decks', 3);
    const ws = owner.workspaceId;
    const card = (key: string, front: string, tags: string[] = []) => ({ key, front, back: `back of ${front}`, tags });
    const v2 = [card('k0', 'Q0 changed'), card('k2', 'Q2'), card('k9', 'Q9', ['new'])];
    const second = await store.importDeck({ workspaceId: ws, slug: 'decks-deck', title: 'Decks v2', source: 'v2', cards: v2 });
    expect(second).toEqual({ deckId, added: 1, updated: 2, unchanged: 0, archived: 1 }); // k2 moved position
    const again = await store.importDeck({ workspaceId: ws, slug: 'decks-deck', title: 'Decks v2', source: 'v2', cards: v2 });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 3, archived: 0 });
    const listed = await store.deckCards(deckId);
    expect(listed.map((c) => [c.front, c.position, c.tags])).toEqual([['Q0 changed', 0, []], ['Q2', 1, []], ['Q9', 2, ['new']]]);

    const archived = (await store.importDeck({ workspaceId: ws, slug: 'decks-deck', title: 'Decks v3', source: '', cards: v2.slice(0, 1) })).archived;
    expect(archived).toBe(2);
    const gone = listed[2]!;
    expect(await store.getCard(gone.id)).toMatchObject({ front: 'Q9', deckTitle: 'Decks v3', deckWorkspaceId: ws });
    expect(await store.getCard(987_654)).toBeNull();

    await store.importDeck({ workspaceId: null, slug: 'contract-shared', title: 'Built in', source: '', cards: v2 });
    await store.importDeck({ workspaceId: ws, slug: 'contract-shared', title: 'Ours', source: '', cards: v2.slice(0, 2) });
    const decks = await store.listDecks(ws);
    expect(decks.filter((d) => d.slug === 'contract-shared')).toEqual([expect.objectContaining({ title: 'Ours', builtIn: false, cardCount: 2 })]);
    expect(decks.find((d) => d.slug === 'decks-deck')).toMatchObject({ id: deckId, cardCount: 1 });
    expect(await store.findDeck(ws + 1000, 'contract-shared')).toMatchObject({ title: 'Built in', builtIn: true, cardCount: 3 });
    expect(await store.findDeck(ws + 1000, 'decks-deck')).toBeNull();
  });

  it('keeps rounds: read back with their card, message ref, newest cards first, revealed once', async () => {
    const { owner, round } = await workspace('rounds', 3);
    const first = await round(0);
    const second = await round(2, null);
    expect(first).toMatchObject({ workspaceId: owner.workspaceId, channelId: 'chan', mode: 'mcq', choices: ['a', 'b'], correctChoice: 0, source: 'daily' });
    expect(first.card.front).toBe('Q0');
    expect(second.closesAt).toBeNull();
    await store.setRoundMessageRef(first.id, 'msg-1');
    expect((await store.roundForAnswer(first.id))?.messageRef).toBe('msg-1');
    expect((await store.getRound(first.id))?.messageRef).toBe('msg-1');
    expect(await store.recentRoundCards(owner.workspaceId, 'chan', 5)).toEqual([second.card.id, first.card.id]);
    expect(await store.recentRoundCards(owner.workspaceId, 'chan', 1)).toEqual([second.card.id]);
    expect(await store.recentRoundCards(owner.workspaceId, 'other', 5)).toEqual([]);
    // A reveal keeps where it is shown only for a round without a message of its own (a /quiz reply's Reveal press).
    expect(await store.markRevealed(first.id, at(1), 'msg-pressed')).toBe(true);
    expect(await store.markRevealed(first.id, at(2))).toBe(false);
    expect(await store.getRound(first.id)).toMatchObject({ revealedAt: at(1), messageRef: 'msg-1' });
    expect(await store.markRevealed(second.id, at(1), 'msg-pressed')).toBe(true);
    expect(await store.markRevealed(second.id, at(2), 'msg-late')).toBe(false);
    expect(await store.getRound(second.id)).toMatchObject({ revealedAt: at(1), messageRef: 'msg-pressed' });
    expect(await store.getRound(987_654)).toBeNull();
  });

  it('records one answer per round and user, ranks concurrent answers, and refuses closed rounds', async () => {
    const { user, round } = await workspace('answers', 3);
    const open = await round(0);
    const players = await Promise.all(['Ann', 'Ben', 'Cal', 'Dee'].map((n) => user(n)));
    const answer = (player: UserRef, right: boolean, hours = 1, r = open) =>
      store.recordAnswer({ round: r, userId: player.userId, channelId: 'chan', at: at(hours) }, answerDecision(right, at(hours)));
    // Everyone presses twice at once: one answer each counts, and ranks and counts are exact.
    const results = await Promise.all(players.flatMap((p) => [answer(p, true), answer(p, true)]));
    const recorded = results.flatMap((r) => (r.status === 'recorded' ? [r] : []));
    expect(recorded).toHaveLength(4);
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(4);
    expect(recorded.map((r) => r.answerCount).sort()).toEqual([1, 2, 3, 4]);
    const bonuses = recorded.map((r) => r.decision.points.find((p) => p.reason === 'first_correct')!.amount);
    expect(bonuses.sort((a, b) => b - a)).toEqual([5, 3, 1, 0]);
    const again = await answer(players[0]!, false, 2);
    expect(again).toEqual({ status: 'duplicate', existing: await store.findAnswer(open.id, players[0]!.userId) });
    const listed = await store.roundAnswers(open.id);
    expect(listed.map((a) => a.displayName).sort()).toEqual(['Ann', 'Ben', 'Cal', 'Dee']);
    expect(listed[0]).toMatchObject({ choice: 0, text: null, score: 1, correct: true, acceptedOnAppeal: false });
    expect(new Set(listed.map((a) => a.points))).toEqual(new Set([15, 13, 11, 10]));

    // A decision that throws fails that answer alone and writes nothing.
    const second = await round(1);
    const failing = store.recordAnswer({ round: second, userId: players[0]!.userId, channelId: 'chan', at: at(1) }, () => {
      throw new Error('cannot decide');
    });
    await expect(failing).rejects.toThrow('cannot decide');
    expect(await store.findAnswer(second.id, players[0]!.userId)).toBeNull();
    expect((await answer(players[0]!, false, 1, second)).status).toBe('recorded');

    // Revealed, or past its closing time when answered: closed, nothing written.
    await store.markRevealed(second.id, at(2));
    expect(await answer(players[1]!, true, 3, second)).toEqual({ status: 'closed' });
    const third = await round(2, at(5));
    expect(await answer(players[1]!, true, 5, third)).toEqual({ status: 'closed' });
    expect(await store.roundAnswers(third.id)).toEqual([]);
    const stats = await store.userStats(players[1]!.userId, at(6));
    expect(stats).toMatchObject({ answers: 1, correctAnswers: 1, cardsSeen: 1, reviewsLast30Days: 1 });
  });

  it('keeps the card state and streak the last decision left, with whole day counts', async () => {
    const { user, round } = await workspace('state', 2);
    const ann = await user('Ann');
    const r = await round(0);
    const result = await store.recordAnswer({ round: r, userId: ann.userId, channelId: 'chan', at: at(1) }, (context) => {
      const decision = answerDecision(true, at(1))(context);
      return { ...decision, state: { ...decision.state, elapsedDays: 1.4, scheduledDays: 2.6 }, streak: { current: 3, longest: 7, lastDay: '2026-03-02' } };
    });
    expect(result.status).toBe('recorded');
    const state = await store.cardState(ann.userId, r.card.id);
    expect(state).toMatchObject({ elapsedDays: 1, scheduledDays: 3, reps: 1, lastReview: at(1) });
    expect(await store.streak(ann.userId)).toEqual({ current: 3, longest: 7, lastDay: '2026-03-02', freezes: 0 });
    expect(await store.cardState(ann.userId, r.card.id + 1000)).toBeNull();
    expect(await store.streak(ann.userId + 1000)).toBeNull();
  });

  it('records a review once per key, and serves due cards before new ones', async () => {
    const { deckId, user } = await workspace('reviews', 3);
    const bea = await user('Bea');
    const cards = await store.deckCards(deckId);
    const next = (hours: number, allowNew = true) => store.nextReviewCard({ userId: bea.userId, deckIds: [deckId], now: at(hours), allowNew });
    const review = (cardId: number, key: string, hours: number, points: PointsEntry[] = []) =>
      store.recordReview({ userId: bea.userId, workspaceId: bea.workspaceId, channelId: 'dm', cardId, at: at(hours), idempotencyKey: key }, reviewDecision(3, at(hours), points));

    expect(await next(0)).toEqual({ card: cards[0], state: null });
    expect(await next(0, false)).toBeNull();
    const first = await review(cards[0]!.id, 'show-1', 0, [{ amount: 2, reason: 'streak' }]);
    expect(first.status).toBe('recorded');
    expect(await review(cards[0]!.id, 'show-1', 0, [{ amount: 2, reason: 'streak' }])).toEqual({ status: 'duplicate' });
    expect((await store.userStats(bea.userId, at(0))).points).toBe(2);
    expect(await store.cardState(bea.userId, cards[0]!.id)).toEqual(first.status === 'recorded' ? first.decision.state : null);
    expect((await next(0))?.card).toEqual(cards[1]);
    await review(cards[1]!.id, 'show-2', 1);
    expect(await store.newCardsIntroducedSince(bea.userId, at(0))).toBe(2);
    expect(await store.newCardsIntroducedSince(bea.userId, at(0.5))).toBe(1);

    // Much later both are due, the most overdue first, and new cards wait.
    expect(await store.dueCount(bea.userId, [deckId], at(0))).toBe(0);
    expect(await store.dueCount(bea.userId, [deckId], new Date(T0.getTime() + 60 * DAY))).toBe(2);
    expect(await store.dueCount(bea.userId, [], new Date(T0.getTime() + 60 * DAY))).toBe(0);
    // The next card due is the earliest of the two, in these decks only.
    const states = [await store.cardState(bea.userId, cards[0]!.id), await store.cardState(bea.userId, cards[1]!.id)];
    expect(await store.nextDueAt(bea.userId, [deckId])).toEqual(new Date(Math.min(...states.map((st) => st!.due.getTime()))));
    expect(await store.nextDueAt(bea.userId, [])).toBeNull();
    expect(await store.nextDueAt(bea.userId + 1000, [deckId])).toBeNull();
    const due = await store.nextReviewCard({ userId: bea.userId, deckIds: [deckId], now: new Date(T0.getTime() + 60 * DAY), allowNew: false });
    expect(due?.card).toEqual(cards[0]);
    expect(due?.state?.reps).toBe(1);
    expect(await store.nextReviewCard({ userId: bea.userId, deckIds: [], now: at(0), allowNew: true })).toBeNull();
    const stats = await store.userStats(bea.userId, new Date(T0.getTime() + 60 * DAY));
    expect(stats).toMatchObject({ cardsSeen: 2, dueNow: 2, reviewsLast30Days: 0, retention: null, answers: 0, points: 2 });
  });

  it('ranks the points ledger: ties share a rank, my rank past the top, by channel and since a time', async () => {
    const { user, deckId } = await workspace('ledger', 1);
    const [card] = await store.deckCards(deckId);
    const score = async (name: string, amount: number, channelId = 'chan', hours = 1) => {
      const u = await user(name);
      const key = `${name}-${amount}-${channelId}-${hours}`;
      await store.recordReview({ userId: u.userId, workspaceId: u.workspaceId, channelId, cardId: card!.id, at: at(hours), idempotencyKey: key }, reviewDecision(3, at(hours), [{ amount, reason: 'correct' }]));
      return u;
    };
    await score('Amy', 50);
    await score('Bob', 50);
    await score('Cid', 30);
    await score('Dan', 20, 'other');
    const eve = await score('Eve', 10, 'chan', -48);
    await score('Fay', 5);
    await score('Fay', -5); // a total of zero is not on the board
    const board = (input: { channelId?: string; since?: Date; limit?: number } = {}) =>
      store.leaderboard({ workspaceId: eve.workspaceId, userId: eve.userId, limit: 3, ...input });
    const all = await board();
    expect(all.top.map((e) => [e.rank, e.displayName, e.points])).toEqual([[1, 'Amy', 50], [1, 'Bob', 50], [3, 'Cid', 30]]);
    expect(all.me).toMatchObject({ rank: 5, displayName: 'Eve', points: 10 });
    expect(all.players).toBe(5);
    expect((await board({ channelId: 'other' })).top.map((e) => e.displayName)).toEqual(['Dan']);
    const recent = await board({ since: at(0) });
    expect([recent.players, recent.me]).toEqual([4, null]);
    expect((await store.leaderboard({ workspaceId: eve.workspaceId + 1000, userId: eve.userId, limit: 3 })).players).toBe(0);
  });
  it('reads the picture series: streaks with time zones, study days and due days by local date', async () => {
    const { user, deckId } = await workspace('series', 3);
    const cards = await store.deckCards(deckId);
    const gus = await user('Gus', 'Asia/Tokyo');
    const hal = await user('Hal');
    const review = (cardId: number, hours: number, rating: Rating, key: string) =>
      store.recordReview({ userId: gus.userId, workspaceId: gus.workspaceId, channelId: 'dm', cardId, at: at(hours), idempotencyKey: key }, reviewDecision(rating, at(hours)));
    // T0 is 19:00 in Tokyo: +6 h is the next Tokyo day, though still the same UTC day.
    await review(cards[0]!.id, 0, 3, 'a');
    await review(cards[1]!.id, 1, 1, 'b');
    await review(cards[0]!.id, 6, 3, 'c');
    await review(cards[2]!.id, -48, 3, 'd');
    const days = await store.studyDays({ userId: gus.userId, timeZone: 'Asia/Tokyo', since: at(-24) });
    expect(days.map((d) => [d.date, d.reviews])).toEqual([['2026-03-02', 2], ['2026-03-03', 1]]);
    expect(days.every((d) => d.recalled <= d.learnedReviews && d.learnedReviews <= d.reviews)).toBe(true);
    const utc = await store.studyDays({ userId: gus.userId, timeZone: 'UTC', since: at(-72) });
    expect(utc.map((d) => [d.date, d.reviews])).toEqual([['2026-02-28', 1], ['2026-03-02', 3]]);
    expect(await store.studyDays({ userId: hal.userId, timeZone: 'UTC', since: at(-72) })).toEqual([]);

    const due = await store.dueDays({ userId: gus.userId, timeZone: 'Asia/Tokyo', until: new Date(T0.getTime() + 60 * DAY) });
    expect(due.reduce((sum, d) => sum + d.due, 0)).toBe(3);
    expect(due.map((d) => d.date)).toEqual([...due.map((d) => d.date)].sort());
    const states = await Promise.all(cards.map((c) => store.cardState(gus.userId, c.id)));
    const firstDue = Math.min(...states.map((st) => st!.due.getTime()));
    expect(await store.dueDays({ userId: gus.userId, timeZone: 'UTC', until: new Date(firstDue) })).toEqual([]);
    expect((await store.dueDays({ userId: gus.userId, timeZone: 'UTC', until: new Date(firstDue + 1) }))[0]).toEqual({ date: new Date(firstDue).toISOString().slice(0, 10), due: 1 });

    const streaks = await store.streaks([gus.userId, hal.userId, gus.userId + 1000]);
    expect(streaks).toEqual([{ userId: gus.userId, timeZone: 'Asia/Tokyo', ...(await store.streak(gus.userId))! }]);
    expect(await store.streaks([])).toEqual([]);
  });
  it('keeps each user\'s FSRS settings, returns them with the user, and reads their review log oldest first', async () => {
    const { user, round } = await workspace('fsrs', 2);
    const [ivy, jon] = [await user('Ivy'), await user('Jon')];
    expect(ivy.scheduling ?? null).toBeNull();
    expect(await store.fsrsSettings(ivy.userId)).toBeNull();
    const parameters = Array.from({ length: 21 }, (_, i) => i / 10);
    const fit = { reviews: 1200, before: { logLoss: 0.4, rmse: 0.05 }, after: { logLoss: 0.3, rmse: 0.03 } };
    await store.saveFsrsSettings(ivy.userId, { parameters, desiredRetention: 0.85, optimizedAt: T0, fit });
    expect(await store.fsrsSettings(ivy.userId)).toEqual({ parameters, desiredRetention: 0.85, optimizedAt: T0, fit });
    expect((await user('Ivy')).scheduling).toEqual({ parameters, desiredRetention: 0.85 });
    await store.saveFsrsSettings(ivy.userId, { parameters: null, desiredRetention: 0.9, optimizedAt: null, fit: null });
    expect((await user('Ivy')).scheduling).toEqual({ parameters: null, desiredRetention: 0.9 });
    expect(await store.fsrsSettings(jon.userId)).toBeNull();

    const r0 = await round(0, null);
    const r1 = await round(1, null);
    await store.recordAnswer({ round: r1, userId: ivy.userId, channelId: 'chan', at: at(2) }, answerDecision(true, at(2)));
    await store.recordAnswer({ round: r0, userId: ivy.userId, channelId: 'chan', at: at(1) }, answerDecision(false, at(1)));
    const log = await store.reviewLogEntries(ivy.userId);
    expect(log).toEqual([
      { cardId: r0.card.id, rating: 1, state: 0, reviewedAt: at(1) },
      { cardId: r1.card.id, rating: 3, state: 0, reviewedAt: at(2) },
    ]);
    expect(await store.reviewLogEntries(jon.userId)).toEqual([]);
  });

  it('stores a package\'s pictures and the importer\'s history with the deck, replacing pictures on re-import', async () => {
    const { owner, user } = await workspace('package', 0);
    const kim = await user('Kim');
    const png = (n: number) => ({ name: `p${n}.png`, mime: 'image/png' as const, bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, n]) });
    const cards = [
      { key: 'anki:a:0', front: 'Qa', back: 'Aa', tags: ['T'], frontImages: ['p1.png'], backImages: ['p2.png', 'p1.png'] },
      { key: 'anki:b:0', front: 'Qb', back: 'Ab', tags: [], frontImages: [], backImages: [] },
    ];
    const replay = applyRating(null, 3, at(-48));
    const second = applyRating(replay.state, 3, at(-24));
    const history = { userId: kim.userId, cards: [{ key: 'anki:a:0', logs: [replay.log, second.log], state: second.state }, { key: 'anki:gone:0', logs: [replay.log], state: replay.state }] };
    const input = { workspaceId: owner.workspaceId, slug: 'pkg', title: 'Pkg', source: 'pkg.apkg', cards, media: [png(1), png(2)], history };
    const first = await store.importDeck(input);
    expect(first.history).toEqual({ cards: 1, reviews: 2, kept: 0 });
    const pkg = await store.deckPackage(first.deckId);
    expect(pkg.cards.map((c) => [c.key, c.frontImages, c.backImages])).toEqual([['anki:a:0', ['p1.png'], ['p2.png', 'p1.png']], ['anki:b:0', [], []]]);
    expect(pkg.media.map((m) => [m.name, m.mime, [...m.bytes]]).sort()).toEqual([['p1.png', 'image/png', [0x89, 0x50, 0x4e, 0x47, 1]], ['p2.png', 'image/png', [0x89, 0x50, 0x4e, 0x47, 2]]]);
    const [a] = await store.deckCards(first.deckId);
    const images = await store.cardImages(a!.id);
    expect([images.front.map((m) => m.name), images.back.map((m) => m.name)]).toEqual([['p1.png'], ['p2.png', 'p1.png']]);
    expect(await store.cardState(kim.userId, a!.id)).toMatchObject({ reps: 2, lastReview: at(-24) });
    expect((await store.reviewLogEntries(kim.userId)).map((l) => l.reviewedAt)).toEqual([at(-48), at(-24)]);

    // again: the history is kept as it is, and the pictures are the new package's
    const again = await store.importDeck({ ...input, cards: [{ ...cards[0]!, frontImages: ['p3.png'], backImages: [] }, cards[1]!], media: [png(3)] });
    expect(again.history).toEqual({ cards: 0, reviews: 0, kept: 1 });
    expect(await store.reviewLogEntries(kim.userId)).toHaveLength(2);
    const after = await store.cardImages(a!.id);
    expect([after.front.map((m) => m.name), after.back]).toEqual([['p3.png'], []]);
    expect((await store.deckPackage(first.deckId)).media.map((m) => m.name)).toEqual(['p3.png']);
  });
});
