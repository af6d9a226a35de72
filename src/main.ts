/**
 * studybot's entry point: `tsx src/main.ts` or `node dist/src/main.js` [--only discord,slack,scheduler,terminal].
 * Reads and validates the configuration (one clear line and exit 1 when it is wrong), starts the app,
 * and turns SIGTERM/SIGINT into a graceful shutdown (a second signal or a timeout forces exit).
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { createLogger } from './log.js';
import { startApp } from './ops/app.js';
import { handleShutdownSignals } from './ops/shutdown.js';

/** Inside Docker's default 10 s stop grace period, with room to spare. */
const SHUTDOWN_TIMEOUT_MS = 8_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  // The terminal demo owns stdout: logs go to stderr there, and only warnings unless LOG_LEVEL says otherwise.
  const demo = config.parts.has('terminal');
  const log = createLogger({
    level: demo && !config.logLevelExplicit ? 'warn' : config.logLevel,
    destination: demo ? 'stderr' : 'stdout',
  });

  const exit = (code: number) => {
    log.flush();
    process.exit(code);
  };
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));

  const starting = startApp(config, { log });
  const shutdown = handleShutdownSignals({
    // A signal during start-up waits for the start to settle, then stops what did start (or the timeout exits).
    shutdown: async (reason) => {
      const app = await starting.catch(() => undefined);
      await app?.stop(reason);
    },
    timeoutMs: SHUTDOWN_TIMEOUT_MS,
    exit,
    log,
  });

  let app: Awaited<typeof starting>;
  try {
    app = await starting;
  } catch (error) {
    // Another process has the embedded database: one line saying which, like a configuration error.
    if (error instanceof DataDirLockedError) process.stderr.write(`${error.message}\n`);
    else log.fatal({ err: error }, 'studybot could not start');
    exit(1);
    return;
  }
  void app.finished.then(({ reason, exitCode }) => shutdown.trigger(reason, exitCode));
}

void main();
