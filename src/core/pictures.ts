/**
 * Pictures of a person's numbers: the leaderboard card and the stats card. This file holds what each card
 * shows (built from what the store returns), the words that describe it (alt text, for screen readers and
 * clients that show no images) and the port that draws it (implemented in src/pictures). Pure data.
 */
import type { ImageAttachment } from './messages.js';
import type { Leaderboard, LeaderboardEntry } from './model.js';
import { plural } from './text.js';
import { addDays, parseLocalDate } from './time.js';

export const LEADERBOARD_CARD_ROWS = 10;
export const RETENTION_DAYS = 30;
export const FORECAST_DAYS = 14;
/** 53 columns of Monday..Sunday: a whole year however the weeks fall. */
export const HEATMAP_WEEKS = 53;
/** Discord caps an attachment's description at 1,024 characters (Slack allows more). */
export const ALT_TEXT_MAX = 1000;
/** Longest name the alt text repeats; the picture itself cuts names by their drawn width. */
const ALT_NAME_MAX = 64;

export interface LeaderboardCardRow {
  rank: number;
  name: string;
  points: number;
  /** Current streak in days (0 when broken). */
  streak: number;
}

export interface LeaderboardCard {
  kind: 'leaderboard';
  /** Who is ranked, as the text says it: 'everyone', 'this channel'. */
  scope: string;
  /** 'all time', 'this week'. */
  period: string;
  /** The top rows, in rank order (at most LEADERBOARD_CARD_ROWS). */
  rows: LeaderboardCardRow[];
  /** The caller's own row when it is not among `rows`; null when it is, or when they have no points here. */
  you: LeaderboardCardRow | null;
  players: number;
}

/** One local day of a user's reviews, as the store groups them (dates are YYYY-MM-DD in the user's zone). */
export interface StudyDay {
  date: string;
  reviews: number;
  /** Reviews of cards already learned: the ones that count for retention. */
  learnedReviews: number;
  /** Of those, the ones not rated Again. */
  recalled: number;
}

/** Reviews falling due on a local day (earlier days count as today: they are overdue). */
export interface DueDay {
  date: string;
  due: number;
}

export interface RetentionPoint {
  date: string;
  learnedReviews: number;
  /** recalled / learnedReviews, in [0, 1]; null on a day without such reviews. */
  rate: number | null;
}

export interface StatsCard {
  kind: 'stats';
  name: string;
  /** The user's local date the card is drawn for. */
  today: string;
  streak: number;
  longestStreak: number;
  dueNow: number;
  points: number;
  /** RETENTION_DAYS points, oldest first, the last one today. */
  retention: RetentionPoint[];
  /** FORECAST_DAYS days from today. */
  forecast: DueDay[];
  /** Reviews per day, HEATMAP_WEEKS * 7 of them from `start` (a Monday), week by week; null after today. */
  heatmap: { start: string; days: (number | null)[] };
}

export type PictureCard = LeaderboardCard | StatsCard;

export interface RenderedPicture extends ImageAttachment {
  width: number;
  height: number;
}

/** Draws cards as PNG images (src/pictures). */
export interface PictureRenderer {
  /**
   * The card as a PNG with its alt text. With a `cacheKey`, a picture drawn from identical data under
   * that key less than a minute ago is returned again instead of drawing it anew. Rejects when drawing
   * fails: the text reply should go out without the picture.
   */
  render(card: PictureCard, options?: { cacheKey?: string }): Promise<RenderedPicture>;
  /** Forgets cached pictures whose key starts with one of the prefixes (see pictureCacheKeys). */
  invalidate(prefixes: string | readonly string[]): void;
  close(): Promise<void>;
}

/** Cache keys for PictureRenderer.render, built in one place so invalidation matches them. */
export const pictureCacheKeys = {
  leaderboard: (workspaceId: number, channelId: string | null, period: string) =>
    `leaderboard:${workspaceId}:${channelId === null ? '*' : encodeURIComponent(channelId)}:${period}:`,
  stats: (userId: number) => `stats:${userId}:`,
  /** What to invalidate when a user's points or reviews change in a workspace. */
  changedBy: (workspaceId: number, userId: number) => [`leaderboard:${workspaceId}:`, `stats:${userId}:`],
};

// ---- building the cards ----

function row(entry: LeaderboardEntry, streakOf: (userId: number) => number): LeaderboardCardRow {
  return { rank: entry.rank, name: entry.displayName, points: entry.points, streak: Math.max(0, streakOf(entry.userId)) };
}

export function leaderboardCard(
  board: Leaderboard,
  labels: { scope: string; period: string },
  streakOf: (userId: number) => number = () => 0,
): LeaderboardCard {
  const top = board.top.slice(0, LEADERBOARD_CARD_ROWS);
  const me = board.me;
  const shown = me !== null && top.some((entry) => entry.userId === me.userId);
  return {
    kind: 'leaderboard',
    scope: labels.scope,
    period: labels.period,
    rows: top.map((entry) => row(entry, streakOf)),
    you: me && !shown ? row(me, streakOf) : null,
    players: board.players,
  };
}

