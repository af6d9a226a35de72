/** Picture test helpers: cards with the names people really have, and pixel checks on decoded PNGs. */
import { PNG } from 'pngjs';
import { leaderboardCard, statsCard, type LeaderboardCard, type StudyDay } from '../../src/core/pictures.js';
import { addDays } from '../../src/core/time.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Long, right-to-left, CJK, Hangul, emoji and combining-mark names, as users pick them. */
export const HARD_NAMES = [
  'Ada Lovelace',
  '李小龙',
  'محمد عبد الله',
  'שרה כהן',
  'Zoë 🎉🔥👩‍💻',
  '김민준',
  'A very very long display name that goes on and on and on forever and ever, longer than any box',
  'たなか ゆうき',
  'Ωμέγα Привет',
  'Z̷̢̛a̸l̶g̵o̴ ̷t̸e̵x̸t̶ w̷i̸t̵h̶ m̷a̸r̵k̶s̷',
];

export function board(names: readonly string[], you?: { rank: number; name: string }): LeaderboardCard {
  const top = names.map((displayName, i) => ({ rank: i + 1, userId: i + 1, displayName, points: 5000 - i * 437 }));
  const me = you ? { rank: you.rank, userId: 999, displayName: you.name, points: 12 } : null;
  return leaderboardCard({ top, me, players: you ? you.rank + 5 : names.length }, { scope: 'everyone', period: 'all time' }, (id) => (id * 7) % 40);
}

/** A user who studied on two days of three for more than a year before `today`. */
export function yearOfStudy(today: string): StudyDay[] {
  const days: StudyDay[] = [];
  for (let back = 0; back < 400; back++) {
    if (back % 3 === 2) continue;
    const reviews = 3 + ((back * 7) % 20);
    days.push({ date: addDays(today, -back), reviews, learnedReviews: reviews - 1, recalled: Math.round((reviews - 1) * 0.85) });
  }
  return days;
}

export function stats(today: string, history: boolean) {
  return statsCard({
    name: history ? 'Ada Lovelace 🧮' : 'New person',
    today,
    streak: history ? 12 : 0,
    longestStreak: history ? 40 : 0,
    dueNow: history ? 23 : 0,
    points: history ? 4567 : 0,
    days: history ? yearOfStudy(today) : [],
    due: history ? Array.from({ length: 14 }, (_, i) => ({ date: addDays(today, i), due: (i * 5) % 9 })) : [],
  });
}

export function decode(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}

export function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function pixel(image: PNG, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
}

const near = (a: readonly number[], b: readonly number[], tolerance = 24) => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

/** Pixels in `box` that differ from `background` (text, drawn marks). */
export function ink(image: PNG, box: Box, background: string): number {
  const bg = rgb(background);
  let count = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) if (!near(pixel(image, x, y), bg)) count++;
  }
  return count;
}

/** Pixels in `box` of a clear colour (not grey): colour emoji, the chart colours. */
export function colourful(image: PNG, box: Box): number {
  let count = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const [r, g, b] = pixel(image, x, y);
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) count++;
    }
  }
  return count;
}

const inside = (x: number, y: number, box: Box) => x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;

/** Pixels that differ between two images of one size: inside any of `boxes`, and outside all of them. */
export function difference(a: PNG, b: PNG, boxes: readonly Box[]): { inside: number[]; outside: number } {
  const within = boxes.map(() => 0);
  let outside = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      if (a.data[i] === b.data[i] && a.data[i + 1] === b.data[i + 1] && a.data[i + 2] === b.data[i + 2]) continue;
      const hit = boxes.findIndex((box) => inside(x, y, box));
      if (hit >= 0) within[hit]!++;
      else outside++;
    }
  }
  return { inside: within, outside };
}

/** The pixels of one box, to compare two drawings of it. */
export function crop(image: PNG, box: Box): Buffer {
  const rows: Buffer[] = [];
  for (let y = box.y; y < box.y + box.height; y++) {
    const start = (y * image.width + box.x) * 4;
    rows.push(image.data.subarray(start, start + box.width * 4));
  }
  return Buffer.concat(rows);
}
