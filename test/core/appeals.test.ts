/**
 * Appeals in the core: what an accepted appeal pays and re-rates (pure), the answers it remembers, a
 * game question's appeal decided by the game's starter, and the revealed messages an accepted appeal
 * asks to edit (on the in-memory Store).
 */
import { describe, expect, it } from 'vitest';
import { decideAcceptedAppeal } from '../../src/core/appeals/decide.js';
import type { AppealContext, AppealRecord } from '../../src/core/appeals/model.js';
import { gradeRemembering, normaliseAnswer } from '../../src/core/appeals/remembered.js';
import type { CoreDeps } from '../../src/core/context.js';
import { deckContext } from '../../src/core/grading/deck-context.js';
import { gradeTyped } from '../../src/core/grading/typed.js';
import { buildId, parseId } from '../../src/core/ids.js';
import type { Round } from '../../src/core/model.js';
import { replayRatings } from '../../src/core/scheduling/fsrs.js';
import { makeBot, roundIdOf, type TestBot } from '../support/core.js';
import { MemoryStore } from '../support/memory-store.js';

const T0 = new Date('2026-03-02T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const card = { id: 1, deckId: 1, front: 'Q', back: 'A', tags: [], position: 0, keyPoints: [], accepted: [] };
const round = (over: Partial<Round> = {}): Round => ({
  id: 1, workspaceId: 1, channelId: 'c', card, deckTitle: 'D', mode: 'typed', choices: null, correctChoice: null,
  opensAt: T0, closesAt: null, messageRef: null, source: 'quiz', revealedAt: null, createdBy: 9, ...over,
});
const appeal = { id: 1 } as AppealRecord;
const context = (history: AppealContext['history'], answer: AppealContext['answer']): AppealContext => ({ appeal, history, answer });

describe('an accepted appeal', () => {
  it("replays the card's schedule with the appellant's own FSRS settings", () => {
    const history = [
      { rating: 3 as const, reviewedAt: minutes(0), appealed: false },
      { rating: 1 as const, reviewedAt: minutes(60 * 24 * 3), appealed: true },
    ];
    const relaxed = decideAcceptedAppeal(context(history, null), null, { parameters: null, desiredRetention: 0.7 });
    const strict = decideAcceptedAppeal(context(history, null), null, { parameters: null, desiredRetention: 0.97 });
    // A lower desired retention schedules the next review later.
    expect(relaxed.state!.due.getTime()).toBeGreaterThan(strict.state!.due.getTime());
    expect(strict.state).toEqual(replayRatings(history.map((r) => ({ ...r, rating: r.appealed ? 3 : r.rating })), { parameters: null, desiredRetention: 0.97 }));
  });

  it("pays a due card's correct points less what the answer had, and re-rates its review Good in place", () => {
    const decision = decideAcceptedAppeal(context([{ rating: 2, reviewedAt: minutes(1), appealed: true }], { answeredAt: minutes(1), paid: 4, priorCorrect: 0 }), round());
    expect(decision.points).toEqual([{ amount: 6, reason: 'appeal' }]);
    expect(decision).toMatchObject({ rating: 3, score: 1 });
    expect(decision.state).toEqual(replayRatings([{ rating: 3, reviewedAt: minutes(1) }]));
  });

  it('pays nothing for a quiz card that was not due, but a daily card still pays its rank bonus', () => {
    // Rated Easy the day before: not due again for days when the appealed answer came.
    const history = [
      { rating: 4 as const, reviewedAt: minutes(-24 * 60), appealed: false },
      { rating: 1 as const, reviewedAt: minutes(1), appealed: true },
    ];
    const answer = { answeredAt: minutes(1), paid: 0, priorCorrect: 1 };
    expect(decideAcceptedAppeal(context(history, answer), round()).points).toEqual([]);
    expect(decideAcceptedAppeal(context(history, answer), round({ source: 'daily', createdBy: null })).points).toEqual([{ amount: 3, reason: 'appeal' }]);
    // Only the appealed review changes: the earlier Easy stays in the replayed history.
    expect(decideAcceptedAppeal(context(history, answer), round()).state).toEqual(replayRatings([history[0]!, { ...history[1]!, rating: 3 }]));
  });

  it("halves a game answer given after the hint, and pays a review's self-grade nothing", () => {
    const game = round({ source: 'game', closesAt: minutes(2) });
    const late = decideAcceptedAppeal(context([{ rating: 1, reviewedAt: minutes(1.5), appealed: true }], { answeredAt: minutes(1.5), paid: 0, priorCorrect: 0 }), game);
    expect(late.points).toEqual([{ amount: 5, reason: 'appeal' }]);
    expect(decideAcceptedAppeal(context([{ rating: 1, reviewedAt: minutes(1), appealed: true }], null), null).points).toEqual([]);
  });

  it('remembers answers whatever their case, punctuation and spacing', () => {
    expect(normaliseAnswer('  It paints   pictures of CATS! ')).toBe(normaliseAnswer('it paints pictures, of cats'));
    expect(normaliseAnswer('cats')).not.toBe(normaliseAnswer('dogs'));
  });
});

describe('grading with the answers remembered for a card', () => {
  const tcp = {
    ...card,
    front: 'Why does TCP use a three-way handshake?',
    back: 'Both sides agree on initial sequence numbers and know the other is ready before data flows, so old duplicate segments are not mistaken for a new connection.',
  };
  const accepted = ['so both hosts synchronise their starting sequence numbers and confirm the other side can receive', 'to exchange and acknowledge the initial sequence numbers of both directions'];
  const rejected = ['to encrypt the connection before sending data', 'because three packets are faster than two for sending data'];
  const user = { userId: 5, workspaceId: 1, platform: 'discord' as const, workspaceExternalId: 'g', displayName: 'Ada', timeZone: 'UTC' };
  const asked: unknown[] = [];
  const deps = {
    store: {
      acceptedAnswers: async (input: unknown) => (asked.push(['accepted', input]), accepted),
      rejectedAnswers: async (input: unknown) => (asked.push(['rejected', input]), rejected),
    },
  } as unknown as CoreDeps;
  const deck = deckContext([tcp]);

  it('passes an accepted answer again however it is written', async () => {
    const g = await gradeRemembering(deps, user, 'To exchange and acknowledge the initial sequence numbers of both directions!', tcp, deck);
    expect(g).toMatchObject({ verdict: 'correct', feedback: 'This answer was accepted on appeal before: it counts as right.' });
  });

  it("grades other answers with the card's bank: like the rejected ones scores lower than with no bank", async () => {
    asked.length = 0;
    const answer = 'to encrypt the connection and the sequence numbers before sending data';
    const g = await gradeRemembering(deps, user, answer, tcp, deck);
    expect(g.score).toBeLessThan(gradeTyped(answer, tcp, deck).score);
    expect(asked).toEqual([
      ['accepted', { cardId: tcp.id, workspaceId: 1, userId: 5 }],
      ['rejected', { cardId: tcp.id, workspaceId: 1 }],
    ]);
  });
});

describe('a game question appeal', () => {
  it("goes to the game's starter: others are refused, the starter accepts, and it pays once", async () => {
    const store = new MemoryStore();
    const t = await makeBot(store);
    const starter = await store.ensureUser({ platform: 'discord', workspaceExternalId: 'guild-1', userExternalId: 'gus', displayName: 'Gus' });
    const deck = (await store.findDeck(starter.workspaceId, 'gan'))!;
    const [first] = await store.deckCards(deck.id);
    const roundId = await store.createRound({ ...round({ workspaceId: starter.workspaceId, channelId: 'chan-1', card: first!, deckTitle: deck.title, source: 'game', opensAt: t.clock.now(), closesAt: new Date(t.clock.now().getTime() + 60_000), createdBy: starter.userId }) });

    const verdict = await t.as('Bob')({ type: 'submit', id: buildId({ kind: 'typed', round: roundId }), text: 'bananas and a bicycle' });
    const appealId = verdict.reply!.choices!.find((c) => c.label === 'I was right')!.id;
    const notice = await t.as('Bob')({ type: 'press', id: appealId });
    expect(notice.reply).toMatchObject({ visibility: 'public', title: '📨 Appeal' });
    const view = notice.reply!.choices![0]!.id;
    const action = parseId(view);
    if (action?.kind !== 'aview') throw new Error('not an appeal view');

    expect((await t.as('Cy')({ type: 'press', id: view })).reply!.text).toContain('Only the person who asked this question, or a moderator');
    expect((await t.as('Bob', { canManage: true })({ type: 'press', id: view })).reply!.text).toContain('cannot decide your own appeal');
    expect((await t.as('Gus')({ type: 'press', id: view })).reply).toMatchObject({ visibility: 'private', fields: [{ name: 'Their answer', value: 'bananas and a bicycle' }, { name: 'Reference answer' }] });
    const accept = buildId({ kind: 'aok', appeal: action.appeal });
    const decided = await t.as('Gus')({ type: 'press', id: accept });
    expect(decided.reply!.text).toContain('Accepted. Bob gets +10 points');
    expect(decided.update).toMatchObject({ visibility: 'public', title: '✅ Appeal accepted' });
    expect((await t.as('Gus', { canManage: true })({ type: 'press', id: accept })).reply!.text).toBe('This appeal was already accepted by Gus. Nothing changed.');
    const bob = store.tables.users.find((u) => u.displayName === 'Bob')!;
    expect(store.tables.pointsLedger.filter((p) => p.userId === bob.id).reduce((sum, p) => sum + p.amount, 0)).toBe(10);
    // A forged id for an appeal that does not exist is refused plainly.
    expect((await t.as('Gus')({ type: 'press', id: buildId({ kind: 'aok', appeal: 999 }) })).reply!.text).toBe('That appeal no longer exists.');
  });
});

describe('the public messages an appeal decides', () => {
  /** `who` answers the typed question wrongly and appeals: the appeal's id. */
  async function appealed(t: TestBot, roundId: number, who: string): Promise<number> {
    const verdict = await t.as(who)({ type: 'submit', id: buildId({ kind: 'typed', round: roundId }), text: 'bananas and a bicycle' });
    const notice = await t.as(who)({ type: 'press', id: verdict.reply!.choices!.find((c) => c.label === 'I was right')!.id });
    const action = parseId(notice.reply!.choices![0]!.id);
    if (action?.kind !== 'aview') throw new Error('not an appeal notice');
    return action.appeal;
  }
  const decide = (t: TestBot, appeal: number, accept: boolean) => t.as('Ada')({ type: 'press', id: buildId({ kind: accept ? 'aok' : 'ano', appeal }) });

  it("edit a /quiz question's reveal once it is shown, marking answers accepted on appeal; not before, nor for a rejection", async () => {
    const store = new MemoryStore();
    const t = await makeBot(store, { onEditError: (error) => expect.fail(String(error)) });
    const roundId = roundIdOf(await t.as('Ada')({ type: 'quiz', deck: 'gan', mode: 'typed' }));
    const [bob, cy, dee] = [await appealed(t, roundId, 'Bob'), await appealed(t, roundId, 'Cy'), await appealed(t, roundId, 'Dee')];

    // Nothing public shows the result yet: no edit, and the reveal reads the decision itself.
    expect((await decide(t, bob, true)).edits).toBeUndefined();
    // The Reveal press names the message it was on: the reveal replaces it, and an edit goes there.
    const revealed = await t.as('Ada')({ type: 'press', id: buildId({ kind: 'reveal', round: roundId }) }, 'reveal-1', 'msg-question');
    expect(revealed.update!.text).toMatch(/Got it right \(1 of 3\): 🥇 Bob \(\+\d+, accepted on appeal\)$/m);

    expect((await decide(t, cy, false)).edits).toBeUndefined();
    const accepted = await decide(t, dee, true);
    expect(accepted.reply!.text).toContain('Accepted. Dee gets +10 points');
    expect(accepted.edits).toEqual([{ channelId: 'chan-1', messageRef: 'msg-question', message: expect.objectContaining({ title: revealed.update!.title, visibility: 'public' }) }]);
    expect(accepted.edits![0]!.message.text).toMatch(/Got it right \(2 of 3\): 🥇 Bob \(\+\d+, accepted on appeal\), 🥈 Dee \(\+\d+, accepted on appeal\)$/m);
    // A second press (a double click, or the inbox replaying a press whose process died before its
    // edits went out) finds it decided: nothing is paid again, but the notice and the reveal are sent again.
    const again = await decide(t, dee, true);
    expect(again.reply!.text).toBe('This appeal was already accepted by Ada. Nothing changed.');
    expect(again.update).toMatchObject({ title: '✅ Appeal accepted', visibility: 'public' });
    expect(again.edits).toEqual(accepted.edits);
    const deeId = store.tables.users.find((u) => u.displayName === 'Dee')!.id;
    expect(store.tables.pointsLedger.filter((p) => p.userId === deeId && p.reason === 'appeal')).toHaveLength(1);
    // A rejection pressed again edits nothing either.
    const rejectedAgain = await decide(t, cy, true);
    expect(rejectedAgain.reply!.text).toBe('This appeal was already rejected by Ada. Nothing changed.');
    expect(rejectedAgain.update).toMatchObject({ title: '❌ Appeal rejected' });
    expect(rejectedAgain.edits).toBeUndefined();
  });

  it('stands when its edits cannot be worked out: the decider is answered and the failure reported', async () => {
    const store = new MemoryStore();
    const failures: unknown[] = [];
    const t = await makeBot(store, { onEditError: (error) => failures.push(error) });
    const roundId = roundIdOf(await t.as('Ada')({ type: 'quiz', deck: 'gan', mode: 'typed' }));
    const bob = await appealed(t, roundId, 'Bob');
    await t.as('Ada')({ type: 'press', id: buildId({ kind: 'reveal', round: roundId }) }, 'reveal-2', 'msg-question');
    // The store goes away right after the decision commits.
    const decideAppeal = store.decideAppeal.bind(store);
    store.decideAppeal = async (...args) => {
      const result = await decideAppeal(...args);
      store.getRound = () => Promise.reject(new Error('connection lost'));
      return result;
    };
    const accepted = await decide(t, bob, true);
    expect(accepted.reply!.text).toContain('Accepted. Bob gets +10 points');
    expect(accepted.update).toMatchObject({ title: '✅ Appeal accepted' });
    expect(accepted.edits).toBeUndefined();
    expect(failures).toEqual([new Error('connection lost')]);
    const bobId = store.tables.users.find((u) => u.displayName === 'Bob')!.id;
    expect(store.tables.appeals.find((a) => a.userId === bobId)).toMatchObject({ status: 'accepted', points: 10 });
  });
});
