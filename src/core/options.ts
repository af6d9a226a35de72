/**
 * The option words users type and how the core reads them: quiz modes, leaderboard scope and
 * period, the /daily actions, the default deck and the typed-answer limit. Adapters import these
 * (Slack routes bare words with them, Discord offers them as choices); the core parses every raw
 * value again and answers a bad one with a message that says what it accepts.
 */
import { cleanInputText, hasVisibleText } from './text/sanitize.js';
import type { QuizMode } from './commands.js';
import { UserError } from './errors.js';

export const DEFAULT_DECK = 'gan';
/** The longest typed answer the core grades (forms that can enforce it do). */
export const MAX_TYPED_ANSWER = 2_000;

export type LeaderboardScope = 'workspace' | 'channel';
/** `game`: the standings of the channel's last game (core/games); the others count points from a start in the user's zone. */
export type LeaderboardPeriod = 'day' | 'week' | 'month' | 'all' | 'game';
export const DAILY_ACTIONS = ['on', 'off', 'status'] as const;
export type DailyAction = (typeof DAILY_ACTIONS)[number];

/** Each mode with the name a choice list shows for it. */
export const QUIZ_MODES: readonly { mode: QuizMode; label: string }[] = [
  { mode: 'mcq', label: 'Multiple choice' },
  { mode: 'typed', label: 'Typed answer' },
  { mode: 'self', label: 'Self-graded' },
];

export const QUIZ_MODE_WORDS: Readonly<Record<string, QuizMode>> = {
  mcq: 'mcq',
  choice: 'mcq',
  choices: 'mcq',
  multiple: 'mcq',
  typed: 'typed',
  type: 'typed',
  text: 'typed',
  write: 'typed',
  self: 'self',
  flashcard: 'self',
  flip: 'self',
};

export const SCOPE_WORDS: Readonly<Record<string, LeaderboardScope>> = {
  server: 'workspace',
  workspace: 'workspace',
  team: 'workspace',
  guild: 'workspace',
  all: 'workspace',
  channel: 'channel',
  here: 'channel',
};

export const PERIOD_WORDS: Readonly<Record<string, LeaderboardPeriod>> = {
  day: 'day',
  today: 'day',
  daily: 'day',
  week: 'week',
  weekly: 'week',
  'this-week': 'week',
  all: 'all',
  alltime: 'all',
  'all-time': 'all',
  ever: 'all',
  month: 'month',
  monthly: 'month',
  'this-month': 'month',
  game: 'game',
  last: 'game',
  'last-game': 'game',
};

export function parseMode(raw: string | undefined): QuizMode {
  const mode = lookUp(QUIZ_MODE_WORDS, (raw ?? 'mcq').trim().toLowerCase());
  if (!mode) throw new UserError(`Unknown mode "${raw}". Use mcq, typed or self.`);
  return mode;
}

export function parseScope(raw: string | undefined): LeaderboardScope {
  return pick(SCOPE_WORDS, raw, 'workspace', 'scope', 'server or channel');
}

export function parsePeriod(raw: string | undefined): LeaderboardPeriod {
  return pick(PERIOD_WORDS, raw, 'all', 'period', 'day, week, month, all or game (the last game here)');
}

export function parseDailyAction(raw: string | undefined): DailyAction {
  const action = (raw ?? 'status').trim().toLowerCase() || 'status';
  if ((DAILY_ACTIONS as readonly string[]).includes(action)) return action as DailyAction;
  throw new UserError(`Unknown action "${raw}". Use \`/daily on\`, \`/daily off\` or \`/daily status\`.`);
}

export function normaliseSlug(raw: string | undefined): string {
  return (raw ?? DEFAULT_DECK).trim().toLowerCase() || DEFAULT_DECK;
}

/**
 * What is wrong with a typed answer before it is graded, or null. Adapters whose forms can show errors
 * inline (Slack) check this before closing the form; the core checks it again.
 */
export function typedAnswerProblem(rawText: string): string | null {
  const text = cleanInputText(rawText);
  if (!hasVisibleText(text)) return 'Your answer was empty.';
  if (text.length > MAX_TYPED_ANSWER) return `Please keep your answer under ${MAX_TYPED_ANSWER} characters.`;
  return null;
}

function pick<T>(table: Readonly<Record<string, T>>, raw: string | undefined, fallback: T, name: string, expected: string): T {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = lookUp(table, raw.trim().toLowerCase());
  if (value === undefined) throw new UserError(`Unknown ${name} "${raw}". Use ${expected}.`);
  return value;
}

/** Own words only: `constructor` or `__proto__` must not find Object.prototype's members. */
function lookUp<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}

const ON_WORDS = new Set(['on', 'yes', 'true', '1']);
const OFF_WORDS = new Set(['off', 'no', 'false', '0']);

/** An on/off option as typed (on, yes, true, 1 / off, no, false, 0); null when it is neither. */
export function parseOnOff(raw: string): boolean | null {
  const word = raw.trim().toLowerCase();
  return ON_WORDS.has(word) ? true : OFF_WORDS.has(word) ? false : null;
}
