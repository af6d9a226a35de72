/**
 * /leaderboard and /stats with their card pictures, on the in-memory Store and the fake clock: what the
 * cards show (a new user, a year of history), that a failed picture never costs the text reply (and is
 * logged and counted), and that points changing forgets the cached boards.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/core/messages.js';
import { pictureAlt, type PictureCard, type PictureRenderer, type RenderedPicture, type StatsCard } from '../../src/core/pictures.js';
import { decideReview } from '../../src/core/decisions.js';
import { addDays, dueInstant, localDateOf } from '../../src/core/time.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { pictureFailureReporter } from '../../src/ops/instrument.js';
import { createPictureRenderer } from '../../src/pictures/index.js';
import { statsSize } from '../../src/pictures/stats.js';
import { DAY, makeBot } from '../support/core.js';
import { MemoryStore } from '../support/memory-store.js';
import { decode } from '../support/pictures.js';

/** Keeps the cards it is asked to draw (and fails on request), so a test can read what the picture shows. */
class RecordingRenderer implements PictureRenderer {
  cards: { card: PictureCard; cacheKey?: string }[] = [];
  invalidated: string[][] = [];
  failure: Error | null = null;
  async render(card: PictureCard, options: { cacheKey?: string } = {}): Promise<RenderedPicture> {
    if (this.failure) throw this.failure;
    this.cards.push({ card, cacheKey: options.cacheKey });
    return { png: Uint8Array.of(0x89, 0x50), filename: `${card.kind}.png`, alt: pictureAlt(card), width: 1, height: 1 };
  }
  invalidate(prefixes: string | readonly string[]): void {
    this.invalidated.push(typeof prefixes === 'string' ? [prefixes] : [...prefixes]);
  }
  async close(): Promise<void> {}
}

const NOW = '2026-03-02T10:00:00Z';
const TOKYO = 'Asia/Tokyo';

async function setUp(options: { pictures?: PictureRenderer; onPictureError?: (error: unknown, kind: string) => void } = {}) {
  const store = new MemoryStore();
  const t = await makeBot(store, { now: NOW, ...options });
  const ada = t.as('Ada', { timeZone: TOKYO });
  const user = await store.ensureUser({ platform: 'discord', workspaceExternalId: 'guild-1', userExternalId: 'ada', displayName: 'Ada', timeZone: TOKYO });
  const cards = Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, front: `Q${i}`, back: `A${i}`, tags: [] }));
  const { deckId } = await store.importDeck({ workspaceId: user.workspaceId, slug: 'd', title: 'D', source: '', cards });
  return { ...t, store, ada, user, deckCards: await store.deckCards(deckId) };
}

/** Reviews `count` cards at local noon `back` days before today, as /review records them (points, streak, state). */
async function studyOn(s: Awaited<ReturnType<typeof setUp>>, back: number, count: number) {
  const today = localDateOf(new Date(NOW), TOKYO);
  const at = dueInstant(addDays(today, -back), '12:00', TOKYO);
  for (let i = 0; i < count; i++) {
    const card = s.deckCards[(back + i) % s.deckCards.length]!;
    const rating = (back + i) % 5 === 0 ? 1 : 3;
    await s.store.recordReview(
      { userId: s.user.userId, workspaceId: s.user.workspaceId, channelId: 'chan-1', cardId: card.id, at, idempotencyKey: `seed:${back}:${i}` },
      (context) => decideReview(context, rating, at, TOKYO),
    );
  }
}

function statsCardOf(renderer: RecordingRenderer): StatsCard {
  const card = renderer.cards.at(-1)!.card;
  if (card.kind !== 'stats') throw new Error(`expected a stats card, got ${card.kind}`);
  return card;
}

