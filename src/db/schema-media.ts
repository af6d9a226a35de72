/**
 * Pictures of imported decks (Anki packages): each picture once per deck, and which cards show which,
 * on which side. Bytes are limited per file and per deck (core/decks/package.ts) before they get here.
 */
import { customType, integer, pgTable, primaryKey, serial, smallint, text, unique } from 'drizzle-orm/pg-core';
import { deckIdColumn } from './schema-columns.js';
import { cards } from './schema.js';

/** bytea as a Uint8Array (node-postgres hands back a Buffer, which is one; PGlite a Uint8Array). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

export const deckMedia = pgTable(
  'deck_media',
  {
    id: serial('id').primaryKey(),
    deckId: deckIdColumn(),
    /** The file name the cards use (Anki's media name). */
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [unique('deck_media_deck_name').on(t.deckId, t.name)],
);

export const cardImages = pgTable(
  'card_images',
  {
    cardId: integer('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    /** 0 the question side, 1 the answer side. */
    side: smallint('side').notNull(),
    position: smallint('position').notNull(),
    name: text('name').notNull(),
  },
  // the key starts with card_id, so it also serves reads of one card's pictures
  (t) => [primaryKey({ columns: [t.cardId, t.side, t.position] })],
);
