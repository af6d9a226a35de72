/** `/deck export deck:<slug>`: the deck as an Anki package (.apkg) and as CSV, both sent as files. */
import type { Caller, CoreDeps } from './context.js';
import { UserError } from './errors.js';
import type { Outcome } from './messages.js';

export async function exportDeck(deps: CoreDeps, caller: Caller, rawSlug?: string): Promise<Outcome> {
  if (!deps.packages) throw new UserError('Exporting decks is not available on this bot.');
  const slug = (rawSlug ?? '').trim().toLowerCase();
  if (!slug) throw new UserError('Name the deck to export: `/deck export deck:<slug>` (`/decks` lists them).');
  const deck = await deps.store.findDeck(caller.user.workspaceId, slug);
  if (!deck) throw new UserError(`There is no deck called "${slug}". See \`/decks\` for the decks you can use.`);
  const { cards, media } = await deps.store.deckPackage(deck.id);
  if (cards.length === 0) throw new UserError(`The deck "${slug}" has no cards to export.`);
  const contents = { title: deck.title, cards, media };
  const apkg = await deps.packages.write(contents, deps.clock.now());
  const csv = new TextEncoder().encode(deps.packages.csv(contents));
  const pictures = media.length > 0 ? ` and ${media.length} picture${media.length === 1 ? '' : 's'}` : '';
  return {
    reply: {
      title: '📤 Deck exported',
      text:
        `**${deck.title}**: ${cards.length} card${cards.length === 1 ? '' : 's'}${pictures}.\n` +
        `\`${slug}.apkg\` opens in Anki (File > Import); \`${slug}.csv\` is the cards as text (no pictures). Importing either here again updates the same cards.`,
      files: [
        { name: `${slug}.apkg`, bytes: apkg, mime: 'application/octet-stream' },
        { name: `${slug}.csv`, bytes: csv, mime: 'text/csv' },
      ],
      visibility: 'private',
    },
  };
}