/** Monday = 0 ... Sunday = 6, for a YYYY-MM-DD date. */
function weekdayOf(localDate: string): number {
  const { year, month, day } = parseLocalDate(localDate);
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** The card from the user's figures, their study days (any order, a day may repeat) and what falls due. */
export function statsCard(
  input: Pick<StatsCard, 'name' | 'today' | 'streak' | 'longestStreak' | 'dueNow' | 'points'> & { days: readonly StudyDay[]; due: readonly DueDay[] },
): StatsCard {
  const { today } = input;
  const byDate = new Map<string, StudyDay>();
  for (const day of input.days) {
    const seen = byDate.get(day.date);
    byDate.set(
      day.date,
      seen
        ? { date: day.date, reviews: seen.reviews + day.reviews, learnedReviews: seen.learnedReviews + day.learnedReviews, recalled: seen.recalled + day.recalled }
        : day,
    );
  }
  const retention = Array.from({ length: RETENTION_DAYS }, (_, i): RetentionPoint => {
    const date = addDays(today, i - (RETENTION_DAYS - 1));
    const day = byDate.get(date);
    const learnedReviews = day?.learnedReviews ?? 0;
    return { date, learnedReviews, rate: day && learnedReviews > 0 ? Math.min(1, day.recalled / learnedReviews) : null };
  });
  const forecast = Array.from({ length: FORECAST_DAYS }, (_, i) => ({ date: addDays(today, i), due: 0 }));
  const last = forecast[FORECAST_DAYS - 1]!.date;
  for (const { date, due } of input.due) {
    if (date > last) continue;
    const index = date <= today ? 0 : forecast.findIndex((d) => d.date === date);
    if (index >= 0) forecast[index]!.due += due;
  }
  const start = addDays(today, -weekdayOf(today) - (HEATMAP_WEEKS - 1) * 7);
  const days = Array.from({ length: HEATMAP_WEEKS * 7 }, (_, i) => {
    const date = addDays(start, i);
    return date > today ? null : (byDate.get(date)?.reviews ?? 0);
  });
  return {
    kind: 'stats',
    name: input.name,
    today,
    streak: input.streak,
    longestStreak: input.longestStreak,
    dueNow: input.dueNow,
    points: input.points,
    retention,
    forecast,
    heatmap: { start, days },
  };
}

// ---- alt text ----

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Cuts to at most `max` user-perceived characters (never inside an emoji or a letter with its accents). */
export function cutGraphemes(text: string, max: number): string {
  if (text.length <= max) return text;
  const parts = [...graphemes.segment(text)].map((s) => s.segment);
  return parts.length <= max ? text : `${parts.slice(0, max - 1).join('')}…`;
}

/** A name as it may be drawn or read out: control characters (line breaks, tabs) become spaces. */
export function cleanName(name: string): string {
  return name.replace(/\p{Cc}+/gu, ' ').trim() || '?';
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function describeRow(row: LeaderboardCardRow): string {
  const streak = row.streak > 0 ? `, ${row.streak}-day streak` : '';
  return `${cutGraphemes(cleanName(row.name), ALT_NAME_MAX)}: ${plural(row.points, 'point')}${streak}`;
}

/** Joins sentences up to ALT_TEXT_MAX; what does not fit is left out whole, with a closing ellipsis. */
function sentences(parts: string[]): string {
  let text = '';
  for (const part of parts) {
    const next = text ? `${text} ${part}` : part;
    if (next.length > ALT_TEXT_MAX - 2) return `${text} …`;
    text = next;
  }
  return text;
}

export function leaderboardAlt(card: LeaderboardCard): string {
  const title = `Leaderboard picture for ${card.scope}, ${card.period}`;
  if (card.rows.length === 0) return `${title}: no points yet.`;
  const parts = [`${title}, ${plural(card.players, 'player')}.`, ...card.rows.map((r) => `${r.rank}. ${describeRow(r)}.`)];
  if (card.you) parts.push(`You are ${ordinal(card.you.rank)} with ${plural(card.you.points, 'point')}.`);
  return sentences(parts);
}

const dayLabel = (localDate: string) => {
  const { year, month, day } = parseLocalDate(localDate);
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(
    new Date(Date.UTC(year, month - 1, day, 12)),
  );
};

export function statsAlt(card: StatsCard): string {
  const name = cutGraphemes(cleanName(card.name), ALT_NAME_MAX);
  const streak = card.streak > 0 ? `${card.streak}-day streak (best ${card.longestStreak})` : `no streak now (best ${card.longestStreak})`;
  const parts = [`Stats picture for ${name}: ${streak}, ${plural(card.dueNow, 'card')} due now, ${plural(card.points, 'point')}.`];

  const rated = card.retention.filter((p): p is RetentionPoint & { rate: number } => p.rate !== null);
  if (rated.length === 0) parts.push(`No reviews of learned cards in the last ${RETENTION_DAYS} days.`);
  else {
    const total = rated.reduce((sum, p) => sum + p.learnedReviews, 0);
    const recalled = rated.reduce((sum, p) => sum + p.rate * p.learnedReviews, 0);
    const rates = rated.map((p) => Math.round(p.rate * 100));
    parts.push(
      `Retention over the last ${RETENTION_DAYS} days: ${Math.round((recalled / total) * 100)}% on ${plural(rated.length, 'day')} with reviews, ` +
        `between ${Math.min(...rates)}% and ${Math.max(...rates)}%.`,
    );
  }

  const dueTotal = card.forecast.reduce((sum, d) => sum + d.due, 0);
  if (dueTotal === 0) parts.push(`Nothing due in the next ${FORECAST_DAYS} days.`);
  else {
    const busiest = card.forecast.reduce((best, d) => (d.due > best.due ? d : best));
    parts.push(`Due in the next ${FORECAST_DAYS} days: ${plural(dueTotal, 'review')}, the most on ${dayLabel(busiest.date)} (${busiest.due}).`);
  }

  const past = card.heatmap.days.filter((d): d is number => d !== null);
  const studied = past.filter((d) => d > 0).length;
  parts.push(
    studied === 0
      ? 'No study days in the last year yet.'
      : `Studied on ${studied} of the last ${past.length} days, ${plural(past.reduce((a, b) => a + b, 0), 'review')} in all.`,
  );
  return sentences(parts);
}

export function pictureAlt(card: PictureCard): string {
  return card.kind === 'leaderboard' ? leaderboardAlt(card) : statsAlt(card);
}
