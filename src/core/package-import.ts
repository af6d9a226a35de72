/**
 * `/deck import` of an Anki package (.apkg): read off the event loop by the PackageCodec, stored in one
 * transaction with each card's Anki identity (re-importing updates cards in place and keeps everyone's
 * history), its pictures, and, when the importer asks (`history:yes`), their own Anki review history.
 */
import type { Caller, CoreDeps } from './context.js';
import { assertMayImportAs } from './deck-ownership.js';
import { describeSkipped } from './decks/package.js';
import { slugify } from './decks/parse.js';
import { UserError } from './errors.js';
import type { Outcome } from './messages.js';
import { parseOnOff } from './options.js';
import type { ImportedCardHistory } from './ports.js';
import { nextTurn } from './next-turn.js';
import { replayReviews } from './scheduling/replay.js';

/** Replaying between turns of the event loop: a review costs 0.05-0.3 ms, more on a busy machine. */
const REPLAY_MS_PER_TURN = 10;

export async function importPackage(deps: CoreDeps, caller: Caller, filename: string, bytes: Uint8Array, rawHistory?: string): Promise<Outcome> {
  if (!deps.packages) throw new UserError('This bot cannot read Anki packages (.apkg). Export the deck from Anki as text instead (File > Export, "Notes in Plain Text").');
  const withHistory = rawHistory === undefined || rawHistory.trim() === '' ? false : parseOnOff(rawHistory);
  if (withHistory === null) throw new UserError(`\`history\` must be yes or no (you gave "${rawHistory!.trim()}").`);
  const pkg = await deps.packages.read(bytes, filename);
  const slug = slugify(pkg.title);
  if (!slug) throw new UserError('The deck name in this package must contain letters or digits. Rename the deck in Anki and export it again.');
  assertMayImportAs(await deps.store.findDeck(caller.user.workspaceId, slug), slug, caller);

  let history: ImportedCardHistory[] | undefined;
  if (withHistory) {
    history = [];
    let turnStarted = performance.now();
    for (const card of pkg.history) {
      const replayed = replayReviews(card.reviews, caller.user.scheduling);
      if (replayed) history.push({ key: card.key, ...replayed });
      if (performance.now() - turnStarted >= REPLAY_MS_PER_TURN) {
        await nextTurn();
        turnStarted = performance.now();
      }
    }
  }
  const result = await deps.store.importDeck({
    workspaceId: caller.user.workspaceId,
    slug,
    title: pkg.title,
    source: filename,
    ownerId: caller.user.userId,
    cards: pkg.cards,
    media: pkg.media,
    ...(history ? { history: { userId: caller.user.userId, cards: history } } : {}),
  });

  const changes = [`${result.added} new`, `${result.updated} updated`, `${result.unchanged} unchanged`];
  if (result.archived > 0) changes.push(`${result.archived} removed (their history is kept)`);
  const lines = [`**${pkg.title}** as \`${slug}\`: ${pkg.cards.length} cards (${changes.join(', ')}).`];
  if (pkg.media.length > 0) lines.push(`${pkg.media.length} picture${pkg.media.length === 1 ? '' : 's'} kept with the cards.`);
  const skipped = describeSkipped(pkg.skipped);
  if (skipped) lines.push(skipped);
  lines.push(...pkg.warnings);
  if (result.history) {
    const { cards, reviews, kept } = result.history;
    lines.push(
      `Your Anki review history came in privately: ${reviews} review${reviews === 1 ? '' : 's'} of ${cards} card${cards === 1 ? '' : 's'}` +
        (kept > 0 ? `; ${kept} card${kept === 1 ? '' : 's'} you had already studied here kept ${kept === 1 ? 'its' : 'their'} schedule.` : '.'),
    );
  } else if (!withHistory && pkg.history.length > 0) {
    lines.push('This package has your Anki review history; import it again with `history: yes` to bring your schedule along (only yours, privately).');
  }
  lines.push(`Try \`/quiz ${slug}\` or \`/review\`.`);
  return { reply: { title: '📥 Anki deck imported', text: lines.join('\n'), visibility: 'private' } };
}
