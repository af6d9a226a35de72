/**
 * The cards as drawn, checked pixel by pixel (fonts-hidden.test.ts draws them again with the machine's
 * own fonts out of sight, as in the slim Docker image).
 */
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { HEATMAP_WEEKS, statsCard, type LeaderboardCard } from '../../src/core/pictures.js';
import { openFontBook } from '../../src/pictures/fonts.js';
import { LEADERBOARD_LAYOUT, leaderboardNameBox, leaderboardSize } from '../../src/pictures/leaderboard.js';
import { Painter, PADDING, THEME } from '../../src/pictures/paint.js';
import { createPictureRenderer } from '../../src/pictures/renderer.js';
import { drawStats, statsHeatmapCell, statsSize } from '../../src/pictures/stats.js';
import { board, colourful, crop, decode, difference, HARD_NAMES, ink, pixel, rgb, stats } from '../support/pictures.js';

const renderer = createPictureRenderer({ inline: true });
const draw = async (card: Parameters<typeof renderer.render>[0]) => {
  const picture = await renderer.render(card);
  return { picture, image: decode(picture.png) };
};
const nameBoxes = (card: LeaderboardCard) => [...card.rows, ...(card.you ? [card.you] : [])].map((_, i) => leaderboardNameBox(card, i));

describe('leaderboard card', () => {
  it('draws ten players and the caller below them, every name inside its own box', async () => {
    const card = board(HARD_NAMES, { rank: 1234, name: 'Me myself 🙂' });
    const { picture, image } = await draw(card);
    expect([image.width, image.height]).toEqual([800, 828]);
    expect([picture.width, picture.height]).toEqual([800, 828]);
    expect(picture.filename).toBe('leaderboard.png');
    expect(picture.alt).toContain('1. Ada Lovelace: 5,000 points');

    // the same board with every name a '?': the names' pixels differ, and nothing else does
    const blank = decode((await renderer.render({ ...card, rows: card.rows.map((r) => ({ ...r, name: '?' })), you: { ...card.you!, name: '?' } })).png);
    const diff = difference(image, blank, nameBoxes(card));
    expect(diff.outside).toBe(0);
    diff.inside.forEach((pixels, row) => expect(pixels, `row ${row}: ${HARD_NAMES[row] ?? 'you'}`).toBeGreaterThan(150));
  });

  it('draws one player, and an empty board with its message', async () => {
    const one = board(['Solo']);
    const { image } = await draw(one);
    const { header, row } = LEADERBOARD_LAYOUT;
    expect([image.width, image.height]).toEqual([800, header + row + PADDING]);
    expect(ink(image, leaderboardNameBox(one, 0), THEME.panel)).toBeGreaterThan(100);

    const empty = board([]);
    const drawn = await draw(empty);
    expect([drawn.image.width, drawn.image.height]).toEqual([leaderboardSize(empty).width, header + LEADERBOARD_LAYOUT.empty + PADDING]);
    expect(drawn.picture.alt).toBe('Leaderboard picture for everyone, all time: no points yet.');
    const message = { x: PADDING + 20, y: header + 20, width: 800 - 2 * PADDING - 40, height: LEADERBOARD_LAYOUT.empty - 40 };
    expect(ink(drawn.image, message, THEME.panel)).toBeGreaterThan(500);
    // the title is drawn on every board
    expect(ink(drawn.image, { x: PADDING, y: PADDING, width: 300, height: 40 }, THEME.background)).toBeGreaterThan(500);
  });

  /** The name box of a one-player board named `name`. */
  const nameGlyphs = async (name: string, fonts?: Parameters<typeof createPictureRenderer>[0]) => {
    const own = fonts ? createPictureRenderer({ inline: true, ...fonts }) : renderer;
    const card = board([name]);
    return crop(decode((await own.render(card)).png), leaderboardNameBox(card, 0));
  };

  it('draws real glyphs for each script the fonts cover (two different letters never look alike)', async () => {
    const pairs = [['李', '龍'], ['ひ', 'カ'], ['김', '한'], ['ש', 'ל'], ['ب', 'ع'], ['Ж', 'Ω'], ['🎉', '🔥']];
    for (const [a, b] of pairs) expect((await nameGlyphs(a!)).equals(await nameGlyphs(b!)), `${a} vs ${b}`).toBe(false);
  });

  it('would show the same empty box for any CJK letter without the CJK fonts (the check above can fail)', async () => {
    const latinOnly = { fontPackages: ['@fontsource-variable/noto-sans'] as const };
    expect((await nameGlyphs('李', latinOnly)).equals(await nameGlyphs('龍', latinOnly))).toBe(true);
  });

  it('draws emoji in colour', async () => {
    const card = board(['🎉🔥']);
    const { image } = await draw(card);
    expect(colourful(image, leaderboardNameBox(card, 0))).toBeGreaterThan(100);
    const plain = board(['Ab']);
    expect(colourful((await draw(plain)).image, leaderboardNameBox(plain, 0))).toBe(0);
  });
});