describe('/stats with its card', () => {
  it('draws an empty card for a new user, beside the text', async () => {
    const renderer = new RecordingRenderer();
    const s = await setUp({ pictures: renderer });
    const outcome = await s.ada({ type: 'stats' });
    expect(outcome.reply?.fields?.length).toBeGreaterThan(0);
    expect(outcome.reply?.image).toMatchObject({ filename: 'stats.png' });
    expect(outcome.reply?.image?.alt).toMatch(/^Stats picture for Ada: no streak now \(best 0\), 0 cards due now, 0 points\./);
    const card = statsCardOf(renderer);
    expect(renderer.cards.at(-1)!.cacheKey).toBe(`stats:${s.user.userId}:`);
    expect(card.today).toBe('2026-03-02');
    expect(card.retention.every((p) => p.rate === null)).toBe(true);
    expect(card.forecast.map((d) => d.due)).toEqual(Array(14).fill(0));
    expect(card.heatmap.days.filter((d) => d !== null).every((d) => d === 0)).toBe(true);
  });

  it('shows a year of history: reviews per local day, the streak, retention and what falls due', async () => {
    const renderer = new RecordingRenderer();
    const s = await setUp({ pictures: renderer });
    const perDay = (back: number) => 1 + (back % 3);
    // Oldest first, two days of three, for 400 days (more than the heatmap holds).
    for (let back = 400; back >= 0; back--) if (back % 3 !== 2) await studyOn(s, back, perDay(back));
    s.clock.set(NOW);
    await s.ada({ type: 'stats' });
    const card = statsCardOf(renderer);

    const today = card.today;
    expect(today).toBe('2026-03-02');
    const cell = (date: string) => card.heatmap.days[Math.round((Date.parse(date) - Date.parse(card.heatmap.start)) / DAY)];
    expect(new Date(`${card.heatmap.start}T00:00:00Z`).getUTCDay()).toBe(1); // a Monday
    for (const back of [0, 1, 2, 3, 100, 200, 300]) expect(cell(addDays(today, -back))).toBe(back % 3 === 2 ? 0 : perDay(back));
    expect(card.heatmap.days.filter((d) => d === null)).toHaveLength(371 - 1 - Math.round((Date.parse(today) - Date.parse(card.heatmap.start)) / DAY));
    const shownDays = card.heatmap.days.filter((d) => d !== null).length;
    let expected = 0;
    for (let back = 0; back < shownDays; back++) if (back % 3 !== 2) expected += perDay(back);
    expect(card.heatmap.days.reduce<number>((sum, d) => sum + (d ?? 0), 0)).toBe(expected);

    // Studied today and yesterday, not the day before: a streak of 2.
    expect(card.streak).toBe(2);
    expect(card.longestStreak).toBe(2);
    expect(card.points).toBe((await s.store.userStats(s.user.userId, new Date(NOW))).points);
    expect(card.retention).toHaveLength(30);
    expect(card.retention.some((p) => p.rate !== null && p.rate > 0 && p.rate <= 1)).toBe(true);
    // Every card state due before the forecast ends is on it (the overdue ones on today).
    const end = dueInstant(addDays(today, 14), '00:00', TOKYO);
    const dueSoon = s.store.tables.cardStates.filter((c) => c.due < end).length;
    expect(card.forecast.reduce((sum, d) => sum + d.due, 0)).toBe(dueSoon);
    expect(card.forecast[0]!.due).toBeGreaterThanOrEqual(card.dueNow);
  });

  it('draws a real PNG of the stats card size', async () => {
    const pictures = createPictureRenderer({ inline: true });
    try {
      const s = await setUp({ pictures });
      await studyOn(s, 0, 3);
      const image = (await s.ada({ type: 'stats' })).reply?.image;
      const png = decode(image!.png);
      expect([png.width, png.height]).toEqual([statsSize().width, statsSize().height]);
    } finally {
      await pictures.close();
    }
  });
});

