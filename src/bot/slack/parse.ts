/**
 * Slack slash command text -> the core's raw command options. Slack gives us one free-text string; the
 * grammar of positional words and `key:value` pairs is shared with the terminal (../command-words.ts).
 * `/deck import` is Slack's own: a slash command carries no file, so the deck is pasted after it, or
 * `file:` names a file shared in Slack (handlers.ts downloads it).
 */
import { COMMAND_NAMES, isCommandName, parseCommandWords, SHARED_USAGE, tokenize, type CommandName, type Failure, type UsageTexts } from '../command-words.js';
import type { Command } from '../../core/commands.js';

export { tokenize };
export const SLASH_COMMANDS = COMMAND_NAMES;
export type SlashCommand = CommandName;

/** `file`: a Slack file to download first (a `/deck import file:<link>`), whose bytes the command then carries. */
export type ParseResult = { ok: true; command: Command; file?: string } | Failure;

export const USAGE: UsageTexts = {
  ...SHARED_USAGE,
  '/deck':
    '`/deck import [name:<file.csv|.tsv|.md|.txt>] <deck text>` — paste the deck after the options (Shift+Enter for new lines); e.g. `/deck import name:gan.csv question,answer`; ' +
    'or share a file (an Anki `.apkg` too) and give its link: `/deck import file:<link> [history:yes]`; `/deck export deck:<deck>` — the deck as .apkg and CSV',
};

export const isSlashCommand = isCommandName;

export function parseSlashCommand(name: SlashCommand, text: string): ParseResult {
  if (name !== '/deck') return parseCommandWords(name, text, USAGE);
  if (/^\s*export\b/i.test(text)) return parseCommandWords('/deck export', text, USAGE);
  if (/^\s*help\s*$/i.test(text)) return usageOnly();
  return parseDeckImport(text);
}

function usageOnly(problem?: string): Failure {
  return { ok: false, usage: [problem, `Usage: ${USAGE['/deck']}`].filter(Boolean).join('\n') };
}

function parseDeckImport(text: string): ParseResult {
  const shared = text.match(/^\s*import\b\s+(?:(?:file:(\S+)|history:(\S+))\s*)+$/i);
  if (shared) {
    const file = /\bfile:(\S+)/i.exec(text)?.[1];
    const history = /\bhistory:(\S+)/i.exec(text)?.[1];
    if (!file) return usageOnly('`history:` goes with `file:<link to a shared .apkg>`.');
    return { ok: true, command: { type: 'deck_import', filename: '', content: '', ...(history ? { history } : {}) }, file };
  }
  const m = text.match(/^\s*import\b[ \t]*(?:name:(\S+)\s*)?([\s\S]*)$/i);
  if (!m) return usageOnly('The `/deck` actions are `import` and `export`.');
  const content = m[2] ?? '';
  if (!content.trim()) return usageOnly('Paste the deck after `/deck import`.');
  return { ok: true, command: { type: 'deck_import', filename: m[1] ?? 'slack-import.txt', content } };
}
