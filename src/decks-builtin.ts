/** Reads the decks that ship with the bot (decks/*.txt|csv|tsv|md); the core installs them (core/deck-library.ts). */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { DeckFile } from './core/deck-library.js';
import { DECK_FILE_EXTENSIONS } from './core/decks/parse.js';
import { fromRoot } from './paths.js';

export const builtInDecksFolder = fromRoot('decks');

/** Every deck file in `folder`, in name order. */
export async function readBuiltInDecks(folder = builtInDecksFolder): Promise<DeckFile[]> {
  const names = (await readdir(folder)).filter((name) => DECK_FILE_EXTENSIONS.includes(extname(name).toLowerCase())).sort();
  return Promise.all(names.map(async (name) => ({ name, content: await readFile(join(folder, name), 'utf8') })));
}
