/**
 * The composition root end to end, in-process: the terminal demo and the scheduler on embedded
 * PGlite with the health/metrics server, driven through piped input like `echo ... | npm start`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { startApp } from '../src/ops/app.js';
import { DiscordStandIn } from './support/discord-standin.js';
import { InteractionFactory } from './support/discord-interactions.js';
import { FakeSlack } from './support/slack-requests.js';
import { startSlackStandIn } from './support/slack-standin.js';

const DISCORD_APP = '700000000000000001';
const DISCORD_TOKEN = 'discord-token';
/** The environment that points the bot's Discord adapter at a stand-in. */
const discordEnv = (discord: DiscordStandIn) => ({
  DISCORD_TOKEN,
  DISCORD_APPLICATION_ID: DISCORD_APP,
  DISCORD_GUILD_ID: '710000000000000001',
  DISCORD_API_BASE: discord.apiBase,
});

const dataDir = mkdtempSync(join(tmpdir(), 'studybot-main-'));
/** PGlite's first-time set-up of a data folder takes seconds, and far longer on a busy 2-core machine. */
const SLOW = 240_000;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function collect(stream: PassThrough): { text(): string } {
  let text = '';
  stream.on('data', (chunk) => (text += String(chunk)));
  return { text: () => text };
}

describe('startApp', () => {
  it('runs the terminal demo with the scheduler, reports health and metrics, and shuts down cleanly', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, HTTP_PORT: '0', GENERATE_ENABLED: 'false' }, []);
    const input = new PassThrough();
    const output = new PassThrough();
    const printed = collect(output);
    const app = await startApp(config, { log: silentLogger(), input, output });
    const base = `http://127.0.0.1:${app.ops!.port}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      database: { ok: true, kind: 'pglite' },
      adapters: { terminal: { ok: true }, scheduler: { ok: true } },
    });

    input.write('/quiz gan\n');
    input.write('1\n');
    await expect.poll(() => printed.text(), { timeout: 20_000 }).toMatch(/1 answered/);
    // The renderer started with the app: /stats saves its card where /generate saves images.
    input.write('/stats\n');
    await expect.poll(() => printed.text(), { timeout: 20_000 }).toContain(`image saved to ${join(dataDir, 'generated', 'stats.png')}`);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('studybot_interactions_total{platform="terminal",command="quiz",outcome="ok"} 1');
    expect(metrics).toContain('studybot_interactions_total{platform="terminal",command="press:mcq",outcome="ok"} 1');
    const answers = [...metrics.matchAll(/^studybot_answers_total\{source="quiz",result="(?:correct|incorrect)"\} (\d+)$/gm)];
    expect(answers.reduce((sum, match) => sum + Number(match[1]), 0)).toBe(1);
    expect(metrics).toMatch(/^studybot_answer_batch_size_count 1$/m);
    expect(metrics).toMatch(/^studybot_answer_batch_size_sum 1$/m);
    expect(metrics).toMatch(/studybot_interaction_duration_seconds_count\{platform="terminal",command="quiz"\} 1/);

    input.end();
    expect(await app.finished).toEqual({ reason: 'terminal input ended', exitCode: 0 });
    await app.stop('test');
    await app.stop('twice is harmless');

    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    await expect(app.database.ping()).rejects.toThrow();
  }, SLOW);

  it('fails to start when the database is unreachable, with the cause in the error chain', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', HTTP_PORT: '0', GENERATE_ENABLED: 'false' }, [
      '--only',
      'scheduler',
    ]);
    const error = await startApp(config, { log: silentLogger() }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    const chain: string[] = [];
    for (let e = error as { message?: string; code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
      chain.push(`${e.code ?? ''} ${e.message ?? ''}`);
    }
    expect(chain.join(' | ')).toMatch(/ECONNREFUSED/);
  });

  it('runs Discord, Slack and the scheduler in one process against the stand-ins, counting Slack commands', async () => {
    const discord = await DiscordStandIn.start({ applicationId: DISCORD_APP, token: DISCORD_TOKEN });
    const slack = await startSlackStandIn();
    try {
      const slackPort = await freePort();
      const config = loadConfig(
        {
          // The first test's data folder: reopening skips PGlite's slow first-time set-up.
          DATA_DIR: dataDir,
          HTTP_PORT: '0',
          GENERATE_ENABLED: 'false',
          ...discordEnv(discord),
          SLACK_BOT_TOKEN: 'xoxb-standin',
          SLACK_SIGNING_SECRET: 'signing-secret',
          SLACK_PORT: String(slackPort),
          SLACK_API_URL: slack.apiUrl,
        },
        [],
      );
      const app = await startApp(config, { log: silentLogger() });
      const base = `http://127.0.0.1:${app.ops!.port}`;
      try {
        expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({
          status: 'ok',
          adapters: { discord: { ok: true }, slack: { ok: true }, scheduler: { ok: true } },
        });

        const fake = new FakeSlack(`http://127.0.0.1:${slackPort}/slack/events`, 'signing-secret', slack);
        expect((await fake.command({ userId: 'U1', channelId: 'C1' }, '/stats')).status).toBe(200);
        await expect
          .poll(async () => (await fetch(`${base}/metrics`)).text(), { timeout: 20_000 })
          .toContain('studybot_interactions_total{platform="slack",command="stats",outcome="ok"} 1');
      } finally {
        await app.stop('test');
      }
      const adapters = app.parts.filter((part) => part.name === 'discord' || part.name === 'slack');
      expect(adapters.map((part) => [part.name, part.isHealthy()])).toEqual([
        ['discord', false],
        ['slack', false],
      ]);
    } finally {
      await discord.close();
      await slack.close();
    }
  }, SLOW);

  it('runs Discord in HTTP interactions mode from its configuration: no gateway, signed POSTs answered', async () => {
    const discord = await DiscordStandIn.start({ applicationId: DISCORD_APP, token: DISCORD_TOKEN });
    try {
      const port = await freePort();
      const config = loadConfig(
        {
          DATA_DIR: dataDir,
          HTTP_PORT: '0',
          GENERATE_ENABLED: 'false',
          SCHEDULER_ENABLED: 'false',
          ...discordEnv(discord),
          DISCORD_PUBLIC_KEY: discord.publicKeyHex,
          DISCORD_HTTP_PORT: String(port),
        },
        [],
      );
      const app = await startApp(config, { log: silentLogger() });
      const base = `http://127.0.0.1:${app.ops!.port}`;
      const endpoint = `http://127.0.0.1:${port}/interactions`;
      try {
        expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ status: 'ok', adapters: { discord: { ok: true } } });
        const ping = await discord.deliver(endpoint, { id: discord.id(), application_id: DISCORD_APP, type: 1, token: 'p', version: 1 });
        expect(ping).toMatchObject({ status: 200, body: { type: 1 } });
        const stats = new InteractionFactory(discord, { guildId: '710000000000000001', channelId: '720000000000000001' }).slash(
          { id: '810000000000000009', username: 'zed' },
          'stats',
        );
        const answer = await discord.deliver(endpoint, stats);
        expect(answer.status).toBe(200);
        expect([4, 5]).toContain(answer.body.type);
        expect(discord.requests.some((r) => r.path === '/gateway/bot')).toBe(false);
        await expect
          .poll(async () => (await fetch(`${base}/metrics`)).text(), { timeout: 20_000 })
          .toContain('studybot_interactions_total{platform="discord",command="stats",outcome="ok"} 1');
      } finally {
        await app.stop('test');
      }
      expect(discord.violations).toEqual([]);
    } finally {
      await discord.close();
    }
  }, SLOW);
});
