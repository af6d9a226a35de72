/**
 * The process's composition root: from a validated Config, open the database, build the core
 * (through src/app.ts, which wires the StudyBot alone), start the
 * chosen parts (Discord, Slack, terminal demo, scheduler) and the health/metrics server, and know
 * how to take it all down again in the right order. src/main.ts adds process concerns (argv, env,
 * signals, exit codes) on top.
 */
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { RunningAdapter } from '../bot/adapter.js';
import { newHolderId } from '../claim-leases.js';
import type { UpdateBudgetOptions } from '../bot/slack/update-budget.js';
import type { Config } from '../config.js';
import type { Clock, Sender } from '../core/ports.js';
import { systemClock } from '../core/ports.js';
import { openDatabase, type Database } from '../db/connect.js';
import { resilientStore } from '../db/resilient-store.js';
import type { Logger } from '../log.js';
import { createDeckParser } from './deck-parser.js';
import { durableParts } from './durable-parts.js';
import { checkHealth } from './health.js';
import { createStudyBot } from '../app.js';
import {
  instrumentSender,
  instrumentStore,
  InstrumentedBot,
  pictureFailureReporter,
  reportInteractionError,
} from './instrument.js';
import { createMetrics, type Metrics } from './metrics.js';
import { loadGenerator, loadPictures } from './optional-parts.js';
import { startOpsServer, type OpsServer } from './server.js';
import { shutdownInOrder, type Resources } from './shutdown-order.js';

/** What startApp needs besides the Config to start the whole process (its parts, ops server, shutdown). */
export interface ProcessOptions {
  log: Logger;
  clock?: Clock;
  /** Terminal demo streams (default stdin/stdout). */
  input?: Readable;
  output?: Writable;
  /** How long shutdown waits for in-flight commands once the adapters have stopped. */
  drainMs?: number;
}

export interface App {
  readonly database: Database;
  readonly metrics: Metrics;
  /** The health/metrics server, unless HTTP_PORT=off. */
  readonly ops?: OpsServer;
  readonly parts: readonly RunningAdapter[];
  /**
   * Resolves when the app has nothing left to do: the terminal demo's input ended (exit code 0), or the
   * embedded database stopped under it (1: its supervisor should restart it).
   */
  readonly finished: Promise<Finished>;
  /** Stop taking work, let in-flight answers finish, close everything. Safe to call twice. */
  stop(reason: string): Promise<void>;
}

export interface Finished {
  reason: string;
  exitCode: 0 | 1;
}

