/**
 * Where the Store contract tests run: the in-memory fake the core's tests use, and the real store on
 * every database target (PGlite, and the server when DATABASE_URL is set).
 */
import type { Store } from '../../src/core/ports.js';
import type { Database } from '../../src/db/connect.js';
import { createStore } from '../../src/db/store.js';
import { dbTargets } from './db.js';
import { MemoryStore } from './memory-store.js';

export interface StoreTarget {
  name: string;
  open(): Promise<{ store: Store; database?: Database }>;
}

export const storeTargets: StoreTarget[] = [
  { name: 'memory', open: async () => ({ store: new MemoryStore() }) },
  ...dbTargets.map((target) => ({
    name: target.name,
    open: async () => {
      const database = await target.open();
      return { store: createStore(database.db), database };
    },
  })),
];
