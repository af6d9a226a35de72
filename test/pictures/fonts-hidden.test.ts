/**
 * The slim Docker image has no system fonts, and with none a canvas silently draws no text. Here the cards
 * are drawn (through the render worker, as in production) in a child process that cannot see the system's
 * fonts: an empty folder is mounted over /usr/share/fonts, where the canvas library looks for them, in a
 * mount namespace of its own (unshare). Then every name must still show, with real glyphs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PictureCard } from '../../src/core/pictures.js';
import { leaderboardNameBox } from '../../src/pictures/leaderboard.js';
import { PADDING, THEME } from '../../src/pictures/paint.js';
import { board, crop, decode, difference, HARD_NAMES, ink, stats } from '../support/pictures.js';

const repo = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'studybot-fonts-'));
const SYSTEM_FONTS = '/usr/share/fonts';

/** How to run a command with the system fonts out of sight here (as root, or in a user namespace). */
function hidingPrefix(): string[] | null {
  if (!existsSync(SYSTEM_FONTS)) return []; // nothing to hide
  const empty = join(work, 'empty');
  spawnSync('mkdir', ['-p', empty]);
  for (const unshare of [['unshare', '--mount'], ['unshare', '--mount', '--map-root-user']]) {
    const probe = spawnSync(unshare[0]!, [...unshare.slice(1), 'sh', '-c', `mount --bind ${empty} ${SYSTEM_FONTS} && ! ls ${SYSTEM_FONTS} | grep -q .`]);
    if (probe.status === 0) return [...unshare, 'sh', '-c', `mount --bind ${empty} ${SYSTEM_FONTS} && exec "$@"`, 'hide-fonts'];
  }
  return null;
}

const prefix = hidingPrefix();
const pairs = [['李', '龍'], ['ひ', 'カ'], ['김', '한'], ['ש', 'ל'], ['ب', 'ع'], ['Ж', 'Ω'], ['🎉', '🔥']];
const named = board(HARD_NAMES, { rank: 1234, name: 'Me myself 🙂' });
const blank = { ...named, rows: named.rows.map((r) => ({ ...r, name: '?' })), you: { ...named.you!, name: '?' } };
const cards: PictureCard[] = [named, blank, stats('2025-03-14', true), ...pairs.flat().map((name) => board([name]))];
const png = (name: string | number) => decode(readFileSync(join(work, `${name}.png`)));

describe.skipIf(prefix === null)('cards drawn with no system fonts (needs unshare; skipped where it is not allowed)', () => {
  beforeAll(() => {
    writeFileSync(join(work, 'cards.json'), JSON.stringify(cards));
    const [command, ...args] = [...prefix!, process.execPath, '--import', 'tsx', 'test/support/render-cards.ts', join(work, 'cards.json'), work];
    const run = spawnSync(command!, args, { cwd: repo, encoding: 'utf8', timeout: 240_000 });
    if (run.status !== 0) throw new Error(`render-cards failed (${run.status}): ${run.stderr}`);
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('hides them: the usual system font draws nothing there', () => {
    const system = png('system');
    expect(ink(system, { x: 0, y: 0, width: system.width, height: system.height }, '#ffffff')).toBe(0);
  });

  it('still draws every name, each inside its own box', () => {
    const boxes = [...named.rows, named.you!].map((_, i) => leaderboardNameBox(named, i));
    const diff = difference(png(0), png(1), boxes);
    expect(diff.outside).toBe(0);
    diff.inside.forEach((pixels, row) => expect(pixels, `row ${row}`).toBeGreaterThan(150));
  });

  it('draws real glyphs for each script, never the same empty box', () => {
    const first = 3;
    pairs.forEach(([a, b], i) => {
      const box = leaderboardNameBox(board([a!]), 0);
      const one = crop(png(first + 2 * i), box);
      const other = crop(png(first + 2 * i + 1), box);
      expect(one.equals(other), `${a} vs ${b}`).toBe(false);
    });
  });

  it('draws the stats card’s texts', () => {
    const image = png(2);
    expect(ink(image, { x: PADDING, y: PADDING, width: 400, height: 44 }, THEME.background)).toBeGreaterThan(800);
  });
});
