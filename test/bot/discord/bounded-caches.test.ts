/**
 * discord.js keeps at most `cacheLimits` users in memory (caches.ts), however many different people use the
 * bot: by default it would keep every one for as long as the process runs. Through the real adapter, in HTTP
 * mode and over the gateway, against the stand-in; the count is the adapter's health details.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StudyBotApi } from '../../../src/core/bot.js';
import { startHarness } from '../../support/discord-harness.js';
import { startHttpHarness } from '../../support/discord-http-harness.js';

const core: StudyBotApi = {
  handle: async () => ({ reply: { text: 'Your stats', visibility: 'private' } }),
  suggestDecks: async () => [],
};
const users = Array.from({ length: 8 }, (_, i) => ({ id: String(810000000000000000n + BigInt(i)), username: `learner${i}` }));
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('the users discord.js keeps', () => {
  it('are at most the limit in HTTP interactions mode, and every interaction is still answered', async () => {
    const h = await startHttpHarness(core, { cacheLimits: { users: 3, members: 3 } });
    closers.push(() => h.close());
    for (const user of users) expect((await h.send(h.guild.slash(user, 'stats'))).body?.type).toBe(4);
    expect(h.replicas[0]!.healthDetails?.()).toMatchObject({ cachedUsers: 3 });
    // The REST client's rate-limit handlers are reported too (rest.test.ts: those per token are swept).
    expect(h.replicas[0]!.healthDetails?.()).toMatchObject({ restHandlers: expect.any(Number) });
  });

  it('are at most the limit over the gateway, in a guild it has cached', async () => {
    const h = await startHarness(core, { cacheLimits: { users: 3, members: 3 } }, { cachedGuild: true });
    closers.push(() => h.close());
    for (const user of users) {
      const i = h.guild.slash(user, 'stats');
      h.standIn.interact(i);
      expect((await h.standIn.callbackFor(i.id)).status).toBe(204);
    }
    expect(h.adapter.healthDetails?.()).toMatchObject({ cachedUsers: 3 });
  });

  it('are all kept below the default limit', async () => {
    const h = await startHttpHarness(core);
    closers.push(() => h.close());
    for (const user of users) await h.send(h.guild.slash(user, 'stats'));
    expect(h.replicas[0]!.healthDetails?.()).toMatchObject({ cachedUsers: users.length });
  });
});
