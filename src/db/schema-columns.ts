/** Columns many tables share: the workspace or deck a row belongs to, and goes with when that is deleted. */
import { integer } from 'drizzle-orm/pg-core';
import { decks, workspaces } from './schema.js';

export const workspaceIdColumn = () =>
  integer('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

export const deckIdColumn = () =>
  integer('deck_id')
    .notNull()
    .references(() => decks.id, { onDelete: 'cascade' });
