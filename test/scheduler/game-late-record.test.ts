/**
 * A step recorded late (its database write slow) may record a follow-up that is already due: the runner
 * looks for it as soon as it knows of it, not at the next poll, also while another game's step is in flight. With a poll of ten minutes (only a wake()
 * or a due time it knows of brings a look), the reveal must still come right after the question's record.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { createGameStepStore } from '../../src/db/game-step-store.js';
import type { GameStepStore } from '../../src/scheduler/game-ports.js';
import { dbTargets, openForSuite } from '../support/db.js';
import { titlesIn } from '../support/game-plays.js';
import { gameRig, SECOND } from '../support/games.js';
import { until } from '../support/until.js';

describe.each(dbTargets)('a follow-up recorded after it fell due, on $name', (target) => {
  let database: Database;
  openForSuite(target, (opened) => {
    database = opened;
  });

  it('is claimed at once once recorded, not at the next poll', async () => {
    const rig = await gameRig(database);
    const base = createGameStepStore(database.db);
    /** Per channel, what lets its first question's record go through. */
    const releases = new Map<string, () => void>();
    let claims = 0;
    const store: GameStepStore = Object.assign(Object.create(base) as GameStepStore, {
      claimSteps: async (...args: Parameters<GameStepStore['claimSteps']>) => {
        const steps = await base.claimSteps(...args);
        claims++;
        return steps;
      },
      // Each game's first question's record waits until the test lets it go.
      completeStep: async (...args: Parameters<GameStepStore['completeStep']>) => {
        if (args[0].kind === 'ask' && args[0].round === 1) await new Promise<void>((go) => releases.set(args[0].channel.channelId, go));
        return base.completeStep(...args);
      },
    });
    const runner = rig.replica('solo', { store, pollMs: 10 * 60 * SECOND });
    const running = runner.start();
    try {
      // Channel A's record stays stuck throughout: a step in flight, so the runner's loop never comes to rest.
      await rig.as('Ada', { channelId: 'chan-A' })({ type: 'quiz', deck: 'gan', rounds: '2', time: '10' });
      running.wake();
      await until("A's question 1's record", () => releases.has('chan-A'));
      await rig.as('Ada', { channelId: 'chan-B' })({ type: 'quiz', deck: 'gan', rounds: '2', time: '10' });
      running.wake();
      await until("B's question 1's record", () => releases.has('chan-B'));
      expect(titlesIn(rig, 'chan-B')).toHaveLength(1);
      expect(titlesIn(rig, 'chan-B')[0]).toMatch(/Question 1 of 2$/);

      // Past the reveal's due time, a look while the record still waits finds nothing to claim.
      rig.clock.advance(11 * SECOND);
      await runner.renewClaims();
      const before = claims;
      running.wake();
      await until('the look after the wake', () => claims > before);

      // The record goes through, with the reveal's step, due 1 s ago: it is claimed and posted at once.
      releases.get('chan-B')!();
      await until("question 1's reveal", () => titlesIn(rig, 'chan-B').length === 2);
      expect(titlesIn(rig, 'chan-B')[1]).toMatch(/Question 1 of 2 · answer/);
    } finally {
      for (const go of releases.values()) go();
      await running.stop();
    }
  });
});
