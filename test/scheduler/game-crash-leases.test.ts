/**
 * A game step is a lease (src/claim-leases.ts): its runner renews it while the step runs, so a step that
 * takes long while its runner is alive (a post waiting out a rate limit, a slow database) is never taken
 * over, and one whose runner died is taken over a lease after its last renewal. The fake clock stands
 * for the passing time and each runner's heartbeat is called by hand (start() does it on a timer).
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/messages.js';
import type { Sender } from '../../src/core/ports.js';
import type { Database } from '../../src/db/connect.js';
import { createGameStepStore } from '../../src/db/game-step-store.js';
import { queryRows } from '../../src/db/rows.js';
import type { GameStepStore } from '../../src/scheduler/game-ports.js';
import { dbTargets, openForSuite } from '../support/db.js';
import { expectPlayedOnce, gameStates, playOut } from '../support/game-plays.js';
import { gameRig, SECOND } from '../support/games.js';
import { dyingSender, gate, killableStore } from './support.js';

const LEASE = 10 * SECOND;

/** A sender that posts one message at a time, as a rate-limit queue does: a post waits for the one before it. */
function oneAtATime(sender: Sender): Sender {
  let last: Promise<unknown> = Promise.resolve();
  return {
    platform: sender.platform,
    ...(sender.liveCountdown !== undefined ? { liveCountdown: sender.liveCountdown } : {}),
    post(channel, message, options) {
      const posting = last.then(() => sender.post(channel, message, options));
      last = posting.catch(() => undefined);
      return posting;
    },
    update: (channel, messageRef, message) => sender.update(channel, messageRef, message),
  };
}

/** The store, whose next step completion after `holdNext` waits for it (a slow database). */
function slowCompletions(store: GameStepStore): { store: GameStepStore; holdNext(wait: () => Promise<void>): void } {
  let hold: (() => Promise<void>) | null = null;
  const slow = Object.assign(Object.create(store) as GameStepStore, {
    completeStep: async (...args: Parameters<GameStepStore['completeStep']>) => {
      const wait = hold;
      hold = null;
      await wait?.();
      return store.completeStep(...args);
    },
  });
  return { store: slow, holdNext: (wait) => void (hold = wait) };
}

