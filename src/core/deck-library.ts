/** The decks a workspace can study: listing them, importing a user's deck file, installing the built-in decks. */
import { plural } from './text.js';
import type { Caller, CoreDeps } from './context.js';
import { cardKey, parseDeck, slugify, type ParsedDeck } from './decks/parse.js';
import { isPackageName } from './decks/package.js';
import { UserError } from './errors.js';
import { parseOnOff } from './options.js';
import { assertMayImportAs } from './deck-ownership.js';
import { importPackage } from './package-import.js';
import { cleanInputText } from './text/sanitize.js';
import type { Outcome } from './messages.js';
import type { DeckImportResult } from './model.js';
import type { Store } from './ports.js';
import { decksMessage } from './views.js';

/** A deck file as read from outside the core: its file name (which picks the format) and its text. */
export interface DeckFile {
  name: string;
  content: string;
}

export async function listDecks(deps: CoreDeps, caller: Caller): Promise<Outcome> {
  return { reply: decksMessage(await deps.store.listDecks(caller.user.workspaceId)) };
}

export async function importDeck(
  deps: CoreDeps,
  caller: Caller,
  file: { filename: string; content: string; bytes?: Uint8Array; history?: string },
): Promise<Outcome> {
  const filename = cleanInputText(file.filename);
  if (isPackageName(filename) || (file.bytes && isZip(file.bytes))) {
    if (!file.bytes) throw new UserError('Attach the Anki package as a file to import it.');
    return importPackage(deps, caller, filename, file.bytes, file.history);
  }
  // `history: no` (Discord sends the option when ticked off) is harmless on a text deck; yes, or nonsense, is not
  if (file.history !== undefined && file.history.trim() !== '' && parseOnOff(file.history) !== false) {
    throw new UserError('`history` works with Anki packages (.apkg) only: text decks have no review history.');
  }
  const content = file.bytes ? new TextDecoder('utf-8').decode(file.bytes) : file.content;
  const parsed = await deps.parseDeck(filename, content);
  const slug = slugify(parsed.title);
  if (!slug) throw new UserError('The deck title must contain letters or digits.');
  assertMayImportAs(await deps.store.findDeck(caller.user.workspaceId, slug), slug, caller);
  const result = await saveDeck(deps.store, caller.user.workspaceId, slug, filename, parsed, caller.user.userId);
  const changes = [`${result.added} new`, `${result.updated} updated`, `${result.unchanged} unchanged`];
  if (result.archived > 0) changes.push(`${result.archived} removed (their history is kept)`);
  return {
    reply: {
      title: '📥 Deck imported',
      text: `**${parsed.title}** as \`${slug}\`: ${plural(parsed.cards.length, 'card')} (${changes.join(', ')}).\nTry \`/quiz ${slug}\`.`,
      visibility: 'private',
    },
  };
}

/** Imports each file as a built-in deck (no workspace) whose slug is the file name: gan.txt -> gan. */
export async function installBuiltInDecks(store: Store, files: readonly DeckFile[]): Promise<Map<string, DeckImportResult>> {
  const results = new Map<string, DeckImportResult>();
  for (const file of files) {
    const parsed = parseDeck(file.name, file.content);
    const slug = file.name.replace(/\.[^.]*$/, '').toLowerCase();
    results.set(slug, await saveDeck(store, null, slug, `decks/${file.name}`, parsed));
  }
  return results;
}

/** Cards are matched by key (their normalised front), so importing again keeps everyone's history. */
function saveDeck(store: Store, workspaceId: number | null, slug: string, source: string, parsed: ParsedDeck, ownerId: number | null = null): Promise<DeckImportResult> {
  return store.importDeck({ workspaceId, slug, title: parsed.title, source, ownerId, cards: parsed.cards.map((card) => ({ ...card, key: cardKey(card.front) })) });
}

/** A zip's first bytes (PK\x03\x04): an .apkg with another name still goes to the package reader. */
function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
