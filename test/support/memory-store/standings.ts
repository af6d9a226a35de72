/**
 * Points and standings in the memory store: the ledger rows a write adds, the leaderboard summed from
 * them, a user's stats, and the streaks of several users with their time zones.
 */
import type { Leaderboard, UserStats } from '../../../src/core/model.js';
import type { UserStreak } from '../../../src/core/ports.js';
import { push, type PointsRow, type Tables } from '../memory-tables.js';
import { compare, type Input } from './rows.js';

const DAY_MS = 86_400_000;

/** A ledger row as a write hands it over: no id yet, and no answer unless it came from one. */
export type NewPoints = Omit<PointsRow, 'id' | 'answerId'> & { answerId?: number | null };

/** What a write that awards points needs: the tables, and the store's own addPoints. */
export interface PointsWriter {
  readonly tables: Tables;
  addPoints(...rows: NewPoints[]): void;
}

export function addPoints(tables: Tables, rows: NewPoints[]): void {
  for (const row of rows) if (row.amount !== 0) push(tables.pointsLedger, { answerId: null, ...row });
}

export function leaderboard(tables: Tables, input: Input<'leaderboard'>): Leaderboard {
  const totals = new Map<number, number>();
  for (const p of tables.pointsLedger) {
    if (p.workspaceId !== input.workspaceId || (input.channelId && p.channelId !== input.channelId) || (input.since && p.at < input.since)) continue;
    totals.set(p.userId, (totals.get(p.userId) ?? 0) + p.amount);
  }
  const ranked = [...totals]
    .filter(([, points]) => points > 0)
    .map(([userId, points]) => ({ userId, points, displayName: tables.users.find((u) => u.id === userId)!.displayName, rank: 0 }))
    .sort((a, b) => b.points - a.points || compare(a.displayName, b.displayName) || a.userId - b.userId);
  // Competition ranking: ties share a rank, and the next rank skips past them (1, 1, 3).
  ranked.forEach((entry, i) => (entry.rank = i > 0 && ranked[i - 1]!.points === entry.points ? ranked[i - 1]!.rank : i + 1));
  const me = ranked.find((entry) => entry.userId === input.userId) ?? null;
  return { top: ranked.slice(0, input.limit), me, players: ranked.length };
}

export function userStats(tables: Tables, userId: number, now: Date): UserStats {
  const states = tables.cardStates.filter((s) => s.userId === userId);
  const recent = tables.reviewLogs.filter((l) => l.userId === userId && l.reviewedAt.getTime() >= now.getTime() - 30 * DAY_MS);
  const mature = recent.filter((l) => l.state === 2);
  const answers = tables.answers.filter((a) => a.userId === userId);
  return {
    cardsSeen: states.length,
    dueNow: states.filter((s) => s.due <= now && tables.cards.some((c) => c.id === s.cardId && !c.archived)).length,
    learned: states.filter((s) => s.state === 2).length,
    reviewsLast30Days: recent.length,
    retention: mature.length > 0 ? mature.filter((l) => l.rating > 1).length / mature.length : null,
    answers: answers.length,
    correctAnswers: answers.filter((a) => a.correct).length,
    points: tables.pointsLedger.filter((p) => p.userId === userId).reduce((sum, p) => sum + p.amount, 0),
  };
}

export function streaks(tables: Tables, userIds: readonly number[]): UserStreak[] {
  return tables.streaks
    .filter((s) => userIds.includes(s.userId))
    .map((s) => ({ userId: s.userId, current: s.current, longest: s.longest, lastDay: s.lastDay, freezes: s.freezes ?? 0, timeZone: tables.users.find((u) => u.id === s.userId)!.timeZone }));
}
