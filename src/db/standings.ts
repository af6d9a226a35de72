/** Standings read from the points ledger and the review history: leaderboards, a user's stats, and the series their picture cards draw. */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Store, UserStreak } from '../core/ports.js';
import type { Leaderboard, UserStats } from '../core/model.js';
import type { DueDay, StudyDay } from '../core/pictures.js';
import type { Db } from './connect.js';
import { queryRows, timestamptz } from './rows.js';
import { answers, cardStates, cards, pointsLedger, reviewLogs, streaks, users } from './schema.js';

export async function leaderboard(db: Db, input: Parameters<Store['leaderboard']>[0]): Promise<Leaderboard> {
  const channelFilter = input.channelId ? sql`and channel_id = ${input.channelId}` : sql``;
  const sinceFilter = input.since ? sql`and at >= ${input.since.toISOString()}::timestamptz` : sql``;
  const rows = await queryRows<{ user_id: number; display_name: string; points: number; rank: number; players: number }>(db, sql`
    with totals as (
      select user_id, sum(amount)::int as points
      from ${pointsLedger}
      where workspace_id = ${input.workspaceId} ${channelFilter} ${sinceFilter}
      group by user_id
      having sum(amount) > 0
    ), ranked as (
      select t.user_id, u.display_name, t.points,
             rank() over (order by t.points desc)::int as rank,
             row_number() over (order by t.points desc, u.display_name, t.user_id)::int as position,
             count(*) over ()::int as players
      from totals t join ${users} u on u.id = t.user_id
    )
    select user_id, display_name, points, rank, players from ranked
    where position <= ${input.limit} or user_id = ${input.userId}
    order by position`);
  const entries = rows.map((row) => ({
    rank: Number(row.rank),
    userId: Number(row.user_id),
    displayName: row.display_name,
    points: Number(row.points),
  }));
  const top = entries.slice(0, input.limit);
  return {
    top,
    me: entries.find((entry) => entry.userId === input.userId) ?? null,
    players: Number(rows[0]?.players ?? 0),
  };
}

export async function userStats(db: Db, userId: number, now: Date): Promise<UserStats> {
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const [row = {}] = await queryRows<Record<string, number>>(db, sql`
    select
      (select count(*)::int from ${cardStates} where user_id = ${userId}) as cards_seen,
      (select count(*)::int from ${cardStates} cs join ${cards} c on c.id = cs.card_id
         where cs.user_id = ${userId} and not c.archived and cs.due <= ${now.toISOString()}::timestamptz) as due_now,
      (select count(*)::int from ${cardStates} where user_id = ${userId} and state = 2) as learned,
      (select count(*)::int from ${reviewLogs} where user_id = ${userId} and reviewed_at >= ${monthAgo}::timestamptz) as reviews_30,
      (select count(*)::int from ${reviewLogs} where user_id = ${userId} and reviewed_at >= ${monthAgo}::timestamptz and state = 2) as mature_30,
      (select count(*)::int from ${reviewLogs} where user_id = ${userId} and reviewed_at >= ${monthAgo}::timestamptz and state = 2 and rating > 1) as mature_ok_30,
      (select count(*)::int from ${answers} where user_id = ${userId}) as answers,
      (select count(*)::int from ${answers} where user_id = ${userId} and correct) as correct_answers,
      (select coalesce(sum(amount), 0)::int from ${pointsLedger} where user_id = ${userId}) as points`);
  const mature = Number(row.mature_30 ?? 0);
  return {
    cardsSeen: Number(row.cards_seen ?? 0),
    dueNow: Number(row.due_now ?? 0),
    learned: Number(row.learned ?? 0),
    reviewsLast30Days: Number(row.reviews_30 ?? 0),
    retention: mature > 0 ? Number(row.mature_ok_30 ?? 0) / mature : null,
    answers: Number(row.answers ?? 0),
    correctAnswers: Number(row.correct_answers ?? 0),
    points: Number(row.points ?? 0),
  };
}

export async function userStreaks(db: Db, userIds: readonly number[]): Promise<UserStreak[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ userId: streaks.userId, current: streaks.current, longest: streaks.longest, lastDay: streaks.lastDay, freezes: streaks.freezes, timeZone: users.timeZone })
    .from(streaks)
    .innerJoin(users, eq(users.id, streaks.userId))
    .where(inArray(streaks.userId, [...userIds]));
  return rows.map((row) => ({ ...row, userId: Number(row.userId) }));
}

/** Learned reviews are those of cards in the review state (2), as userStats counts retention; recalled: not rated Again. */
export async function studyDays(db: Db, input: Parameters<Store['studyDays']>[0]): Promise<StudyDay[]> {
  const rows = await queryRows<{ date: string; reviews: number; learned: number; recalled: number }>(db, sql`
    select to_char(reviewed_at at time zone ${input.timeZone}, 'YYYY-MM-DD') as date,
           count(*)::int as reviews,
           (count(*) filter (where state = 2))::int as learned,
           (count(*) filter (where state = 2 and rating > 1))::int as recalled
    from ${reviewLogs}
    where user_id = ${input.userId} and reviewed_at >= ${timestamptz(input.since)}
    group by 1 order by 1`);
  return rows.map((row) => ({ date: row.date, reviews: Number(row.reviews), learnedReviews: Number(row.learned), recalled: Number(row.recalled) }));
}

export async function dueDays(db: Db, input: Parameters<Store['dueDays']>[0]): Promise<DueDay[]> {
  const rows = await queryRows<{ date: string; due: number }>(db, sql`
    select to_char(cs.due at time zone ${input.timeZone}, 'YYYY-MM-DD') as date, count(*)::int as due
    from ${cardStates} cs join ${cards} c on c.id = cs.card_id
    where cs.user_id = ${input.userId} and not c.archived and cs.due < ${timestamptz(input.until)}
    group by 1 order by 1`);
  return rows.map((row) => ({ date: row.date, due: Number(row.due) }));
}