export async function startApp(config: Config, options: ProcessOptions): Promise<App> {
  const log = options.log;
  const clock = options.clock ?? systemClock;
  const parts = config.parts;
  const resources: Resources = { adapters: [] };
  let starting = true;
  let shuttingDown = false;
  let stopping: Promise<void> | undefined;

  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      shuttingDown = true;
      log.info({ reason }, 'stopping: no new work, finishing what is in flight');
      await shutdownInOrder(resources, log, options.drainMs ?? 5_000);
    })();
    return stopping;
  };

  log.info(
    {
      parts: [...parts],
      database: config.database.url ? 'postgres' : `pglite:${config.database.dataDir}`,
      http: config.http.port === null ? 'off' : `${config.http.host}:${config.http.port}`,
      generate: config.generate.enabled,
    },
    'starting studybot',
  );

  const metrics = createMetrics({ defaultMetrics: true });
  // The models load in a worker thread (seconds): overlap that with opening the database.
  const handlesCommands = parts.has('discord') || parts.has('slack') || parts.has('terminal');
  const generatorLoading =
    config.generate.enabled && handlesCommands ? loadGenerator(config, metrics, log) : Promise.resolve(undefined);
  const picturesLoading = config.pictures.enabled && handlesCommands ? loadPictures(log) : Promise.resolve(undefined);

  try {
    const database = await openDatabase(
      config.database.url
        ? {
            url: config.database.url,
            preparedStatements: config.database.preparedStatements,
            onConnectionError: (error) => log.warn({ err: error }, 'database connection lost; the pool will reconnect'),
          }
        : { dataDir: config.database.dataDir },
    );
    resources.database = database;
    log.info({ kind: database.kind }, 'database open, migrations applied');
    let finish!: (finished: Finished) => void;
    const finished = new Promise<Finished>((resolve) => (finish = resolve));
    void database.lost?.then((error) => {
      log.fatal({ err: error }, 'the embedded database stopped; shutting down');
      finish({ reason: 'the embedded database stopped', exitCode: 1 });
    });

    if (config.http.port !== null) {
      resources.ops = await startOpsServer({
        host: config.http.host,
        port: config.http.port,
        registry: metrics.registry,
        log,
        health: () =>
          checkHealth({
            database,
            adapters: () => [...resources.adapters, ...(resources.scheduler ? [resources.scheduler] : []), ...(resources.games ? [resources.games] : [])],
            starting: () => starting,
            shuttingDown: () => shuttingDown,
          }),
      });
    }

    resources.generator = await generatorLoading;
    resources.pictures = await picturesLoading;
    // The game-step runner starts after the core; a game started here wakes it at once.
    let wakeGames = () => {};

    resources.deckParser = createDeckParser();
    // Installs or refreshes the built-in decks: idempotent (cards matched by key), so every replica may.
    const core = await createStudyBot({
      parseDeck: resources.deckParser.parse,
      db: database.db,
      clock,
      generator: resources.generator,
      pictures: resources.pictures,
      onPictureError: pictureFailureReporter(metrics, log.child({ component: 'pictures' })),
      wrapStore: (store) =>
        instrumentStore(
          resilientStore(store, {
            onRetry: (method, attempt, error) => log.warn({ method, attempt, err: error }, 'database call retried'),
            onGiveUp: (method, error) => log.warn({ method, err: error }, 'database unreachable: user told to try again'),
          }),
          metrics,
        ),
      onAnswerBatch: (answers) => metrics.answerBatchSize.observe(answers),
      onGameChange: () => wakeGames(),
      onError: (error, request) => {
        reportInteractionError();
        log.error({ err: error, platform: request.actor.platform, command: request.command.type }, 'command failed');
      },
      onEditError: (error) => log.warn({ err: error }, 'could not work out the public messages to edit; they keep what they showed'),
    });
    const bot = new InstrumentedBot(core, metrics, log.child({ component: 'core' }));
    resources.bot = bot;

    // What the adapters keep in Postgres: the interaction inbox, and Discord's interaction tokens.
    const durable = durableParts(database.db, config, clock);
    if (parts.has('discord') && config.discord) {
      const { startDiscord } = await import('../bot/discord/index.js');
      resources.adapters.push(await startDiscord({ bot, ...config.discord, ...durable.discord, log: log.child({ component: 'discord' }) }));
      log.info('discord connected');
    }
    if (parts.has('slack') && config.slack) {
      const { startSlack } = await import('../bot/slack/index.js');
      resources.adapters.push(await startSlack({ bot, ...config.slack, ...durable.slack, log: log.child({ component: 'slack' }) }));
      log.info('slack connected');
    }
    if (parts.has('terminal')) {
      const { startTerminal } = await import('../bot/terminal/index.js');
      const terminal = await startTerminal({
        bot,
        input: options.input,
        output: options.output,
        outputDir: join(config.database.dataDir, 'generated'),
      });
      resources.adapters.push(terminal);
      void terminal.closed.then(() => finish({ reason: 'terminal input ended', exitCode: 0 }));
    }

    if (parts.has('scheduler')) {
      const instanceId = newHolderId();
      const senders = (await schedulerSenders(config, resources.adapters, log, durable.slackSender)).map((sender) => instrumentSender(sender, metrics));
      const { createScheduler } = await import('../scheduler/index.js');
      const { createSchedulerStore } = await import('../db/prompt-store.js');
      const scheduler = createScheduler({
        store: createSchedulerStore(database.db),
        rounds: core,
        senders,
        clock,
        instanceId,
        log: log.child({ component: 'scheduler' }),
      });
      resources.scheduler = scheduler.start();
      log.info({ platforms: senders.map((sender) => sender.platform) }, 'scheduler started');
      // Game steps (questions, reveals, standings) run where the daily scheduler runs.
      const { createGameRunner } = await import('../scheduler/game-steps.js');
      const { createGameStepStore } = await import('../db/game-step-store.js');
      const games = createGameRunner({
        store: createGameStepStore(database.db),
        steps: core.gameSteps!,
        senders,
        clock,
        instanceId,
        log: log.child({ component: 'games' }),
      }).start();
      resources.games = games;
      wakeGames = games.wake;
    }

    starting = false;
    log.info({ healthPort: resources.ops?.port }, 'studybot ready');
    return {
      database,
      metrics,
      ops: resources.ops,
      parts: [...resources.adapters, ...(resources.scheduler ? [resources.scheduler] : [])],
      finished,
      stop,
    };
  } catch (error) {
    resources.generator ??= await generatorLoading;
    resources.pictures ??= await picturesLoading;
    await stop('start-up failed').catch(() => {});
    throw error;
  }
}

/** The scheduler posts through the running adapters' senders; without an adapter, through a REST-only one. */
async function schedulerSenders(config: Config, adapters: readonly RunningAdapter[], log: Logger, slackBudget: UpdateBudgetOptions): Promise<Sender[]> {
  const senders = new Map<string, Sender>();
  for (const adapter of adapters) if (adapter.sender) senders.set(adapter.sender.platform, adapter.sender);
  if ((!senders.has('discord') && config.discord) || (!senders.has('slack') && config.slack)) {
    // Loaded only here so a terminal demo never loads discord.js or Bolt.
    const { standaloneDiscordSender, standaloneSlackSender } = await import('./senders.js');
    if (!senders.has('discord') && config.discord) senders.set('discord', standaloneDiscordSender(config.discord));
    if (!senders.has('slack') && config.slack) {
      senders.set('slack', standaloneSlackSender(config.slack, log.child({ component: 'slack-sender' }), slackBudget));
    }
  }
  if (senders.size === 0) log.warn('scheduler has no platform to post to (no tokens): it will only plan prompts');
  return [...senders.values()];
}
