/** Decks and their cards: listing (a workspace deck shadows a built-in one), import, and card reads. */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Store } from '../core/ports.js';
import type { Card, DeckImportResult, DeckInfo } from '../core/model.js';
import type { Db } from './connect.js';
import { nextTurn } from '../core/next-turn.js';
import { inPieces } from './in-pieces.js';
import type { Tx } from './rows.js';
import { writeDeckMedia, writeImportedHistory } from './deck-package.js';
import { cards, decks } from './schema.js';

/** New cards per insert (see in-pieces.ts); long answers make smaller inserts. */
const INSERT_SIZE = { rows: 50, chars: 4_000, textOf: (card: { front: string; back: string }) => card.front.length + card.back.length };
/** Existing cards per read: 2,000 long cards read at once took 60 ms of row parsing on the bot's thread. */
const READ_ROWS = 250;

export async function listDecks(db: Db, workspaceId: number): Promise<DeckInfo[]> {
  const rows = await db
    .select({
      id: decks.id,
      slug: decks.slug,
      title: decks.title,
      workspaceId: decks.workspaceId,
      ownerId: decks.ownerId,
      // Explicit aliases: unqualified columns in a correlated subquery would resolve to the inner table.
      cardCount: sql<number>`(select count(*)::int from cards c where c.deck_id = "decks"."id" and not c.archived)`,
    })
    .from(decks)
    .where(sql`${decks.workspaceId} is null or ${decks.workspaceId} = ${workspaceId}`)
    .orderBy(asc(decks.slug));
  // A workspace deck shadows a built-in deck of the same slug.
  const bySlug = new Map<string, DeckInfo>();
  for (const row of rows) {
    const info: DeckInfo = { id: row.id, slug: row.slug, title: row.title, builtIn: row.workspaceId === null, ownerId: row.ownerId, cardCount: Number(row.cardCount) };
    const seen = bySlug.get(row.slug);
    if (!seen || seen.builtIn) bySlug.set(row.slug, info);
  }
  return [...bySlug.values()];
}

export async function findDeck(db: Db, workspaceId: number, slug: string): Promise<DeckInfo | null> {
  const all = await listDecks(db, workspaceId);
  return all.find((deck) => deck.slug === slug) ?? null;
}

export function importDeck(db: Db, input: Parameters<Store['importDeck']>[0]): Promise<DeckImportResult> {
  return db.transaction(async (tx) => {
    const [deck] = await tx
      .insert(decks)
      .values({ workspaceId: input.workspaceId, slug: input.slug, title: input.title, source: input.source, ownerId: input.ownerId ?? null })
      .onConflictDoUpdate({
        target: [decks.workspaceId, decks.slug],
        set: { title: input.title, source: input.source, updatedAt: sql`now()` },
      })
      .returning({ id: decks.id });
    const deckId = deck!.id;
    const existing = await deckCardsInPages(tx, deckId);
    const byKey = new Map(existing.map((card) => [card.key, card]));
    const result: DeckImportResult = { deckId, added: 0, updated: 0, unchanged: 0, archived: 0 };
    const keep = new Set<string>();
    const fresh: (typeof cards.$inferInsert)[] = [];
    for (const [position, card] of input.cards.entries()) {
      keep.add(card.key);
      const old = byKey.get(card.key);
      if (!old) {
        fresh.push({ deckId, key: card.key, front: card.front, back: card.back, tags: card.tags, position, ...gradingColumns(card) });
        result.added++;
      } else if (
        old.front !== card.front ||
        old.back !== card.back ||
        old.position !== position ||
        old.archived ||
        old.tags.join('\u0000') !== card.tags.join('\u0000') ||
        gradingColumnsChanged(old, card)
      ) {
        await tx
          .update(cards)
          .set({ front: card.front, back: card.back, tags: card.tags, position, archived: false, ...gradingColumns(card) })
          .where(eq(cards.id, old.id));
        result.updated++;
      } else {
        result.unchanged++;
      }
    }
    // new cards in batches: an Anki deck can bring 20,000 of them
    await inPieces(fresh, INSERT_SIZE, (piece) => tx.insert(cards).values(piece));
    // Cards dropped from the file are archived, not deleted, so their review history survives.
    const dropped = existing.filter((card) => !keep.has(card.key) && !card.archived).map((card) => card.id);
    if (dropped.length > 0) {
      await tx.update(cards).set({ archived: true }).where(inArray(cards.id, dropped));
      result.archived = dropped.length;
    }
    if (input.media || input.history) {
      const ids = await tx.select({ id: cards.id, key: cards.key }).from(cards).where(eq(cards.deckId, deckId));
      const cardIds = new Map(ids.filter((c) => keep.has(c.key)).map((c) => [c.key, c.id]));
      if (input.media) await writeDeckMedia(tx, deckId, input.media, input.cards, cardIds);
      if (input.history) result.history = await writeImportedHistory(tx, input.history.userId, input.history.cards, cardIds);
    }
    return result;
  });
}

async function deckCardsInPages(tx: Tx, deckId: number): Promise<(typeof cards.$inferSelect)[]> {
  const all: (typeof cards.$inferSelect)[] = [];
  for (let after = 0; ; ) {
    const page = await tx
      .select()
      .from(cards)
      .where(and(eq(cards.deckId, deckId), gt(cards.id, after)))
      .orderBy(asc(cards.id))
      .limit(READ_ROWS);
    all.push(...page);
    if (page.length < READ_ROWS) return all;
    after = page[page.length - 1]!.id;
    await nextTurn();
  }
}

export async function deckCards(db: Db, deckId: number): Promise<Card[]> {
  const rows = await db
    .select()
    .from(cards)
    .where(and(eq(cards.deckId, deckId), eq(cards.archived, false)))
    .orderBy(asc(cards.position));
  return rows.map(toCard);
}

export async function getCard(db: Db, cardId: number): ReturnType<Store['getCard']> {
  const [row] = await db
    .select({ card: cards, deckTitle: decks.title, deckWorkspaceId: decks.workspaceId })
    .from(cards)
    .innerJoin(decks, eq(decks.id, cards.deckId))
    .where(eq(cards.id, cardId));
  return row ? { ...toCard(row.card), deckTitle: row.deckTitle, deckWorkspaceId: row.deckWorkspaceId } : null;
}

export function toCard(row: typeof cards.$inferSelect): Card {
  return { id: row.id, deckId: row.deckId, front: row.front, back: row.back, tags: row.tags, position: row.position, keyPoints: row.keyPoints, accepted: row.accepted, typed: row.typed };
}

/** The grader's columns of an imported card (key points, accepted answers), and whether a re-import changes them. */
function gradingColumns(card: { keyPoints?: string[]; accepted?: string[]; typed?: boolean }): { keyPoints: string[]; accepted: string[]; typed: boolean } {
  return { keyPoints: card.keyPoints ?? [], accepted: card.accepted ?? [], typed: card.typed ?? false };
}

function gradingColumnsChanged(old: typeof cards.$inferSelect, card: { keyPoints?: string[]; accepted?: string[]; typed?: boolean }): boolean {
  const next = gradingColumns(card);
  return old.keyPoints.join('\u0000') !== next.keyPoints.join('\u0000') || old.accepted.join('\u0000') !== next.accepted.join('\u0000') || old.typed !== next.typed;
}
