/**
 * The visibility the core expects of a command's reply, before running it (what a Discord deferral
 * is sent with), against the reply each command really gets from the real core on PGlite (games and
 * /daily wired as at start-up). It also measures the rule it replaced, a list of Discord command names
 * whose replies were taken as private, on the same commands.
 */
import { describe, expect, it } from 'vitest';
import type { Actor, Command } from '../../src/core/commands.js';
import { BusyError } from '../../src/core/errors.js';
import type { Visibility } from '../../src/core/messages.js';
import type { GeneratedImage, GenerateRequest, ImageGenerator } from '../../src/core/ports.js';
import { expectedVisibility } from '../../src/core/reply-visibility.js';
import { GAN_CATALOG } from '../../src/ml/catalog.js';
import { makeBot, type TestBot } from '../support/core.js';
import { dbTargets, withDb } from '../support/db.js';

class Generator implements ImageGenerator {
  busy = false;
  models() {
    return GAN_CATALOG;
  }
  async generate(request: GenerateRequest): Promise<GeneratedImage> {
    if (this.busy) throw new BusyError();
    return { png: Uint8Array.from([137, 80, 78, 71]), width: 28, height: 28, model: request.model, backend: 'test', millis: 1 };
  }
  async close() {}
}

/** The Discord adapter's rule before this one: these command names were deferred privately, all others publicly. */
const OLD_PRIVATE_NAMES = new Set(['review', 'stats', 'timezone', 'decks', 'deck', 'daily', 'help', 'fsrs']);
const discordName = (command: Command): string =>
  command.type.startsWith('quiz') ? 'quiz' : command.type.startsWith('deck_') ? 'deck' : command.type;

interface Case {
  name: string;
  command: Command;
  actor?: Partial<Actor>;
  /** Runs first, in the case's own channel. */
  before?: (t: TestBot, actor: Partial<Actor>) => Promise<unknown>;
  /** Set when only the store (or the generator's queue) knows the reply goes the other way. */
  unknowable?: string;
}

const manager = { canManage: true };
const gameOn = (t: TestBot, actor: Partial<Actor>) => t.as('Host', actor)({ type: 'quiz', deck: 'gan', rounds: '3' });

const cases: Case[] = [
  { name: '/help', command: { type: 'help' } },
  { name: '/quiz gan', command: { type: 'quiz', deck: 'gan' } },
  { name: '/quiz gan typed', command: { type: 'quiz', deck: 'gan', mode: 'typed' } },
  { name: '/quiz gan mode:bogus', command: { type: 'quiz', deck: 'gan', mode: 'bogus' } },
  { name: '/quiz nope', command: { type: 'quiz', deck: 'nope' }, unknowable: 'no such deck' },
  { name: '/quiz gan rounds:3', command: { type: 'quiz', deck: 'gan', rounds: '3' } },
  { name: '/quiz gan time:20', command: { type: 'quiz', deck: 'gan', time: '20' } },
  { name: '/quiz gan rounds:99', command: { type: 'quiz', deck: 'gan', rounds: '99' } },
  { name: '/quiz gan rounds:3 during a game', command: { type: 'quiz', deck: 'gan', rounds: '3' }, before: gameOn, unknowable: 'a game is on' },
  { name: '/quiz gan during a game', command: { type: 'quiz', deck: 'gan' }, before: gameOn, unknowable: 'a game is on' },
  { name: '/quiz stop during a game', command: { type: 'quiz_stop' }, actor: manager, before: gameOn },
  { name: '/quiz stop, no game', command: { type: 'quiz_stop' } },
  { name: '/quiz settings', command: { type: 'quiz_settings' } },
  { name: '/quiz settings time:20 (member)', command: { type: 'quiz_settings', time: '20' } },
  { name: '/quiz settings time:20 (manager)', command: { type: 'quiz_settings', time: '20' }, actor: manager },
  { name: '/review', command: { type: 'review' } },
  { name: '/leaderboard', command: { type: 'leaderboard' } },
  { name: '/leaderboard channel week', command: { type: 'leaderboard', scope: 'channel', period: 'week' } },
  { name: '/leaderboard period:bogus', command: { type: 'leaderboard', period: 'bogus' } },
  { name: '/leaderboard game, none ended', command: { type: 'leaderboard', period: 'game' }, unknowable: 'no game has ended here' },
  { name: '/stats', command: { type: 'stats' } },
  { name: '/timezone', command: { type: 'timezone' } },
  { name: '/timezone Asia/Tokyo', command: { type: 'timezone', tz: 'Asia/Tokyo' } },
  { name: '/decks', command: { type: 'decks' } },
  { name: '/deck import', command: { type: 'deck_import', filename: 'mine.txt', content: 'Mine\nWhat is D?\nThe discriminator\n' } },
  { name: '/deck export gan', command: { type: 'deck_export', deck: 'gan' } },
  { name: '/fsrs', command: { type: 'fsrs', action: 'show' } },
  { name: '/fsrs retention 0.85', command: { type: 'fsrs', action: 'retention', value: '0.85' } },
  { name: '/generate dcgan digit:3', command: { type: 'generate', model: 'dcgan', digit: '3', seed: '7' } },
  { name: '/generate vae', command: { type: 'generate', model: 'vae' } },
  { name: '/generate vae digit:3', command: { type: 'generate', model: 'vae', digit: '3' } },
  { name: '/generate bogus', command: { type: 'generate', model: 'bogus' } },
  { name: '/generate dcgan digit:12', command: { type: 'generate', model: 'dcgan', digit: '12' } },
  { name: '/generate dcgan, queue full', command: { type: 'generate', model: 'dcgan' }, unknowable: 'the image queue is full' },
  { name: '/daily status', command: { type: 'daily', action: 'status' } },
  { name: '/daily off (member)', command: { type: 'daily', action: 'off' } },
];

