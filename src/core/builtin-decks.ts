/** The decks that ship with the bot (decks/*.txt|csv|tsv|md), installed or refreshed at start. */
import { readdir, readFile } from 'node:fs/promises';
import { extname, basename, join } from 'node:path';
import { fromRoot } from '../paths.js';
import { cardKey, parseDeck } from './decks/parse.js';
import type { DeckImportResult } from './model.js';
import type { Store } from './ports.js';

export const builtInDecksFolder = fromRoot('decks');
const DECK_EXTENSIONS = new Set(['.txt', '.csv', '.tsv', '.md']);

/** Imports every deck file in `folder` as a built-in deck whose slug is the file name (gan.txt -> gan). */
export async function installBuiltInDecks(store: Store, folder = builtInDecksFolder): Promise<Map<string, DeckImportResult>> {
  const results = new Map<string, DeckImportResult>();
  const files = (await readdir(folder)).filter((name) => DECK_EXTENSIONS.has(extname(name).toLowerCase())).sort();
  for (const name of files) {
    const parsed = parseDeck(name, await readFile(join(folder, name), 'utf8'));
    const slug = basename(name, extname(name)).toLowerCase();
    results.set(
      slug,
      await store.importDeck({
        workspaceId: null,
        slug,
        title: parsed.title,
        source: `decks/${name}`,
        cards: parsed.cards.map((card) => ({ ...card, key: cardKey(card.front) })),
      }),
    );
  }
  return results;
}
