/**
 * The options of a game as users type them (`rounds:10 time:30`, `/quiz settings time:20 max:60 speed:off`),
 * checked against GAME_LIMITS and the channel's settings. Every bad value gets a message that says
 * what is accepted; nothing is changed.
 */
import { UserError } from '../errors.js';
import { parseOnOff } from '../options.js';
import { GAME_LIMITS, type GameSettings } from './model.js';

/** What a /quiz asks for: one untimed question (as before games), or a timed run of `rounds`. */
export type QuizPlan = { kind: 'single' } | { kind: 'game'; rounds: number; seconds: number };


/**
 * No rounds and no time: one question that stays open until Reveal. `time:` alone: one timed question.
 * More rounds: a game, at the channel's default time unless `time:` says otherwise.
 */
export function planQuiz(raw: { rounds?: string; time?: string }, settings: GameSettings): QuizPlan {
  const rounds = raw.rounds === undefined || raw.rounds.trim() === '' ? null : parseRounds(raw.rounds);
  const seconds = raw.time === undefined || raw.time.trim() === '' ? null : parseSeconds(raw.time, 'time');
  if (seconds === null && (rounds === null || rounds === 1)) return { kind: 'single' };
  const chosen = seconds ?? Math.min(settings.defaultSeconds, settings.maxSeconds);
  if (chosen > settings.maxSeconds) {
    throw new UserError(`This channel allows at most ${settings.maxSeconds} seconds a question (managers set it with \`/quiz settings max:\`).`);
  }
  return { kind: 'game', rounds: rounds ?? 1, seconds: chosen };
}

export function parseRounds(raw: string): number {
  const value = wholeNumber(raw);
  if (value === null || value < GAME_LIMITS.minRounds || value > GAME_LIMITS.maxRounds) {
    throw new UserError(`\`rounds\` must be a whole number from ${GAME_LIMITS.minRounds} to ${GAME_LIMITS.maxRounds} (you gave "${raw.trim()}").`);
  }
  return value;
}

/** Seconds, as `30` or `30s`, from GAME_LIMITS.minSeconds to maxSeconds. */
export function parseSeconds(raw: string, option: string): number {
  const value = wholeNumber(raw.trim().replace(/\s*s(ec(onds?)?)?$/i, ''));
  if (value === null || value < GAME_LIMITS.minSeconds || value > GAME_LIMITS.maxSeconds) {
    throw new UserError(
      `\`${option}\` must be a number of seconds from ${GAME_LIMITS.minSeconds} to ${GAME_LIMITS.maxSeconds} (you gave "${raw.trim()}").`,
    );
  }
  return value;
}

/** The settings after `/quiz settings time: max: speed:`; what is not given stays as it is. */
export function changeSettings(current: GameSettings, raw: { time?: string; max?: string; speed?: string }): GameSettings {
  const given = (v: string | undefined) => v !== undefined && v.trim() !== '';
  const maxSeconds = given(raw.max) ? parseSeconds(raw.max!, 'max') : current.maxSeconds;
  let defaultSeconds = given(raw.time) ? parseSeconds(raw.time!, 'time') : current.defaultSeconds;
  if (defaultSeconds > maxSeconds) {
    // A lower maximum pulls the default down with it; a default above the maximum given with it is a mistake.
    if (given(raw.time)) throw new UserError(`\`time\` (${defaultSeconds} s) cannot be more than \`max\` (${maxSeconds} s).`);
    defaultSeconds = maxSeconds;
  }
  let speedBonus = current.speedBonus;
  if (given(raw.speed)) {
    const on = parseOnOff(raw.speed!);
    if (on !== null) speedBonus = on;
    else throw new UserError(`\`speed\` must be on or off (you gave "${raw.speed!.trim()}").`);
  }
  return { defaultSeconds, maxSeconds, speedBonus };
}

function wholeNumber(raw: string): number | null {
  const text = raw.trim();
  return /^\d{1,4}$/.test(text) ? Number(text) : null;
}
