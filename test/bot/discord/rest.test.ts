/** The REST client's interaction webhooks stay out of the bot token's global budget (50/s in @discordjs/rest). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordRest } from '../../../src/bot/discord/rest.js';

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
});
