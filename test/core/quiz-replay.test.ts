/**
 * A /quiz request replayed from the interaction inbox (its process died after opening the round)
 * shows the round it opened instead of opening a second one; on the in-memory Store and the real one.
 */
import { describe, expect, it } from 'vitest';
import { makeBot, roundIdOf } from '../support/core.js';
import { dbTargets, withDb } from '../support/db.js';
import { MemoryStore } from '../support/memory-store.js';

const targets = [{ name: 'memory', run: (work: (bot: Awaited<ReturnType<typeof makeBot>>) => Promise<void>) => makeBot(new MemoryStore()).then(work) }].concat(
  dbTargets.map((target) => ({ name: target.name, run: (work) => withDb(target.open, async (database) => work(await makeBot(database))) })),
);

describe.each(targets)('a replayed /quiz on $name', ({ run }) => {
  it('shows the round the first delivery opened, and a new request opens a new one', async () => {
    await run(async ({ as }) => {
      const ada = as('Ada');
      const first = await ada({ type: 'quiz', deck: 'gan', mode: 'mcq' }, 'interaction-1');
      const replayed = await ada({ type: 'quiz', deck: 'gan', mode: 'mcq' }, 'interaction-1');
      expect(roundIdOf(replayed)).toBe(roundIdOf(first));
      expect(replayed.reply?.text).toBe(first.reply?.text);
      const next = await ada({ type: 'quiz', deck: 'gan', mode: 'mcq' }, 'interaction-2');
      expect(roundIdOf(next)).not.toBe(roundIdOf(first));
    });
  }, 120_000);
});
