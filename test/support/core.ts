/**
 * Builds the real, fully wired StudyBot on a real database (or the core alone on a Store such as
 * test/support/memory-store.ts), with a fake clock and seeded randomness, for tests.
 */
import { createPackageCodec } from '../../src/anki/codec.js';
import { readBuiltInDecks } from '../../src/decks-builtin.js';
import { createFsrsOptimizer } from '../../src/fsrs/optimizer.js';
import type { Actor, Command } from '../../src/core/commands.js';
import { parseId } from '../../src/core/ids.js';
import type { Outcome } from '../../src/core/messages.js';
import type { ImageGenerator, Store } from '../../src/core/ports.js';
import { seededRandom } from '../../src/core/random.js';
import { StudyBot, type StudyBotOptions } from '../../src/core/service.js';
import type { PictureRenderer } from '../../src/core/pictures.js';
import { createStudyBot } from '../../src/app.js';
import type { Database } from '../../src/db/connect.js';
import { createStore } from '../../src/db/store.js';
import { FakeClock } from './clock.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface TestBot {
  bot: StudyBot;
  clock: FakeClock;
  store: ReturnType<typeof createStore>;
  /** `messageRef`: the public message a press was on (Request.messageRef). */
  as(user: string, overrides?: Partial<Actor>): (command: Command, interactionId?: string, messageRef?: string) => Promise<Outcome>;
}

export async function makeBot(
  backing: Database | Store,
  options: {
    now?: string;
    generator?: ImageGenerator;
    seed?: number;
    pictures?: PictureRenderer;
    onPictureError?: StudyBotOptions['onPictureError'];
    onEditError?: StudyBotOptions['onEditError'];
    /** The FSRS optimiser (default: src/fsrs's, as start-up wires it). */
    optimizer?: StudyBotOptions['optimizer'];
  } = {},
): Promise<TestBot> {
  const clock = new FakeClock(new Date(options.now ?? '2026-03-02T10:00:00Z'));
  const wiring = {
    clock,
    random: seededRandom(options.seed ?? 7),
    generator: options.generator,
    pictures: options.pictures,
    onPictureError: options.onPictureError,
    onEditError: options.onEditError,
    packages: createPackageCodec(),
    optimizer: options.optimizer ?? createFsrsOptimizer(),
    onError: (error: unknown) => {
      throw error;
    },
  };
  let store: Store;
  let bot: StudyBot;
  if ('db' in backing) {
    store = createStore(backing.db);
    bot = await createStudyBot({ db: backing.db, ...wiring });
  } else {
    store = backing;
    bot = new StudyBot({ store, builtInDecks: () => readBuiltInDecks(), ...wiring });
    await bot.installBuiltInDecks();
  }
  return {
    bot,
    clock,
    store,
    as: (user, overrides = {}) => (command, interactionId, messageRef) =>
      bot.handle({
        actor: {
          platform: 'discord',
          workspaceId: 'guild-1',
          channelId: 'chan-1',
          userId: user.toLowerCase(),
          displayName: user,
          canManage: false,
          ...overrides,
        },
        command,
        interactionId,
        ...(messageRef ? { messageRef } : {}),
      }),
  };
}

/** The round id behind the first button of a quiz message. */
export function roundIdOf(outcome: Outcome): number {
  const id = outcome.reply?.choices?.[0]?.id;
  const action = parseId(id);
  if (!action || !('round' in action)) throw new Error(`no round button in ${JSON.stringify(outcome.reply)}`);
  return action.round;
}