describe.each(dbTargets)('expected reply visibility (real core on $name)', (target) => {
  it('is right for every command but those only the store knows, where the name list was wrong for 17 of 36', () =>
    withDb(target.open, async (database) => {
      const generator = new Generator();
      const t = await makeBot(database, { generator });
      const rows: { name: string; actual: Visibility; expected: Visibility; old: Visibility; unknowable?: string }[] = [];
      for (const [index, c] of cases.entries()) {
        const actor = { channelId: `chan-${index}`, ...c.actor };
        await c.before?.(t, actor);
        generator.busy = c.unknowable === 'the image queue is full';
        const outcome = await t.as('Ada', actor)(c.command, `i-${index}`);
        generator.busy = false;
        const actual = (outcome.reply ?? outcome.update)!.visibility;
        const old: Visibility = OLD_PRIVATE_NAMES.has(discordName(c.command)) ? 'private' : 'public';
        rows.push({ name: c.name, actual, expected: t.bot.expectedVisibility(c.command), old, unknowable: c.unknowable });
      }
      const wrong = (pick: 'expected' | 'old') => rows.filter((row) => row[pick] !== row.actual).map((row) => row.name);
      console.info(
        `reply visibility over ${rows.length} commands: expectedVisibility wrong for ${wrong('expected').length} (${wrong('expected').join(', ')}); ` +
          `the name list wrong for ${wrong('old').length} (${wrong('old').join(', ')})`,
      );
      expect(wrong('expected')).toEqual(rows.filter((row) => row.unknowable).map((row) => row.name));
      // Each one the store decides is a refusal of a command whose reply is otherwise public.
      expect(rows.filter((row) => row.unknowable).every((row) => row.actual === 'private' && row.expected === 'public')).toBe(true);
      expect(wrong('old')).toEqual([
        '/quiz gan mode:bogus',
        '/quiz nope',
        '/quiz gan time:20',
        '/quiz gan rounds:99',
        '/quiz gan rounds:3 during a game',
        '/quiz gan during a game',
        '/quiz stop during a game',
        '/quiz stop, no game',
        '/quiz settings',
        '/quiz settings time:20 (member)',
        '/quiz settings time:20 (manager)',
        '/leaderboard period:bogus',
        '/leaderboard game, none ended',
        '/generate vae digit:3',
        '/generate bogus',
        '/generate dcgan digit:12',
        '/generate dcgan, queue full',
      ]);
    }));
});

describe('expected reply visibility without the bot (an adapter whose bot does not say)', () => {
  it('checks the options alone: a /generate model it cannot see is taken as valid, a game only with games on', () => {
    expect(expectedVisibility({ type: 'generate', model: 'anything' })).toBe('public');
    expect(expectedVisibility({ type: 'generate', model: 'dcgan' }, { models: [] })).toBe('private');
    expect(expectedVisibility({ type: 'quiz', time: '20' })).toBe('private');
    expect(expectedVisibility({ type: 'quiz', time: '20' }, { games: false })).toBe('public');
    expect(expectedVisibility({ type: 'leaderboard', period: 'game' }, { games: false })).toBe('private');
    expect(expectedVisibility({ type: 'press', id: 'sb1:mcq:1:0' })).toBe('private');
  });
});
