/**
 * See it: every card of the built-in lecture deck has a button that draws the model it explains,
 * privately, captioned with the card; cards of other decks have none, and a forged press is refused.
 */
import { describe, expect, it } from 'vitest';
import { buildId, parseId } from '../../src/core/ids.js';
import type { Choice, Outcome } from '../../src/core/messages.js';
import type { GeneratedImage, GenerateRequest, ImageGenerator } from '../../src/core/ports.js';
import { modelForCard } from '../../src/core/see-it.js';
import { parseDeck } from '../../src/core/decks/parse.js';
import { readBuiltInDecks } from '../../src/decks-builtin.js';
import { GAN_CATALOG } from '../../src/ml/catalog.js';
import { makeBot } from '../support/core.js';
import { MemoryStore } from '../support/memory-store.js';

class RecordingGenerator implements ImageGenerator {
  readonly requests: GenerateRequest[] = [];
  models() {
    return GAN_CATALOG;
  }
  async generate(request: GenerateRequest): Promise<GeneratedImage> {
    this.requests.push(request);
    return { png: Uint8Array.from([137, 80, 78, 71]), width: 28, height: 28, model: request.model, backend: 'test', millis: 2 };
  }
  async close() {}
}

const seeIt = (outcome: Outcome): Choice | undefined => outcome.reply?.choices?.find((choice) => parseId(choice.id)?.kind === 'see');

describe('See it', () => {
  it('maps every card of the built-in gan deck to one of the lecture models', async () => {
    const [gan] = (await readBuiltInDecks()).filter((deck) => deck.name === 'gan.txt');
    const cards = parseDeck(gan!.name, gan!.content).cards;
    expect(cards.length).toBeGreaterThanOrEqual(8);
    const mapped = cards.map((card) => modelForCard(GAN_CATALOG, card)?.name);
    expect(mapped).not.toContain(undefined);
    expect(new Set(mapped)).toEqual(new Set(GAN_CATALOG.map((model) => model.name)));
  });

  it('puts the button under a lecture card\'s answer and draws that card\'s model for the presser only', async () => {
    const generator = new RecordingGenerator();
    const { as } = await makeBot(new MemoryStore(), { generator });
    const ada = as('Ada');
    const card = (await ada({ type: 'review' })).reply!;
    const shown = await ada({ type: 'press', id: card.choices![0]!.id });
    const button = seeIt(shown);
    expect(button?.label).toMatch(/^See it: /);

    const picture = (await ada({ type: 'press', id: button!.id })).reply!;
    expect(picture.visibility).toBe('private');
    expect(picture.image?.png.length).toBeGreaterThan(0);
    const model = GAN_CATALOG.find((m) => m.title === button!.label.slice('See it: '.length))!;
    expect(generator.requests.map((r) => r.model)).toEqual([model.name]);
    // The caption names the card it explains.
    expect(picture.text).toContain(card.text.split('\n')[0]!.replace(/\*/g, '').slice(0, 20));
  });

  it('has no button on the cards of other decks, and refuses a forged press for one', async () => {
    const generator = new RecordingGenerator();
    const { as, store } = await makeBot(new MemoryStore(), { generator });
    const ada = as('Ada', { canManage: true });
    const imported = await ada({ type: 'deck_import', filename: 'mine.txt', content: 'My deck\nWhat is a GAN?\nTwo networks.\n' });
    expect(imported.reply?.text).toContain('1 card (1 new');
    const quiz = (await ada({ type: 'quiz', deck: 'my-deck', mode: 'self' })).reply!;
    const show = await ada({ type: 'press', id: quiz.choices![0]!.id });
    expect(show.reply?.choices?.length).toBeGreaterThan(0);
    expect(seeIt(show)).toBeUndefined();

    expect((await ada({ type: 'press', id: buildId({ kind: 'see', card: 999_999 }) })).reply?.text).toBe('That card no longer exists.');
    // A real card of another deck, with a forged See it id: refused, nothing drawn.
    const workspace = await store.ensureWorkspace('discord', 'guild-1');
    const deck = await store.findDeck(workspace, 'my-deck');
    const [own] = await store.deckCards(deck!.id);
    expect((await ada({ type: 'press', id: buildId({ kind: 'see', card: own!.id }) })).reply?.text).toBe('There is no picture for this card.');
    expect(generator.requests).toEqual([]);
  });
});