describe.each(dbTargets)('game step leases on $name', (target) => {
  let database: Database;
  openForSuite(target, (opened) => {
    database = opened;
  });

  const slowParts = [
    { name: 'a post (a rate limit)', slow: 'post' },
    { name: 'the record of a post (a slow database)', slow: 'record' },
  ] as const;

  it.each(slowParts)('a live runner held up 60 s by $name keeps its steps, those waiting behind it too: each posted once', async ({ slow }) => {
    const rig = await gameRig(database);
    for (const channelId of ['c1', 'c2']) await rig.as('Ada', { channelId })({ type: 'quiz', deck: 'gan', rounds: '2', time: '10' });
    const held = gate();
    const store = slowCompletions(createGameStepStore(database.db));
    const holder = rig.replica('holder', { senders: [oneAtATime(rig.sender)], claimLeaseMs: LEASE, store: store.store });
    const other = rig.replica('other', { claimLeaseMs: LEASE });
    expect(await holder.tick()).toMatchObject({ asked: 2 });
    // Both reveals fall due; the first one's post (or its record) takes 60 s, and the second post waits behind it.
    if (slow === 'post') rig.sender.duringNextPost = held.wait;
    else store.holdNext(held.wait);
    rig.clock.advance(10 * SECOND);
    const holding = holder.tick();
    await held.waiting;
    for (let s = 1; s <= 60; s++) {
      rig.clock.advance(SECOND);
      await holder.renewClaims();
      expect((await other.tick()).takenOver).toBe(0); // (it may play the game not held up)
    }
    held.open();
    expect(await holding).toMatchObject({ revealed: 2, takenOver: 0 });
    await playOut(rig, holder, other);
    expect(await gameStates(database, rig.workspaceId)).toEqual(['finished', 'finished']);
    for (const channelId of ['c1', 'c2']) expectPlayedOnce(rig, channelId, 2);
  });

  it('a runner that renewed for 30 s and died is taken over within the lease after its last renewal; the game goes on, nothing skipped or doubled', async () => {
    const rig = await gameRig(database);
    await rig.as('Ada')({ type: 'quiz', deck: 'gan', rounds: '3', time: '10' });
    // Its post of question 2 never returns (it reaches no one), and after a while the process is killed: its store
    // answers no more, so it stops renewing and does nothing else (a live runner would go on with other steps).
    const dying = dyingSender(rig.sender, 'before', (m: Message) => (m.title ?? '').endsWith('Question 2 of 3'));
    const store = killableStore(createGameStepStore(database.db));
    const dead = rig.replica('dead', { senders: [dying.sender], claimLeaseMs: LEASE, store: store.store });
    const survivor = rig.replica('survivor', { claimLeaseMs: LEASE });
    const died = dying.died.then(() => true);
    while (!(await Promise.race([dead.tick().then(() => false), died]))) rig.clock.advance(5 * SECOND);
    for (let s = 1; s <= 30; s++) {
      rig.clock.advance(SECOND);
      await dead.renewClaims();
      expect((await survivor.tick()).takenOver).toBe(0);
    }
    store.kill();
    const lastRenewal = rig.clock.now().getTime();
    let takenOverAfter = 0;
    while (takenOverAfter === 0) {
      rig.clock.advance(SECOND);
      const report = await survivor.tick();
      if (report.takenOver > 0) {
        expect(report).toMatchObject({ takenOver: 1, asked: 1 });
        takenOverAfter = rig.clock.now().getTime() - lastRenewal;
      } else expect(rig.clock.now().getTime() - lastRenewal).toBeLessThan(LEASE + LEASE / 2);
    }
    // Not before the lease ran out since its last renewal, and by the next stale check (every half lease) after.
    expect(takenOverAfter).toBeGreaterThanOrEqual(LEASE);
    expect(takenOverAfter).toBeLessThanOrEqual(LEASE + LEASE / 2);
    // Nobody saw question 2: it is asked now, with its full time, and the game plays out.
    const [q2] = await queryRows<{ open_ms: number }>(
      database.db,
      sql`select (extract(epoch from r.closes_at - r.opens_at) * 1000)::int as open_ms from quiz_rounds r join workspaces w on w.id = r.workspace_id
          where w.external_id = ${rig.workspaceId} and r.game_round = 2`,
    );
    expect(Number(q2!.open_ms)).toBe(10 * SECOND);
    await playOut(rig, survivor);
    expect(await gameStates(database, rig.workspaceId)).toEqual(['finished']);
    expectPlayedOnce(rig, 'chan-1', 3);
  });

  it('a renewal keeps a step from going stale; one by a runner whose step was taken over changes nothing', async () => {
    const rig = await gameRig(database);
    await rig.as('Ada')({ type: 'quiz', deck: 'gan', rounds: '2', time: '10' });
    const store = createGameStepStore(database.db);
    const claim = (instanceId: string, kind: 'due' | 'stale') => {
      const now = rig.clock.now();
      return store.claimSteps({ instanceId, now, platforms: ['discord'], limit: 10, staleBefore: new Date(now.getTime() - LEASE) }, kind);
    };
    const row = async (stepId: number) => {
      const [r] = await queryRows<{ claimed_by: string; state: string; claimed_ms: number }>(
        database.db,
        sql`select claimed_by, state, (extract(epoch from claimed_at) * 1000)::float8 as claimed_ms from game_steps where id = ${stepId}`,
      );
      return { claimedBy: r!.claimed_by, state: r!.state, claimedAt: new Date(Number(r!.claimed_ms)) };
    };
    const [step] = await claim('a', 'due');
    expect(step).toMatchObject({ kind: 'ask', round: 1 });
    const id = step!.stepId;
    rig.clock.advance(9 * SECOND);
    await store.renewClaims([id], 'a', rig.clock.now());
    rig.clock.advance(9 * SECOND); // 18 s after the claim, 9 s after the renewal
    expect(await claim('b', 'stale')).toEqual([]);
    rig.clock.advance(1 * SECOND); // a lease after the renewal: a is gone
    const [taken] = await claim('b', 'stale');
    expect(taken).toMatchObject({ stepId: id, attempts: 2 });
    const takenAt = rig.clock.now();

    // a was only slow: its renewal, and its record, change nothing now.
    rig.clock.advance(1 * SECOND);
    await store.renewClaims([id], 'a', rig.clock.now());
    expect(await row(id)).toEqual({ claimedBy: 'b', state: 'running', claimedAt: takenAt });
    expect(await store.completeStep(step!, 'a', rig.clock.now(), { whenRunning: null, whenStopping: null })).toBe(false);
    // So b, not renewing, loses it a lease after its own claim, not after a's renewal.
    rig.clock.set(new Date(takenAt.getTime() + LEASE));
    expect((await claim('c', 'stale')).map((s) => s.stepId)).toEqual([id]);

    // A renewal of a step that is done leaves it done.
    expect(await store.completeStep({ ...taken!, attempts: 3 }, 'c', rig.clock.now(), { whenRunning: null, whenStopping: null })).toBe(true);
    const done = await row(id);
    rig.clock.advance(1 * SECOND);
    await store.renewClaims([id], 'c', rig.clock.now());
    expect(await row(id)).toEqual(done);
  });
});
