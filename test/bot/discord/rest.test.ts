/**
 * The REST client's interaction webhooks stay out of the bot token's global budget (50/s in @discordjs/rest),
 * and the handler @discordjs/rest makes per interaction token is dropped within a minute of its last use.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST, Routes } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiscordRest, WEBHOOK_HANDLER_SWEEP_MS } from '../../../src/bot/discord/rest.js';

let server: Server;
let api: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const followUps = (rest: REST, n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => rest.post(Routes.webhook('700000000000000001', `tok${i}`), { body: { content: 'hi' }, auth: false })));

describe('DiscordRest', () => {
  it('sends interaction follow-ups without spending the global budget, and bot-token calls with it', async () => {
    const rest = new DiscordRest({ api }).setToken('t');
    await followUps(rest, 60);
    expect(rest.globalRemaining).toBe(50);
    await rest.post(Routes.channelMessages('720000000000000001'), { body: { content: 'daily' } });
    expect(rest.globalRemaining).toBe(49);
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });

  it('(plain @discordjs/rest, for contrast, holds the same follow-ups to 50 a second)', async () => {
    const rest = new REST({ api }).setToken('t');
    let globalWaits = 0;
    rest.on('rateLimited', (info) => void (info.global && globalWaits++));
    await followUps(rest, 60);
    expect(globalWaits).toBeGreaterThan(0);
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });

  describe('per-token handlers', () => {
    // Only the sweepers' intervals are faked: the HTTP client keeps its own timers.
    afterEach(() => void vi.useRealTimers());

    it('are swept a minute after their interactions were answered, as @discordjs/rest would only after an hour', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const rest = new DiscordRest({ api }).setToken('t');
      const plain = new REST({ api }).setToken('t');
      await followUps(rest, 30);
      await followUps(plain, 30);
      expect(rest.handlerCount()).toBe(30);
      expect(plain.handlers.size).toBe(30);
      vi.advanceTimersByTime(WEBHOOK_HANDLER_SWEEP_MS);
      expect(rest.handlerCount()).toBe(0);
      expect(plain.handlers.size).toBe(30);
      // A token used again after its sweep gets a handler afresh, and its call goes through.
      await expect(followUps(rest, 2)).resolves.toHaveLength(2);
      expect(rest.handlerCount()).toBe(2);
      for (const r of [rest, plain]) {
        r.clearHashSweeper();
        r.clearHandlerSweeper();
      }
    });
  });
});
