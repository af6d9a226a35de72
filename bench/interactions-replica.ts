/**
 * The bot under test for bench/interactions.ts, in a process of its own so that its CPU is its own:
 * a core on the Postgres database at DATABASE_URL (or an in-memory PGlite when unset) and one adapter,
 * wired as src/ops/app.ts wires it (the interaction inbox included), against the bench's stand-in:
 *
 *   slack          Bolt in HTTP mode: the bench posts signed requests to `endpoint`
 *   discord-http   Discord HTTP interactions: the stand-in POSTs signed interactions to `endpoint`
 *   gateway        discord.js on the stand-in's gateway: the stand-in sends INTERACTION_CREATE dispatches
 *
 * IPC with the bench: sends `{ endpoint }` once serving; `{ go: label }` starts counting CPU and
 * statements (and, with `profileDir`, a CPU profile); `report` waits until the process has gone quiet
 * (follow-ups sent) and sends `{ cpuMs, statements, kinds, logLines }`, writing the profile to
 * `<profileDir>/<label>.cpuprofile`; `stop` stops the adapter and exits.
 */
import { mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { Server, type ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { createStudyBot } from '../src/app.js';
import { startDiscord } from '../src/bot/discord/index.js';
import type { DiscordHttpAdapter } from '../src/bot/discord/http-mode.js';
import { startSlack, SLACK_EVENTS_PATH } from '../src/bot/slack/index.js';
import type { RunningAdapter } from '../src/bot/adapter.js';
import { openDatabase } from '../src/db/connect.js';
import { createInboxStore } from '../src/db/inbox-store.js';
import { createInteractionTokenStore } from '../src/db/interaction-token-store.js';
import type { LogLevel } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { countStatements } from './interactions-statements.js';

export type Platform = 'slack' | 'discord-http' | 'gateway';

/** What the bench hands the replica (as JSON in argv[2]). */
export interface ReplicaSetup {
  platform: Platform;
  /** Discord: the stand-in's base URL; Slack: its Web API URL. */
  apiBase: string;
  publicKey?: string;
  applicationId: string;
  guildId: string;
  token: string;
  signingSecret: string;
  index: number;
  /** Log level of the bot (default info, as production runs). */
  logLevel: string;
  /** Write a CPU profile of each measured window here. */
  profileDir?: string;
}

export interface ReplicaReport {
  cpuMs: number;
  statements: number;
  kinds: Record<string, number>;
  logLines: number;
  /** HTTP modes: from a request's arrival at the bot's server to its answer written, p50 and p99 (ms). */
  served?: { p50: number; p99: number };
  /** The event loop's delay (ms): how long a request that arrived could wait before the bot looked at it. */
  loopDelay: { p99: number; max: number };
}

const setup = JSON.parse(process.argv[2]!) as ReplicaSetup;
let logLines = 0;
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

/** How long each HTTP request waited inside this process for its answer: the bot's share of the time to ack. */
let served: number[] = [];
const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...rest: unknown[]) => boolean;
Server.prototype.emit = function (this: Server, event: string | symbol, ...rest: unknown[]) {
  if (event === 'request') {
    const started = performance.now();
    (rest[1] as ServerResponse).once('finish', () => served.push(performance.now() - started));
  }
  return emit.call(this, event, ...rest);
} as typeof Server.prototype.emit;

function servedTimes(): ReplicaReport['served'] {
  if (served.length === 0) return undefined;
  const sorted = served.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { p50: at(50), p99: at(99) };
}

async function start(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : {});
  const bot = await createStudyBot({ db: database.db });
  // As production logs (src/log.ts: JSON lines, written synchronously), to /dev/null, counting the lines.
  const sink = openSync('/dev/null', 'w');
  const destination = { write: (line: string) => void (logLines++, writeSync(sink, line)) };
  const log = createLogger({ level: setup.logLevel as LogLevel, destination }).child({ replica: setup.index });
  const inbox = { inbox: createInboxStore(database.db) };
  let adapter: RunningAdapter;
  let endpoint = '';
  if (setup.platform === 'slack') {
    const slack = await startSlack({ bot, botToken: setup.token, signingSecret: setup.signingSecret, port: 0, apiUrl: setup.apiBase, log, ...inbox });
    adapter = slack;
    endpoint = `http://127.0.0.1:${slack.port}${SLACK_EVENTS_PATH}`;
  } else {
    adapter = await startDiscord({
      bot,
      token: setup.token,
      applicationId: setup.applicationId,
      guildId: setup.guildId,
      apiBase: setup.apiBase,
      log,
      ...inbox,
      tokenStore: createInteractionTokenStore(database.db),
      ...(setup.platform === 'discord-http' ? { http: { publicKey: setup.publicKey!, port: 0 } } : {}),
    });
    if (setup.platform === 'discord-http') endpoint = (adapter as DiscordHttpAdapter).endpoint;
  }
  return {
    endpoint,
    close: async () => {
      await adapter.stop();
      await database.close();
    },
  };
}

/** Resolves once this process has used under 2 % of a core for 300 ms (or after 20 s). */
async function quiet(): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last = process.cpuUsage();
  let calm = 0;
  while (Date.now() < deadline && calm < 3) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const used = process.cpuUsage(last);
    last = process.cpuUsage();
    calm = (used.user + used.system) / 1000 < 2 ? calm + 1 : 0;
  }
}

async function main(): Promise<void> {
  const counter = countStatements();
  const running = await start();
  let cpuStart = process.cpuUsage();
  let label: string | undefined;
  const inspector = setup.profileDir ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    mkdirSync(setup.profileDir!, { recursive: true });
  }
  process.on('message', async (message: string | { go: string }) => {
    if (typeof message === 'object') {
      label = message.go;
      await inspector?.post('Profiler.start');
      counter.reset();
      logLines = 0;
      served = [];
      loop.reset();
      cpuStart = process.cpuUsage();
    } else if (message === 'report') {
      const loopDelay = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
      await quiet();
      const cpu = process.cpuUsage(cpuStart);
      if (inspector && label) {
        const { profile } = await inspector.post('Profiler.stop');
        writeFileSync(`${setup.profileDir}/${label}.cpuprofile`, JSON.stringify(profile));
        label = undefined;
      }
      const report: ReplicaReport = { cpuMs: (cpu.user + cpu.system) / 1000, statements: counter.count(), kinds: counter.kinds(), logLines, served: servedTimes(), loopDelay };
      process.send!(report);
    } else if (message === 'stop') {
      await running.close();
      process.exit(0);
    }
  });
  process.send!({ endpoint: running.endpoint });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