describe('/leaderboard with its card', () => {
  it('puts the top rows with their live streaks on the card, under the board cache key', async () => {
    const renderer = new RecordingRenderer();
    const s = await setUp({ pictures: renderer });
    await studyOn(s, 1, 1);
    await studyOn(s, 0, 1);
    s.store.addPoints({ workspaceId: s.user.workspaceId, userId: s.user.userId, channelId: 'chan-1', amount: 40, reason: 'correct', at: new Date(NOW) });
    const outcome = await s.ada({ type: 'leaderboard' });
    expect(outcome.reply?.text).toContain('Ada');
    const { card, cacheKey } = renderer.cards.at(-1)!;
    expect(cacheKey).toBe(`leaderboard:${s.user.workspaceId}:*:all:`);
    expect(card).toMatchObject({ kind: 'leaderboard', scope: 'everyone', period: 'all time', players: 1, you: null });
    expect(card.kind === 'leaderboard' && card.rows.map((r) => [r.rank, r.name, r.streak])).toEqual([[1, 'Ada', 2]]);
    expect(outcome.reply?.image?.alt).toContain('1. Ada: 40 points, 2-day streak.');
  });

  it('forgets the cached boards and stats of a user whose points change', async () => {
    const renderer = new RecordingRenderer();
    const s = await setUp({ pictures: renderer });
    const before = renderer.invalidated.length;
    const review = await s.ada({ type: 'review' });
    const show = review.reply?.choices?.[0]?.id;
    const shown = await s.ada({ type: 'press', id: show! });
    const rate = shown.reply?.choices?.find((c) => c.label.includes('Good'))?.id ?? shown.reply?.choices?.[2]?.id;
    await s.ada({ type: 'press', id: rate! });
    expect(renderer.invalidated.slice(before)).toContainEqual([`leaderboard:${s.user.workspaceId}:`, `stats:${s.user.userId}:`]);
  });

  it('sends the text alone when the picture fails, and logs and counts the failure', async () => {
    const renderer = new RecordingRenderer();
    renderer.failure = new Error('canvas exploded');
    const metrics = createMetrics();
    const logs: { msg: string; kind?: string }[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    const s = await setUp({ pictures: renderer, onPictureError: pictureFailureReporter(metrics, log) });
    const outcomes: Outcome[] = [await s.ada({ type: 'leaderboard' }), await s.ada({ type: 'stats' })];
    for (const outcome of outcomes) {
      expect(outcome.reply?.image).toBeUndefined();
      expect(outcome.reply?.visibility).toBeDefined();
    }
    expect(outcomes[0]!.reply?.text).toMatch(/no points|nobody|No one/i);
    expect(outcomes[1]!.reply?.fields?.length).toBeGreaterThan(0);
    const text = await metrics.registry.metrics();
    expect(text).toContain('studybot_picture_failures_total{kind="leaderboard"} 1');
    expect(text).toContain('studybot_picture_failures_total{kind="stats"} 1');
    expect(logs.filter((l) => l.msg.includes('picture failed to render')).map((l) => l.kind)).toEqual(['leaderboard', 'stats']);
  });

  it('sends the stats text when reading the card\'s series fails, and reports it as a stats picture failure', async () => {
    const renderer = new RecordingRenderer();
    const failures: string[] = [];
    const s = await setUp({ pictures: renderer, onPictureError: (_error, kind) => failures.push(kind) });
    s.store.studyDays = async () => {
      throw new Error('connection lost');
    };
    const outcome = await s.ada({ type: 'stats' });
    expect(outcome.reply?.fields?.length).toBeGreaterThan(0);
    expect(outcome.reply?.image).toBeUndefined();
    expect(failures).toEqual(['stats']);
    expect(renderer.cards).toEqual([]);
  });

  it('answers in text only when the bot has no renderer', async () => {
    const s = await setUp();
    const outcome = await s.ada({ type: 'leaderboard' });
    expect(outcome.reply?.text).toBeTruthy();
    expect(outcome.reply?.image).toBeUndefined();
  });
});
