/**
 * Turns a line typed in the terminal into a core command. The commands' words are read as on Slack
 * (../command-words.ts), so a word the command does not take is named with its usage, never ignored.
 */
import type { Command } from '../../core/commands.js';
import { isCommandName, parseCommandWords, SHARED_USAGE, type CommandName, type UsageTexts, type WordsResult } from '../command-words.js';

export type TerminalInput =
  | { kind: 'command'; command: Command }
  | { kind: 'import'; path: string; history?: string }
  | { kind: 'as'; name: string }
  | { kind: 'quit' }
  /** A button by its number on screen. */
  | { kind: 'pick'; index: number }
  /** An answer button by its letter (A–D), wherever it sits among the buttons. */
  | { kind: 'letter'; letter: string }
  | { kind: 'text'; text: string }
  | { kind: 'empty' }
  | { kind: 'unknown'; word: string }
  /** A command typed wrong: what was wrong and its usage. */
  | { kind: 'usage'; text: string };

/** The terminal's own `/deck` line: a file's path to import, or a deck to export. */
const USAGE: UsageTexts = {
  ...SHARED_USAGE,
  '/deck': '`/deck import <path to a .txt, .csv, .tsv, .md or .apkg file> [history:yes]` · `/deck export <deck>`',
};

/** Short names the terminal also takes. */
const ALIASES: Record<string, CommandName> = { '/lb': '/leaderboard', '/tz': '/timezone' };

export function parseTerminalLine(line: string): TerminalInput {
  const trimmed = line.trim();
  if (!trimmed) return { kind: 'empty' };
  if (!trimmed.startsWith('/')) {
    if (/^[1-9]$/.test(trimmed)) return { kind: 'pick', index: Number(trimmed) - 1 };
    if (/^[a-d]$/i.test(trimmed)) return { kind: 'letter', letter: trimmed.toUpperCase() };
    return { kind: 'text', text: trimmed };
  }
  const [, head = '', rest = ''] = /^(\S+)\s*([\s\S]*)$/.exec(trimmed) ?? [];
  const word = head.toLowerCase();
  if (word === '/quit' || word === '/exit') return { kind: 'quit' };
  if (word === '/as') return rest ? { kind: 'as', name: rest.replace(/\s+/g, ' ') } : { kind: 'usage', text: 'Usage: `/as <name>` — act as another user (everyone counts as a moderator here)' };
  const name = ALIASES[word] ?? word;
  if (!isCommandName(name)) return { kind: 'unknown', word: head };
  return name === '/deck' ? parseDeck(rest) : fromWords(parseCommandWords(name, rest, USAGE));
}

function fromWords(parsed: WordsResult): TerminalInput {
  return parsed.ok ? { kind: 'command', command: parsed.command } : { kind: 'usage', text: parsed.usage };
}

/** `/deck import <path> [history:yes]` (a path may hold spaces) or `/deck export <deck>`. */
function parseDeck(rest: string): TerminalInput {
  if (/^export\b/i.test(rest)) return fromWords(parseCommandWords('/deck export', rest, USAGE));
  const history = /\s+history:(\S+)\s*$/i.exec(rest);
  const path = /^import\s+([\s\S]+)$/i.exec(history ? rest.slice(0, history.index) : rest)?.[1]?.trim();
  if (path) return { kind: 'import', path, ...(history ? { history: history[1]! } : {}) };
  return { kind: 'usage', text: `Usage: ${USAGE['/deck']}` };
}
