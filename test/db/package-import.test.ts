/**
 * A package import is one transaction: when any part of it fails (here a picture that breaks a
 * constraint, after the cards were written), nothing of it stays, not the deck, its cards, its pictures
 * nor the importer's history, and a deck that existed keeps what it had.
 */
import { describe, expect, it } from 'vitest';
import { applyRating } from '../../src/core/scheduling/fsrs.js';
import { createStore } from '../../src/db/store.js';
import { dbTargets } from '../support/db.js';

const T0 = new Date('2026-03-02T10:00:00Z');
const png = (name: string) => ({ name, mime: 'image/png' as const, bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) });

describe.each(dbTargets)('package imports on $name', (target) => {
  it('leave nothing behind when a part fails', async () => {
    const database = await target.open();
    try {
      const store = createStore(database.db);
      const user = await store.ensureUser({ platform: 'discord', workspaceExternalId: 'tx', userExternalId: 'ann', displayName: 'Ann' });
      const cards = [{ key: 'anki:a:0', front: 'Qa', back: 'Aa', tags: [], frontImages: ['p.png'], backImages: [] }];
      const { state, log } = applyRating(null, 3, T0);
      const history = { userId: user.userId, cards: [{ key: 'anki:a:0', logs: [log], state }] };
      const input = { workspaceId: user.workspaceId, slug: 'tx', title: 'Tx', source: 'tx.apkg', ownerId: user.userId, cards, history };
      // two pictures of one name break deck_media's unique key, after the cards and before the history
      await expect(store.importDeck({ ...input, media: [png('p.png'), png('p.png')] })).rejects.toThrow();
      expect(await store.findDeck(user.workspaceId, 'tx')).toBeNull();
      expect(await store.reviewLogEntries(user.userId)).toEqual([]);

      const { deckId } = await store.importDeck({ ...input, media: [png('p.png')] });
      const before = await store.deckPackage(deckId);
      const changed = [{ ...cards[0]!, front: 'Qa, edited' }, { key: 'anki:b:0', front: 'Qb', back: 'Ab', tags: [], frontImages: [], backImages: [] }];
      await expect(store.importDeck({ ...input, cards: changed, media: [png('q.png'), png('q.png')] })).rejects.toThrow();
      expect(await store.deckPackage(deckId)).toEqual(before);
      expect(await store.reviewLogEntries(user.userId)).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
