import { describe, expect, it } from 'vitest';
import { makeBot } from '../support/core.js';
import { MemoryStore } from '../support/memory-store.js';

const v1 = 'front,back\nWhat is FSRS?,A spaced repetition scheduler\nWhat is a GAN?,Two networks in a game\nWhat is a VAE?,An autoencoder\n';
const oneCard = 'front,back\nWhat is FSRS?,Something else\n';

describe('who may import a deck under a slug', () => {
  it('reserves built-in slugs: a deck titled gan cannot hide the built-in deck', async () => {
    const memory = new MemoryStore();
    const t = await makeBot(memory);
    const refused = await t.as('Mallory')({ type: 'deck_import', filename: 'gan.csv', content: oneCard });
    expect(refused.reply?.text).toMatch(/`gan` is the name of a built-in deck/);
    expect(refused.reply?.visibility).toBe('private');
    expect(memory.tables.decks.filter((deck) => deck.slug === 'gan')).toHaveLength(1);
    // Everyone's /quiz gan still reaches the built-in deck.
    const quiz = await t.as('Ada')({ type: 'quiz', deck: 'gan' });
    expect(quiz.reply?.visibility).toBe('public');
    expect((await t.store.findDeck(1, 'gan'))?.builtIn).toBe(true);
  });

  it('lets only the owner or a manager update or replace a workspace deck', async () => {
    const memory = new MemoryStore();
    const t = await makeBot(memory);
    const first = await t.as('Ada')({ type: 'deck_import', filename: 'ml-basics.csv', content: v1 });
    expect(first.reply?.text).toMatch(/3 cards \(3 new/);
    const deck = memory.tables.decks.find((row) => row.slug === 'ml-basics')!;
    const ada = memory.tables.users.find((user) => user.displayName === 'Ada')!;
    expect(deck.ownerId).toBe(ada.id);
    const live = () => memory.tables.cards.filter((card) => card.deckId === deck.id && !card.archived).length;

    // Another member's re-import would archive two cards: refused, nothing changes, and the reply says who may.
    const refused = await t.as('Bob')({ type: 'deck_import', filename: 'ml-basics.csv', content: oneCard });
    expect(refused.reply?.text).toMatch(/Only the person who imported it, or someone who can manage/);
    expect(refused.reply?.text).toMatch(/Manage Server on Discord, an admin on Slack/);
    expect(live()).toBe(3);

    // The owner may update it; a manager may replace it and the owner stays the importer.
    expect((await t.as('Ada')({ type: 'deck_import', filename: 'ml-basics.csv', content: v1.replace('An autoencoder', 'A VAE') })).reply?.text).toMatch(/1 updated/);
    const replaced = await t.as('Cy', { canManage: true })({ type: 'deck_import', filename: 'ml-basics.csv', content: oneCard });
    expect(replaced.reply?.text).toMatch(/2 removed/);
    expect(live()).toBe(1);
    expect(memory.tables.decks.find((row) => row.id === deck.id)!.ownerId).toBe(ada.id);
  });
});
