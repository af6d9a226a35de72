/**
 * `/fsrs` through the core on the in-memory Store: showing the settings, setting the desired retention,
 * optimising on the user's own review log (the real fsrs-rs optimiser), and every later rating and
 * preview scheduled with what was stored.
 */
import { default_w } from 'ts-fsrs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseId } from '../../src/core/ids.js';
import { applyRating } from '../../src/core/scheduling/fsrs.js';
import { MIN_REVIEWS_TO_OPTIMIZE } from '../../src/core/scheduling/optimize.js';
import { makeBot, type TestBot } from '../support/core.js';
import { MemoryStore } from '../support/memory-store.js';
import { syntheticReviewLog } from '../support/synthetic-reviews.js';

let t: TestBot;
let store: MemoryStore;
const ann = () => t.as('Ann');

beforeEach(async () => {
  store = new MemoryStore();
  t = await makeBot(store, { now: '2026-03-02T10:00:00Z' });
});

async function annId(): Promise<number> {
  return (await store.ensureUser({ platform: 'discord', workspaceExternalId: 'guild-1', userExternalId: 'ann', displayName: 'Ann' })).userId;
}

/** Ann's review log, as if she had made these ratings here (the rows review_logs keeps). */
async function seedLog(reviews: number): Promise<void> {
  const userId = await annId();
  for (const entry of syntheticReviewLog({ reviews, seed: 3 })) {
    store.tables.reviewLogs.push({
      id: store.tables.reviewLogs.length + 1, userId, cardId: Number(entry.cardId), rating: entry.rating as 1 | 2 | 3 | 4, state: entry.state,
      due: entry.reviewedAt, stability: 0, difficulty: 0, elapsedDays: 0, lastElapsedDays: 0, scheduledDays: 0, learningSteps: 0,
      reviewedAt: entry.reviewedAt, source: 'review', idempotencyKey: `seed:${store.tables.reviewLogs.length}`,
    });
  }
}

/** Ann reviews her first card and rates it Good; the card state that left. */
async function rateFirstCardGood() {
  const shown = await ann()({ type: 'review' });
  const revealed = await ann()({ type: 'press', id: shown.reply!.choices![0]!.id });
  const good = revealed.reply!.choices!.find((c) => c.label.startsWith('Good'))!;
  const cardId = (parseId(good.id) as { card: number }).card;
  await ann()({ type: 'press', id: good.id });
  return { state: (await store.cardState(await annId(), cardId))!, labels: revealed.reply!.choices!.map((c) => c.label) };
}

describe('/fsrs', () => {
  it('shows the defaults: retention 0.9 and the default parameters', async () => {
    const out = await ann()({ type: 'fsrs' });
    expect(out.reply?.visibility).toBe('private');
    expect(out.reply?.text).toContain('Desired retention: **90%** (the default)');
    expect(out.reply?.text).toContain('the defaults');
    expect(out.reply?.text).toContain(`${MIN_REVIEWS_TO_OPTIMIZE.toLocaleString('en')}`);
    expect(out.reply?.text).toContain(String(Math.round(default_w[0]! * 10_000) / 10_000));
  });

  it('sets the desired retention (0.85, or 85%) and refuses values outside 0.7-0.97 clearly', async () => {
    expect((await ann()({ type: 'fsrs', action: 'retention', value: '0.85' })).reply?.text).toContain('now **85%**');
    expect((await store.fsrsSettings(await annId()))?.desiredRetention).toBe(0.85);
    expect((await ann()({ type: 'fsrs', action: 'retention', value: '80%' })).reply?.text).toContain('now **80%**');
    for (const bad of ['0.5', '0.98', '1.2', 'lots', '']) {
      expect((await ann()({ type: 'fsrs', action: 'retention', value: bad })).reply?.text, bad).toMatch(/between 0.7 and 0.97/);
    }
    expect((await store.fsrsSettings(await annId()))?.desiredRetention).toBe(0.8);
    expect((await ann()({ type: 'fsrs', action: 'reset' })).reply?.text).toMatch(/Unknown `\/fsrs` action "reset"/);
  });

  it('schedules with the stored desired retention', async () => {
    await ann()({ type: 'fsrs', action: 'retention', value: '0.8' });
    const { state } = await rateFirstCardGood();
    const expected = applyRating(null, 3, t.clock.now(), { parameters: null, desiredRetention: 0.8 }).state;
    expect(state.due.getTime()).toBe(expected.due.getTime());
  });

  it('says how many reviews it needs when there are too few', async () => {
    await seedLog(200);
    const out = await ann()({ type: 'fsrs', action: 'optimize' });
    expect(out.reply?.text).toMatch(new RegExp(`Not enough reviews .*it needs at least ${MIN_REVIEWS_TO_OPTIMIZE}`));
    expect(await store.fsrsSettings(await annId())).toBeNull();
  });

  it('fits parameters to the user\'s own reviews, reports log-loss and RMSE, and schedules with them', async () => {
    await seedLog(2000);
    const out = await ann()({ type: 'fsrs', action: 'optimize' });
    expect(out.reply?.title).toBe('🧠 FSRS tuned to you');
    expect(out.reply?.text).toMatch(/Log-loss \d\.\d{4} → \*\*\d\.\d{4}\*\* · RMSE \d\.\d{4} → \*\*\d\.\d{4}\*\*/);
    const stored = (await store.fsrsSettings(await annId()))!;
    expect(stored.parameters).toHaveLength(21);
    expect(stored.parameters).not.toEqual(default_w);
    expect(stored.fit!.after.logLoss).toBeLessThan(stored.fit!.before.logLoss);
    expect((await ann()({ type: 'fsrs' })).reply?.text).toContain('**your own**');

    // Bob (defaults) and Ann (tuned) rate a new card Good at the same time: Ann's schedule follows her parameters
    const { state, labels } = await rateFirstCardGood();
    const now = t.clock.now();
    const tuned = applyRating(null, 3, now, { parameters: stored.parameters, desiredRetention: 0.9 }).state;
    expect(state.stability).toBeCloseTo(tuned.stability, 10);
    expect(state.due.getTime()).toBe(tuned.due.getTime());
    expect(tuned.stability).not.toBeCloseTo(applyRating(null, 3, now).state.stability, 3);
    expect(labels).toHaveLength(4);
  });
});
