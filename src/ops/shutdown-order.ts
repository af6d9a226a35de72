/**
 * What the app started, registered as each part starts so that a half-started app also shuts down
 * cleanly, and the order it is taken down in (ops/app.ts calls it on stop).
 */
import type { RunningAdapter } from '../bot/adapter.js';
import type { PictureRenderer } from '../core/pictures.js';
import type { ImageGenerator } from '../core/ports.js';
import type { Database } from '../db/connect.js';
import type { Logger } from '../log.js';
import type { DeckParserWorker } from './deck-parser.js';
import type { InstrumentedBot } from './instrument.js';
import type { OpsServer } from './server.js';

/** Things to undo at shutdown, registered as they start, so a half-started app also shuts down cleanly. */
export interface Resources {
  database?: Database;
  ops?: OpsServer;
  bot?: InstrumentedBot;
  scheduler?: RunningAdapter;
  games?: RunningAdapter;
  adapters: RunningAdapter[];
  generator?: ImageGenerator;
  pictures?: PictureRenderer;
  deckParser?: DeckParserWorker;
}

/**
 * Order matters: stop the scheduler first (its posts use the adapters' clients), then the adapters
 * (they stop taking events and finish what they hold), then wait for commands still in the core,
 * and only then close the generator, the picture renderer, the health server and the database. Each step runs even if an
 * earlier one failed.
 */
export async function shutdownInOrder(resources: Resources, log: Logger, drainMs: number): Promise<void> {
  const failures: unknown[] = [];
  const step = async (name: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      failures.push(error);
      log.error({ err: error, step: name }, 'shutdown step failed');
    }
  };

  resources.bot?.stopAccepting();
  if (resources.scheduler) await step('scheduler', () => resources.scheduler!.stop());
  if (resources.games) await step('games', () => resources.games!.stop());
  await Promise.all(resources.adapters.map((adapter) => step(adapter.name, () => adapter.stop())));
  if (resources.bot) {
    const bot = resources.bot;
    await step('in-flight commands', async () => {
      if (!(await bot.drain(drainMs))) throw new Error(`${bot.inflightCount} commands still running after ${drainMs} ms`);
    });
  }
  if (resources.generator) await step('generator', () => resources.generator!.close());
  if (resources.pictures) await step('pictures', () => resources.pictures!.close());
  if (resources.deckParser) await step('deck parser', () => resources.deckParser!.close());
  if (resources.ops) await step('health server', () => resources.ops!.close());
  if (resources.database) await step('database', () => resources.database!.close());
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} shutdown step(s) failed`);
}
