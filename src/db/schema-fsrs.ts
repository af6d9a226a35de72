/** Each person's own FSRS scheduling: parameters fitted to their reviews (null: the defaults) and desired retention. */
import { doublePrecision, integer, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';
import type { StoredFsrsSettings } from '../core/ports.js';
import { users } from './schema.js';

export const userFsrs = pgTable('user_fsrs', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  parameters: jsonb('parameters').$type<number[]>(),
  desiredRetention: doublePrecision('desired_retention').notNull(),
  optimizedAt: timestamp('optimized_at', { withTimezone: true }),
  /** How the last fit did on held-out reviews (before / after). */
  fit: jsonb('fit').$type<NonNullable<StoredFsrsSettings['fit']>>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
