/** How a game played out, for the scheduler's game tests: what each channel got, and the games' states. */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { queryRows } from '../../src/db/rows.js';
import type { GameRunner } from '../../src/scheduler/game-steps.js';
import { SECOND, type GameRig } from './games.js';

/** The titles of the posts in one channel, in order. */
export function titlesIn(rig: GameRig, channelId: string): string[] {
  return rig.sender.posts().filter((p) => p.channel.channelId === channelId).map((p) => p.message.title ?? '');
}

/** Every question and reveal of an `n`-question game, and the standings, in the channel once each, in order. */
export function expectPlayedOnce(rig: GameRig, channelId: string, n: number): void {
  const expected = Array.from({ length: n }, (_, i) => [`Question ${i + 1} of ${n}`, `Question ${i + 1} of ${n} · answer`]).flat();
  const posted = titlesIn(rig, channelId);
  expect(posted.slice(0, -1).map((t) => expected.find((e) => t.endsWith(e)) ?? t)).toEqual(expected);
  expect(posted.at(-1)).toContain('Final standings');
}

/** The states of the games in the rig's workspace, oldest first (tests share the database). */
export async function gameStates(database: Database, workspace: string): Promise<string[]> {
  const rows = await queryRows<{ state: string }>(
    database.db,
    sql`select g.state from games g join workspaces w on w.id = g.workspace_id where w.external_id = ${workspace} order by g.id`,
  );
  return rows.map((r) => r.state);
}

/** Ticks the runners every 5 s for two minutes (longer than any game the tests start). */
export async function playOut(rig: GameRig, ...runners: GameRunner[]): Promise<void> {
  for (let i = 0; i < 24; i++) {
    rig.clock.advance(5 * SECOND);
    for (const runner of runners) await runner.tick();
  }
}
