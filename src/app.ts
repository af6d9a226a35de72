/**
 * The composition root shared by start-up, end-to-end tests and benchmarks: one place that wires the
 * core to its Store and the /daily settings, so every entry point runs the same bot.
 */
import { createPackageCodec } from './anki/codec.js';
import { handleDailyCommand } from './core/daily/command.js';
import { createFsrsOptimizer } from './fsrs/optimizer.js';
import type { Clock, ImageGenerator, Store } from './core/ports.js';
import { systemClock } from './core/ports.js';
import { StudyBot, type StudyBotOptions } from './core/service.js';
import type { Db } from './db/connect.js';
import { createDailyStore } from './db/daily-store.js';
import { createGameStore } from './db/game-store.js';
import { createStore } from './db/store.js';
import { readBuiltInDecks } from './decks-builtin.js';

/** What createStudyBot wires a StudyBot to: its database, and the hooks start-up, tests and benches vary. */
export interface StudyBotWiring {
  db: Db;
  clock?: Clock;
  generator?: ImageGenerator;
  /** Draws the /leaderboard and /stats cards (src/pictures); without one those replies are text only. */
  pictures?: StudyBotOptions['pictures'];
  onPictureError?: StudyBotOptions['onPictureError'];
  random?: () => number;
  onError?: StudyBotOptions['onError'];
  onEditError?: StudyBotOptions['onEditError'];
  /** Decorates the Store (start-up adds metrics this way). */
  wrapStore?: (store: Store) => Store;
  /** Told how many answers each committed transaction carried (for metrics). */
  onAnswerBatch?: (answers: number) => void;
  /** Told when a game started or was stopped here (start-up wakes the game-step runner with it). */
  onGameChange?: () => void;
  /** Deck imports off the event loop (start-up passes the worker thread's parser). */
  parseDeck?: StudyBotOptions['parseDeck'];
  /** Anki packages and the FSRS optimiser; src/anki's and src/fsrs's unless given. */
  packages?: StudyBotOptions['packages'];
  optimizer?: StudyBotOptions['optimizer'];
}

/** A StudyBot on `db`, with the built-in decks installed or refreshed. */
export async function createStudyBot(options: StudyBotWiring): Promise<StudyBot> {
  const clock = options.clock ?? systemClock;
  const dailyStore = createDailyStore(options.db);
  const store = createStore(options.db, { onAnswerBatch: options.onAnswerBatch });
  const bot = new StudyBot({
    store: options.wrapStore ? options.wrapStore(store) : store,
    clock,
    generator: options.generator,
    pictures: options.pictures,
    onPictureError: options.onPictureError,
    random: options.random,
    onError: options.onError,
    onEditError: options.onEditError,
    builtInDecks: () => readBuiltInDecks(),
    parseDeck: options.parseDeck,
    packages: options.packages ?? createPackageCodec(),
    optimizer: options.optimizer ?? createFsrsOptimizer(),
    daily: (actor, command) => handleDailyCommand(actor, command, { store: dailyStore, clock }),
    games: { store: createGameStore(options.db), onChange: options.onGameChange },
  });
  await bot.installBuiltInDecks();
  return bot;
}
