/**
 * Slash command text -> the core's raw command options. Slack gives us one free-text string,
 * so the syntax (positional words and `key:value` pairs) is a Slack concern and lives here;
 * the values stay raw strings for the core to validate.
 */
import type { Command } from '../../core/commands.js';
import { DAILY_ACTIONS, PERIOD_WORDS, QUIZ_MODE_WORDS, SCOPE_WORDS } from '../../core/options.js';

export const SLASH_COMMANDS = ['/quiz', '/review', '/leaderboard', '/stats', '/decks', '/deck', '/fsrs', '/generate', '/daily', '/timezone', '/help'] as const;
export type SlashCommand = (typeof SLASH_COMMANDS)[number];

type Failure = { ok: false; usage: string };
/** `file`: a Slack file to download first (a `/deck import file:<link>`), whose bytes the command then carries. */
export type ParseResult = { ok: true; command: Command; file?: string } | Failure;

export const USAGE: Record<SlashCommand, string> = {
  '/quiz':
    '`/quiz [deck] [mcq|typed|self] [rounds:<1-50>] [time:<10-300>]` — e.g. `/quiz gan typed` or a game: `/quiz gan rounds:10 time:30`; `/quiz stop`; `/quiz settings [time:<s>] [max:<s>] [speed:on|off]`',
  '/review': '`/review` — review the cards due for you (no options)',
  '/leaderboard': '`/leaderboard [workspace|channel] [day|week|month|all|game]` — e.g. `/leaderboard channel week`, `/leaderboard game` (the last game here)',
  '/stats': '`/stats` — your study statistics (no options)',
  '/decks': '`/decks` — list the decks you can study (no options)',
  '/deck':
    '`/deck import [name:<file.csv|.tsv|.md|.txt>] <deck text>` — paste the deck after the options (Shift+Enter for new lines); e.g. `/deck import name:gan.csv question,answer`; ' +
    'or share a file (an Anki `.apkg` too) and give its link: `/deck import file:<link> [history:yes]`; `/deck export deck:<deck>` — the deck as .apkg and CSV',
  '/fsrs': '`/fsrs` — your FSRS parameters and desired retention; `/fsrs optimize` — fit them to your reviews; `/fsrs retention 0.85` — set your desired retention (0.7-0.97)',
  '/timezone': '`/timezone [Area/City]` — show or set your time zone, e.g. `/timezone Europe/Stockholm`',
  '/help': '`/help` — what I can do (no options)',
  '/generate': '`/generate [model:<name>] [digit:<0-9>] [seed:<n>] [interpolate:<n>]` — models: dcgan, wgan, ae, vae, cyclegan; e.g. `/generate model:wgan digit:7 seed:42`',
  '/daily':
    '`/daily on [deck:<deck>] [time:HH:MM] [tz:<Area/City>] [mode:mcq|typed|self] [window:<hours>h]`, `/daily off` or `/daily status`',
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

interface Token {
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

export function isSlashCommand(name: string): name is SlashCommand {
  return (SLASH_COMMANDS as readonly string[]).includes(name);
}

export function parseSlashCommand(name: SlashCommand, text: string): ParseResult {
  const tokens = tokenize(text.trim());
  if (tokens.length === 1 && !tokens[0]?.key && tokens[0]?.value.toLowerCase() === 'help') {
    return { ok: false, usage: usageText(name) };
  }
  switch (name) {
    case '/quiz':
      return parseQuiz(tokens);
    case '/review':
      return noOptions(name, tokens, { type: 'review' });
    case '/stats':
      return noOptions(name, tokens, { type: 'stats' });
    case '/decks':
      return noOptions(name, tokens, { type: 'decks' });
    case '/help':
      return noOptions(name, tokens, { type: 'help' });
    case '/timezone': {
      const r = assign(name, tokens, { tz: 'tz', timezone: 'tz' }, [{ option: 'tz' }]);
      return r.ok ? { ok: true, command: { type: 'timezone', tz: r.options.tz } } : r;
    }
    case '/deck':
      return /^\s*export\b/i.test(text) ? parseDeckExport(tokens) : parseDeckImport(text);
    case '/fsrs': {
      const r = assign(name, tokens, { action: 'action', value: 'value', retention: 'value' }, [{ option: 'action' }, { option: 'value' }]);
      return r.ok ? { ok: true, command: { type: 'fsrs', action: r.options.action, value: r.options.value } } : r;
    }
    case '/leaderboard':
      return parseLeaderboard(tokens);
    case '/generate':
      return parseGenerate(tokens);
    case '/daily':
      return parseDaily(tokens);
  }
}

export function usageText(name: SlashCommand, problem?: string): string {
  return [problem, `Usage: ${USAGE[name]}`].filter(Boolean).join('\n');
}

function fail(name: SlashCommand, problem: string): Failure {
  return { ok: false, usage: usageText(name, problem) };
}

function unknown(name: SlashCommand, token: Token): Failure {
  return fail(name, `I don't understand \`${token.raw}\`.`);
}

function noOptions(name: SlashCommand, tokens: Token[], command: Command): ParseResult {
  const [first] = tokens;
  return first ? unknown(name, first) : { ok: true, command };
}

/** Assigns each token to an option: by key, or by the first positional slot that accepts it. */
function assign(
  name: SlashCommand,
  tokens: Token[],
  keys: Record<string, string>,
  /** Bare-word slots in usage order; `routes` words go to their slot first, `accepts` limits a slot. */
  positional: Array<{ option: string; routes?: Set<string>; accepts?: (word: string) => boolean }>,
): { ok: true; options: Record<string, string | undefined> } | Failure {
  const options: Record<string, string | undefined> = {};
  for (const token of tokens) {
    if (token.key !== undefined) {
      const option = keys[token.key];
      if (!option) return fail(name, `Unknown option \`${token.key}:\`.`);
      if (options[option] !== undefined) return fail(name, `\`${token.key}:\` is given twice.`);
      options[option] = token.value;
      continue;
    }
    const word = token.value.toLowerCase();
    const free = positional.filter((p) => options[p.option] === undefined);
    const slot =
      free.find((p) => p.routes?.has(word)) ??
      free.find((p) => !positional.some((q) => q.routes?.has(word)) && (p.accepts?.(token.value) ?? true));
    if (!slot) return unknown(name, token);
    options[slot.option] = token.value;
  }
  return { ok: true, options };
}

function parseQuiz(tokens: Token[]): ParseResult {
  const r = assign(
    '/quiz',
    tokens,
    { deck: 'deck', mode: 'mode', rounds: 'rounds', time: 'time', max: 'max', speed: 'speed' },
    [
      // Only a first bare `stop` or `settings` is an action; `/quiz deck:stop` still names a deck.
      { option: 'action', routes: QUIZ_ACTIONS, accepts: (w) => QUIZ_ACTIONS.has(w.toLowerCase()) },
      { option: 'deck' },
      { option: 'mode', routes: MODE_ROUTES },
    ],
  );
  if (!r.ok) return r;
  const { action, deck, mode, rounds, time, max, speed } = r.options;
  switch (action?.toLowerCase()) {
    case 'stop':
      if ([deck, mode, rounds, time, max, speed].some((v) => v !== undefined)) return fail('/quiz', '`/quiz stop` takes no other options.');
      return { ok: true, command: { type: 'quiz_stop' } };
    case 'settings':
      if ([deck, mode, rounds].some((v) => v !== undefined)) return fail('/quiz', '`/quiz settings` takes only `time:`, `max:` and `speed:`.');
      return { ok: true, command: { type: 'quiz_settings', time, max, speed } };
    default:
      if (max !== undefined || speed !== undefined) return fail('/quiz', '`max:` and `speed:` belong to `/quiz settings`.');
      return { ok: true, command: { type: 'quiz', deck, mode, rounds, time } };
  }
}

function parseLeaderboard(tokens: Token[]): ParseResult {
  const r = assign('/leaderboard', tokens, { scope: 'scope', period: 'period' }, [
    { option: 'scope', routes: SCOPE_ROUTES },
    { option: 'period', routes: PERIOD_ROUTES },
  ]);
  if (!r.ok) return r;
  return { ok: true, command: { type: 'leaderboard', scope: r.options.scope, period: r.options.period } };
}

function parseGenerate(tokens: Token[]): ParseResult {
  const r = assign(
    '/generate',
    tokens,
    { model: 'model', digit: 'digit', seed: 'seed', interpolate: 'interpolate', to: 'interpolate' },
    [{ option: 'model', accepts: (w) => /^[a-z][\w-]*$/i.test(w) }],
  );
  if (!r.ok) return r;
  const { model, digit, seed, interpolate } = r.options;
  return { ok: true, command: { type: 'generate', model, digit, seed, interpolate } };
}

function parseDeckExport(tokens: Token[]): ParseResult {
  const r = assign('/deck', tokens.slice(1), { deck: 'deck' }, [{ option: 'deck' }]);
  if (!r.ok) return r;
  return { ok: true, command: { type: 'deck_export', deck: r.options.deck } };
}

/**
 * A slash command carries no file: the deck's text follows the options verbatim (not tokenized), or
 * `file:` names a file shared in Slack (handlers.ts downloads it).
 */
function parseDeckImport(text: string): ParseResult {
  const shared = text.match(/^\s*import\b\s+(?:(?:file:(\S+)|history:(\S+))\s*)+$/i);
  if (shared) {
    const file = /\bfile:(\S+)/i.exec(text)?.[1];
    const history = /\bhistory:(\S+)/i.exec(text)?.[1];
    if (!file) return fail('/deck', '`history:` goes with `file:<link to a shared .apkg>`.');
    return { ok: true, command: { type: 'deck_import', filename: '', content: '', ...(history ? { history } : {}) }, file };
  }
  const m = text.match(/^\s*import\b[ \t]*(?:name:(\S+)\s*)?([\s\S]*)$/i);
  if (!m) return fail('/deck', 'The `/deck` actions are `import` and `export`.');
  const content = m[2] ?? '';
  if (!content.trim()) return fail('/deck', 'Paste the deck after `/deck import`.');
  return { ok: true, command: { type: 'deck_import', filename: m[1] ?? 'slack-import.txt', content } };
}

function parseDaily(tokens: Token[]): ParseResult {
  const r = assign(
    '/daily',
    tokens,
    { action: 'action', deck: 'deck', time: 'time', tz: 'tz', timezone: 'tz', mode: 'mode', window: 'window' },
    [{ option: 'action', routes: DAILY_ROUTES, accepts: (w) => DAILY_ROUTES.has(w.toLowerCase()) }],
  );
  if (!r.ok) return r;
  const { action, deck, time, tz, mode, window } = r.options;
  const normalisedAction = action?.toLowerCase();
  if ((normalisedAction === 'off' || normalisedAction === 'status') && [deck, time, tz, mode, window].some((v) => v !== undefined)) {
    return fail('/daily', `\`/daily ${normalisedAction}\` takes no other options.`);
  }
  return { ok: true, command: { type: 'daily', action: normalisedAction ?? action, deck, time, tz, mode, window } };
}
