/**
 * What an Anki package adds to a deck import, inside its transaction: the deck's pictures and which cards
 * show them, and the importer's own review history. Also the reads for export and for showing a card.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DeckMedia, MediaMime, PackageCard } from '../core/decks/package.js';
import type { ImportedCardHistory } from '../core/ports.js';
import { cardStateColumns, reviewLogColumns } from './learner-rows.js';
import { inPieces } from './in-pieces.js';
import type { Queryable, Tx } from './rows.js';
import { cardImages, cardStates, cards, deckMedia, reviewLogs } from './schema.js';

const SIDES = { front: 0, back: 1 } as const;
/** Ids per lookup: well under Postgres's 65,535 parameters. */
const CHUNK = 1000;
/**
 * Rows per insert (see in-pieces.ts): building a statement costs the bot's thread about 0.1 ms a parameter,
 * and a 200-row review_logs insert (2,800 parameters) stalled the event loop for up to 175 ms under load.
 */
const INSERT_SIZE = { rows: 50 };
/** Cards whose history is written per piece (their states in one insert, their logs in INSERT_SIZE ones). */
const HISTORY_CARDS = { rows: 50 };

type ImageRefs = { key: string; frontImages?: string[]; backImages?: string[] };

/** Replaces the deck's pictures with `media` and its cards' picture references with those in `refs`. */
export async function writeDeckMedia(tx: Tx, deckId: number, media: readonly DeckMedia[], refs: readonly ImageRefs[], cardIds: Map<string, number>): Promise<void> {
  const ids = [...cardIds.values()];
  for (let i = 0; i < ids.length; i += CHUNK) await tx.delete(cardImages).where(inArray(cardImages.cardId, ids.slice(i, i + CHUNK)));
  await tx.delete(deckMedia).where(eq(deckMedia.deckId, deckId));
  for (const file of media) await tx.insert(deckMedia).values({ deckId, name: file.name, mime: file.mime, bytes: file.bytes });
  const known = new Set(media.map((m) => m.name));
  const rows = refs.flatMap((card) => {
    const cardId = cardIds.get(card.key)!;
    const side = (names: string[] | undefined, s: number) =>
      (names ?? []).filter((n) => known.has(n)).map((name, position) => ({ cardId, side: s, position, name }));
    return [...side(card.frontImages, SIDES.front), ...side(card.backImages, SIDES.back)];
  });
  await inPieces(rows, INSERT_SIZE, (piece) => tx.insert(cardImages).values(piece));
}

/**
 * The importer's history, card by card: a card they have not studied here gets the replayed state and its
 * logs (idempotency keys make a repeated import add nothing twice); a card they have studied keeps its own.
 */
export async function writeImportedHistory(
  tx: Tx,
  userId: number,
  history: readonly ImportedCardHistory[],
  cardIds: Map<string, number>,
): Promise<{ cards: number; reviews: number; kept: number }> {
  const wanted = history.filter((h) => cardIds.has(h.key));
  const ids = wanted.map((h) => cardIds.get(h.key)!);
  const studied = new Set<number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await tx
      .select({ cardId: cardStates.cardId })
      .from(cardStates)
      .where(and(eq(cardStates.userId, userId), inArray(cardStates.cardId, ids.slice(i, i + CHUNK))));
    for (const row of rows) studied.add(row.cardId);
  }
  const result = { cards: 0, reviews: 0, kept: 0 };
  const fresh = wanted.filter((h) => {
    const kept = studied.has(cardIds.get(h.key)!);
    if (kept) result.kept++;
    return !kept;
  });
  // Rows are built a piece of cards at a time, as they are written: 100,000 log rows at once are work too.
  await inPieces(fresh, HISTORY_CARDS, async (piece) => {
    const states = piece.map((h) => ({ userId, cardId: cardIds.get(h.key)!, ...cardStateColumns(h.state) }));
    const logs = piece.flatMap((h) => {
      const cardId = cardIds.get(h.key)!;
      return h.logs.map((log) => ({ userId, cardId, ...reviewLogColumns(log), source: 'anki', idempotencyKey: `anki:${cardId}:${log.reviewedAt.getTime()}` }));
    });
    result.cards += piece.length;
    result.reviews += logs.length;
    await tx.insert(cardStates).values(states);
    await inPieces(logs, INSERT_SIZE, (rows) => tx.insert(reviewLogs).values(rows).onConflictDoNothing());
  });
  return result;
}

export async function deckPackage(db: Queryable, deckId: number): Promise<{ cards: PackageCard[]; media: DeckMedia[] }> {
  const rows = await db.select().from(cards).where(and(eq(cards.deckId, deckId), eq(cards.archived, false))).orderBy(asc(cards.position));
  const refs = await db
    .select({ cardId: cardImages.cardId, side: cardImages.side, name: cardImages.name })
    .from(cardImages)
    .innerJoin(cards, eq(cards.id, cardImages.cardId))
    .where(eq(cards.deckId, deckId))
    .orderBy(asc(cardImages.cardId), asc(cardImages.side), asc(cardImages.position));
  const media = await db.select({ name: deckMedia.name, mime: deckMedia.mime, bytes: deckMedia.bytes }).from(deckMedia).where(eq(deckMedia.deckId, deckId));
  const images = new Map<number, { frontImages: string[]; backImages: string[] }>();
  for (const ref of refs) {
    const entry = images.get(ref.cardId) ?? { frontImages: [], backImages: [] };
    (ref.side === SIDES.front ? entry.frontImages : entry.backImages).push(ref.name);
    images.set(ref.cardId, entry);
  }
  return {
    cards: rows.map((row) => ({
      key: row.key,
      front: row.front,
      back: row.back,
      tags: row.tags,
      keyPoints: row.keyPoints,
      accepted: row.accepted,
      typed: row.typed,
      ...(images.get(row.id) ?? { frontImages: [], backImages: [] }),
    })),
    media: media.map((m) => ({ ...m, mime: m.mime as MediaMime })),
  };
}

export async function readCardImages(db: Queryable, cardId: number): Promise<{ front: DeckMedia[]; back: DeckMedia[] }> {
  const rows = await db
    .select({ side: cardImages.side, name: cardImages.name, mime: deckMedia.mime, bytes: deckMedia.bytes })
    .from(cardImages)
    .innerJoin(cards, eq(cards.id, cardImages.cardId))
    .innerJoin(deckMedia, and(eq(deckMedia.deckId, cards.deckId), eq(deckMedia.name, cardImages.name)))
    .where(eq(cardImages.cardId, cardId))
    .orderBy(asc(cardImages.side), asc(cardImages.position));
  const pick = (side: number) => rows.filter((r) => r.side === side).map(({ name, mime, bytes }) => ({ name, mime: mime as MediaMime, bytes }));
  return { front: pick(SIDES.front), back: pick(SIDES.back) };
}
