/** Turns a line typed in the terminal into a core command (slash commands mirror the chat platforms). */
import type { Command } from '../../core/commands.js';

export type TerminalInput =
  | { kind: 'command'; command: Command }
  | { kind: 'import'; path: string; history?: string }
  | { kind: 'as'; name: string }
  | { kind: 'quit' }
  | { kind: 'pick'; index: number }
  | { kind: 'text'; text: string }
  | { kind: 'empty' }
  | { kind: 'unknown'; word: string };

/** Splits `key:value` options from positional words: `/generate model:wgan digit:7`. */
export function splitOptions(words: string[]): { positional: string[]; named: Record<string, string> } {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  for (const word of words) {
    const match = /^([a-z]+)[:=](.*)$/i.exec(word);
    if (match) named[match[1]!.toLowerCase()] = match[2]!;
    else positional.push(word);
  }
  return { positional, named };
}

export function parseTerminalLine(line: string): TerminalInput {
  const trimmed = line.trim();
  if (!trimmed) return { kind: 'empty' };
  if (!trimmed.startsWith('/')) {
    const pick = /^([1-9]|[a-d])$/i.exec(trimmed);
    if (pick) {
      const value = pick[1]!.toLowerCase();
      return { kind: 'pick', index: /\d/.test(value) ? Number(value) - 1 : value.charCodeAt(0) - 97 };
    }
    return { kind: 'text', text: trimmed };
  }
  const [head = '', ...rest] = trimmed.slice(1).split(/\s+/);
  const { positional, named } = splitOptions(rest);
  const [first, second] = positional;
  switch (head.toLowerCase()) {
    case 'quit':
    case 'exit':
      return { kind: 'quit' };
    case 'help':
      return { kind: 'command', command: { type: 'help' } };
    case 'as':
      return first ? { kind: 'as', name: positional.join(' ') } : { kind: 'unknown', word: '/as needs a name' };
    case 'quiz':
      if (first?.toLowerCase() === 'stop' && positional.length === 1) return { kind: 'command', command: { type: 'quiz_stop' } };
      if (first?.toLowerCase() === 'settings' && positional.length === 1) {
        return { kind: 'command', command: { type: 'quiz_settings', time: named.time, max: named.max, speed: named.speed } };
      }
      return {
        kind: 'command',
        command: { type: 'quiz', deck: named.deck ?? first, mode: named.mode ?? second, rounds: named.rounds, time: named.time },
      };
    case 'review':
      return { kind: 'command', command: { type: 'review' } };
    case 'leaderboard':
    case 'lb':
      return { kind: 'command', command: { type: 'leaderboard', scope: named.scope ?? first, period: named.period ?? second } };
    case 'stats':
      return { kind: 'command', command: { type: 'stats' } };
    case 'decks':
      return { kind: 'command', command: { type: 'decks' } };
    case 'timezone':
    case 'tz':
      return { kind: 'command', command: { type: 'timezone', tz: named.tz ?? first } };
    case 'deck':
      if (first === 'import' && second) return { kind: 'import', path: positional.slice(1).join(' '), ...(named.history === undefined ? {} : { history: named.history }) };
      if (first === 'export') return { kind: 'command', command: { type: 'deck_export', deck: named.deck ?? second } };
      return { kind: 'unknown', word: 'usage: /deck import <path to a .txt, .csv, .tsv, .md or .apkg file> [history:yes] · /deck export <deck>' };
    case 'fsrs':
      return { kind: 'command', command: { type: 'fsrs', action: first, value: named.value ?? second } };
    case 'generate':
      return {
        kind: 'command',
        command: { type: 'generate', model: named.model ?? first, digit: named.digit, seed: named.seed, interpolate: named.interpolate },
      };
    case 'daily':
      return {
        kind: 'command',
        command: { type: 'daily', action: first, deck: named.deck, time: named.time, tz: named.tz, mode: named.mode, window: named.window },
      };
    default:
      return { kind: 'unknown', word: `/${head}` };
  }
}
