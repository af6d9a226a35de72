/**
 * Typed command text -> the core's raw command options, for the platforms where a command arrives as
 * one free-text string (Slack's slash commands, the terminal): positional words and `key:value` pairs.
 * Discord's options come typed and named, so it does not use this. The values stay raw strings for the
 * core to validate; only `/deck import` differs per platform (a pasted deck or a file link on Slack, a
 * path in the terminal), so each platform parses that one itself.
 */
import type { Command } from '../core/commands.js';
import { DAILY_ACTIONS, PERIOD_WORDS, QUIZ_MODE_WORDS, SCOPE_WORDS } from '../core/options.js';

export const COMMAND_NAMES = ['/quiz', '/review', '/leaderboard', '/stats', '/decks', '/deck', '/fsrs', '/generate', '/daily', '/timezone', '/help'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export type Failure = { ok: false; usage: string };
export type WordsResult = { ok: true; command: Command } | Failure;

/** Each command's usage, shown with a problem in what was typed; `/deck` import's line is the platform's. */
export type UsageTexts = Record<CommandName, string>;

export const SHARED_USAGE: Omit<UsageTexts, '/deck'> = {
  '/quiz':
    '`/quiz [deck] [mcq|typed|self] [rounds:<1-50>] [time:<10-300>]` — e.g. `/quiz gan typed` or a game: `/quiz gan rounds:10 time:30`; `/quiz stop`; `/quiz settings [time:<s>] [max:<s>] [speed:on|off]`',
  '/review': '`/review` — review the cards due for you (no options)',
  '/leaderboard': '`/leaderboard [workspace|channel] [day|week|month|all|game]` — e.g. `/leaderboard channel week`, `/leaderboard game` (the last game here)',
  '/stats': '`/stats` — your study statistics (no options)',
  '/decks': '`/decks` — list the decks you can study (no options)',
  '/fsrs': '`/fsrs` — your FSRS parameters and desired retention; `/fsrs optimize` — fit them to your reviews; `/fsrs retention 0.85` — set your desired retention (0.7-0.97)',
  '/timezone': '`/timezone [Area/City]` — show or set your time zone, e.g. `/timezone Europe/Stockholm`',
  '/help': '`/help` — what I can do (no options)',
  '/generate': '`/generate [model:<name>] [digit:<0-9>] [seed:<n>] [interpolate:<n>]` — models: dcgan, wgan, ae, vae, cyclegan; e.g. `/generate model:wgan digit:7 seed:42`',
  '/daily': '`/daily on [deck:<deck>] [time:HH:MM] [tz:<Area/City>] [mode:mcq|typed|self] [window:<hours>h]`, `/daily off` or `/daily status`',
};

/**
 * The core's option words route a bare word to its option (`/leaderboard week` means the period).
 * They only route: the core still validates every value and explains a bad one, and a word that
 * routes nowhere fills the next free option in usage order. `all` is both a scope and a period;
 * alone (`/leaderboard all`) it means all time, so it routes to the period only.
 */
const MODE_ROUTES = new Set(Object.keys(QUIZ_MODE_WORDS));
const PERIOD_ROUTES = new Set(Object.keys(PERIOD_WORDS));
const SCOPE_ROUTES = new Set(Object.keys(SCOPE_WORDS).filter((word) => !PERIOD_ROUTES.has(word)));
const DAILY_ROUTES = new Set<string>(DAILY_ACTIONS);
const QUIZ_ACTIONS = new Set(['stop', 'settings']);

export interface Token {
  key?: string;
  value: string;
  raw: string;
}

/** Splits on whitespace; `key:value` pairs (value may be "quoted") and bare words. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /([A-Za-z]+):"([^"]*)"|([A-Za-z]+):(\S+)|"([^"]*)"|(\S+)/g;
  for (const m of text.matchAll(pattern)) {
    const [raw, qKey, qValue, key, value, quoted, word] = m;
    if (qKey !== undefined) tokens.push({ key: qKey.toLowerCase(), value: qValue ?? '', raw });
    else if (key !== undefined) tokens.push({ key: key.toLowerCase(), value: value ?? '', raw });
    else tokens.push({ value: quoted ?? word ?? '', raw });
  }
  return tokens;
}

export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

/** The words after a command that is not `/deck import` (the platform parses that one). */
export function parseCommandWords(name: Exclude<CommandName, '/deck'> | '/deck export', text: string, usage: UsageTexts): WordsResult {
  const words = new Words(usage);
  const tokens = tokenize(text.trim());
  const command = name === '/deck export' ? '/deck' : name;
  if (tokens.length === 1 && !tokens[0]?.key && tokens[0]?.value.toLowerCase() === 'help') return { ok: false, usage: words.usageText(command) };
  switch (name) {
    case '/quiz':
      return words.quiz(tokens);
    case '/review':
      return words.noOptions(name, tokens, { type: 'review' });
    case '/stats':
      return words.noOptions(name, tokens, { type: 'stats' });
    case '/decks':
      return words.noOptions(name, tokens, { type: 'decks' });
    case '/help':
      return words.noOptions(name, tokens, { type: 'help' });
    case '/timezone': {
      const r = words.assign(name, tokens, { tz: 'tz', timezone: 'tz' }, [{ option: 'tz' }]);
      return r.ok ? { ok: true, command: { type: 'timezone', tz: r.options.tz } } : r;
    }
    case '/deck export': {
      // The first word is `export` itself.
      const r = words.assign('/deck', tokens.slice(1), { deck: 'deck' }, [{ option: 'deck' }]);
      return r.ok ? { ok: true, command: { type: 'deck_export', deck: r.options.deck } } : r;
    }
    case '/fsrs': {
      const r = words.assign(name, tokens, { action: 'action', value: 'value', retention: 'value' }, [{ option: 'action' }, { option: 'value' }]);
      return r.ok ? { ok: true, command: { type: 'fsrs', action: r.options.action, value: r.options.value } } : r;
    }
    case '/leaderboard':
      return words.leaderboard(tokens);
    case '/generate':
      return words.generate(tokens);
    case '/daily':
      return words.daily(tokens);
  }
}

type Slot = { option: string; routes?: Set<string>; accepts?: (word: string) => boolean };

class Words {
  constructor(private readonly usage: UsageTexts) {}

  usageText(name: CommandName, problem?: string): string {
    return [problem, `Usage: ${this.usage[name]}`].filter(Boolean).join('\n');
  }

  fail(name: CommandName, problem: string): Failure {
    return { ok: false, usage: this.usageText(name, problem) };
  }

  noOptions(name: CommandName, tokens: Token[], command: Command): WordsResult {
    const [first] = tokens;
    return first ? this.fail(name, `I don't understand \`${first.raw}\`.`) : { ok: true, command };
  }

  /** Assigns each token to an option: by key, or by the first positional slot (in usage order) that accepts it. */
  assign(name: CommandName, tokens: Token[], keys: Record<string, string>, positional: Slot[]): { ok: true; options: Record<string, string | undefined> } | Failure {
    const options: Record<string, string | undefined> = {};
    for (const token of tokens) {
      if (token.key !== undefined) {
        const option = keys[token.key];
        if (!option) return this.fail(name, `Unknown option \`${token.key}:\`.`);
        if (options[option] !== undefined) return this.fail(name, `\`${token.key}:\` is given twice.`);
        options[option] = token.value;
        continue;
      }
      const word = token.value.toLowerCase();
      const free = positional.filter((p) => options[p.option] === undefined);
      const slot =
        free.find((p) => p.routes?.has(word)) ??
        free.find((p) => !positional.some((q) => q.routes?.has(word)) && (p.accepts?.(token.value) ?? true));
      if (!slot) return this.fail(name, `I don't understand \`${token.raw}\`.`);
      options[slot.option] = token.value;
    }
    return { ok: true, options };
  }

  quiz(tokens: Token[]): WordsResult {
    const r = this.assign('/quiz', tokens, { deck: 'deck', mode: 'mode', rounds: 'rounds', time: 'time', max: 'max', speed: 'speed' }, [
      // Only a first bare `stop` or `settings` is an action; `/quiz deck:stop` still names a deck.
      { option: 'action', routes: QUIZ_ACTIONS, accepts: (w) => QUIZ_ACTIONS.has(w.toLowerCase()) },
      { option: 'deck' },
      { option: 'mode', routes: MODE_ROUTES },
    ]);
    if (!r.ok) return r;
    const { action, deck, mode, rounds, time, max, speed } = r.options;
    switch (action?.toLowerCase()) {
      case 'stop':
        if ([deck, mode, rounds, time, max, speed].some((v) => v !== undefined)) return this.fail('/quiz', '`/quiz stop` takes no other options.');
        return { ok: true, command: { type: 'quiz_stop' } };
      case 'settings':
        if ([deck, mode, rounds].some((v) => v !== undefined)) return this.fail('/quiz', '`/quiz settings` takes only `time:`, `max:` and `speed:`.');
        return { ok: true, command: { type: 'quiz_settings', time, max, speed } };
      default:
        if (max !== undefined || speed !== undefined) return this.fail('/quiz', '`max:` and `speed:` belong to `/quiz settings`.');
        return { ok: true, command: { type: 'quiz', deck, mode, rounds, time } };
    }
  }

  leaderboard(tokens: Token[]): WordsResult {
    const r = this.assign('/leaderboard', tokens, { scope: 'scope', period: 'period' }, [
      { option: 'scope', routes: SCOPE_ROUTES },
      { option: 'period', routes: PERIOD_ROUTES },
    ]);
    if (!r.ok) return r;
    return { ok: true, command: { type: 'leaderboard', scope: r.options.scope, period: r.options.period } };
  }

  generate(tokens: Token[]): WordsResult {
    const r = this.assign('/generate', tokens, { model: 'model', digit: 'digit', seed: 'seed', interpolate: 'interpolate', to: 'interpolate' }, [
      { option: 'model', accepts: (w) => /^[a-z][\w-]*$/i.test(w) },
    ]);
    if (!r.ok) return r;
    const { model, digit, seed, interpolate } = r.options;
    return { ok: true, command: { type: 'generate', model, digit, seed, interpolate } };
  }

  daily(tokens: Token[]): WordsResult {
    const r = this.assign('/daily', tokens, { action: 'action', deck: 'deck', time: 'time', tz: 'tz', timezone: 'tz', mode: 'mode', window: 'window' }, [
      { option: 'action', routes: DAILY_ROUTES, accepts: (w) => DAILY_ROUTES.has(w.toLowerCase()) },
    ]);
    if (!r.ok) return r;
    const { action, deck, time, tz, mode, window } = r.options;
    const normalisedAction = action?.toLowerCase();
    if ((normalisedAction === 'off' || normalisedAction === 'status') && [deck, time, tz, mode, window].some((v) => v !== undefined)) {
      return this.fail('/daily', `\`/daily ${normalisedAction}\` takes no other options.`);
    }
    return { ok: true, command: { type: 'daily', action: normalisedAction ?? action, deck, time, tz, mode, window } };
  }
}