describe('cutting text by its drawn width', () => {
  const painter = new Painter(createCanvas(10, 10).getContext('2d'), openFontBook());
  const style = { px: 20 };

  it('keeps a text that fits and cuts one that does not, by width rather than by count', () => {
    expect(painter.fit('Ada', 200, style)).toBe('Ada');
    const narrow = painter.fit('i'.repeat(200), 200, style);
    const wide = painter.fit('W'.repeat(200), 200, style);
    expect(narrow.endsWith('…') && wide.endsWith('…')).toBe(true);
    expect(narrow.length).toBeGreaterThan(wide.length * 3);
    for (const cut of [narrow, wide]) expect(painter.width(cut, style)).toBeLessThanOrEqual(200);
  });

  it('never splits an emoji sequence or a letter from its accents', () => {
    const emoji = painter.fit('👩‍💻'.repeat(40), 150, style);
    expect(emoji).toMatch(/^(👩‍💻)+…$/u);
    const accents = painter.fit('é'.normalize('NFD').repeat(80), 150, style);
    expect(accents.slice(0, -1)).toMatch(/^(e\u0301)+$/u);
  });
});

describe('stats card', () => {
  const today = '2025-03-14';
  const heatmapCells = Array.from({ length: HEATMAP_WEEKS * 7 }, (_, i) => statsHeatmapCell(i));
  const centre = (box: { x: number; y: number; width: number; height: number }) => [box.x + box.width / 2, box.y + box.height / 2] as const;

  it('writes one day as "1 day", in the streak tile and the study-days count', () => {
    const card = statsCard({ name: 'Solo', today, streak: 1, longestStreak: 1, dueNow: 0, points: 0, days: [{ date: today, reviews: 3, learnedReviews: 0, recalled: 0 }], due: [] });
    const { width, height } = statsSize();
    const ctx = createCanvas(width, height).getContext('2d');
    const texts: string[] = [];
    const fillText = ctx.fillText.bind(ctx);
    ctx.fillText = (text: string, x: number, y: number) => (texts.push(text), fillText(text, x, y));
    drawStats(new Painter(ctx, openFontBook()), card);
    expect(texts).toContain('🔥 1 day');
    expect(texts).toContain('1 day');
    expect(texts.join('|')).not.toMatch(/\b1 days\b/);
  });

  it('draws a year of history: a square per study day, the retention line, the tiles', async () => {
    const card = stats(today, true);
    const { picture, image } = await draw(card);
    expect([image.width, image.height]).toEqual([800, 662]);
    expect(picture.filename).toBe('stats.png');
    expect(picture.alt).toMatch(/^Stats picture for Ada Lovelace 🧮: 12-day streak \(best 40\), 23 cards due now, 4,567 points\./);

    const empty = rgb(THEME.heat[0]);
    const studied = heatmapCells.filter((cell) => {
      const colour = pixel(image, ...centre(cell));
      return THEME.heat.slice(1).some((hex) => rgb(hex).every((v, i) => Math.abs(v - colour[i]!) < 8));
    }).length;
    expect(studied).toBe(card.heatmap.days.filter((d) => d !== null && d > 0).length);
    const unstudied = heatmapCells.filter((cell, i) => card.heatmap.days[i] === 0 && pixel(image, ...centre(cell)).every((v, c) => Math.abs(v - empty[c]!) < 8));
    expect(unstudied.length).toBe(card.heatmap.days.filter((d) => d === 0).length);

    const retentionPanel = { x: PADDING + 60, y: 270, width: 300, height: 130 };
    expect(colourful(image, retentionPanel)).toBeGreaterThan(200);
    expect(ink(image, { x: PADDING + 18, y: 150, width: 180, height: 40 }, THEME.panel)).toBeGreaterThan(400);
  });

  it('draws a new user with empty charts that say so', async () => {
    const card = stats(today, false);
    const { picture, image } = await draw(card);
    expect([image.width, image.height]).toEqual([800, 662]);
    expect(picture.alt).toContain('No study days in the last year yet.');
    const empty = rgb(THEME.heat[0]);
    const past = heatmapCells.filter((_, i) => card.heatmap.days[i] !== null);
    expect(past.every((cell) => pixel(image, ...centre(cell)).every((v, c) => Math.abs(v - empty[c]!) < 8))).toBe(true);
    // days after today get no square
    const future = heatmapCells.filter((_, i) => card.heatmap.days[i] === null);
    expect(future.length).toBe(2);
    expect(future.every((cell) => pixel(image, ...centre(cell)).every((v, c) => Math.abs(v - rgb(THEME.panel)[c]!) < 8))).toBe(true);
    // no line: nothing green in the retention chart, but its note is written there
    const retentionPanel = { x: PADDING + 60, y: 270, width: 300, height: 130 };
    expect(colourful(image, retentionPanel)).toBe(0);
    expect(ink(image, retentionPanel, THEME.panel)).toBeGreaterThan(300);
  });
});
