/**
 * Typed answers through the whole bot: the card's key points and accepted answers come from the deck
 * file through the database to the grader, and the deck's other cards are its context.
 */
import { describe, expect, it } from 'vitest';
import { dbTargets, withDb } from '../support/db.js';
import { makeBot, roundIdOf } from '../support/core.js';

const DECK = [
  'Autoencoders and GANs',
  'What are the two components of an Autoencoder and their purpose?',
  'The encoder downsizes the input. The decoder reconstructs it as close to the original as possible.',
  'Key: the encoder downsizes the input; the decoder reconstructs the input',
  'Accept: squeeze then unsqueeze',
  'Explain the intuition behind a GAN',
  'A generator makes fake images to fool a discriminator, which tells generated images from real ones.',
].join('\n');

/** A right answer, a wrong one and the verdict each gets, per card. */
const ANSWERS: Record<string, { right: string; swapped: string; otherCard: string }> = {
  'What are the two components of an Autoencoder and their purpose?': {
    right: 'squeeze then unsqueeze',
    swapped: 'The decoder compresses the input and the encoder reconstructs it.',
    otherCard: 'A generator makes fake images to fool a discriminator, which tells generated images from real ones.',
  },
  'Explain the intuition behind a GAN': {
    right: 'The generator creates fake pictures to trick the discriminator, which learns to tell them from real images.',
    swapped: 'The discriminator makes fake images to fool the generator, and the generator tells generated images from real ones.',
    otherCard: 'The encoder downsizes the input and the decoder reconstructs it as close to the original as possible.',
  },
};

describe.each(dbTargets)('typed answers on $name', (target) => {
  it('grades with the deck file\'s key points, accepted answers and other cards', () =>
    withDb(target.open, async (database) => {
      const t = await makeBot(database);
      const ada = t.as('Ada');
      expect((await ada({ type: 'deck_import', filename: 'ae.txt', content: DECK })).reply?.title).toMatch(/imported/);

      let deckId = 0;
      for (const [kind, expected] of [['right', /Correct/], ['swapped', /Not quite/], ['otherCard', /Not quite/]] as const) {
        const quiz = await ada({ type: 'quiz', deck: 'autoencoders-and-gans', mode: 'typed' });
        const round = (await t.store.getRound(roundIdOf(quiz)))!;
        deckId = round.card.deckId;
        const open = await ada({ type: 'press', id: quiz.reply!.choices![0]!.id });
        const answer = ANSWERS[round.card.front]![kind];
        const graded = await t.as(`Bo-${kind}`)({ type: 'submit', id: open.modal!.id, text: answer }, `m-${kind}`);
        expect(graded.reply?.title, `${kind}: ${round.card.front}`).toMatch(expected);
        if (kind === 'otherCard') expect(graded.reply?.text).toMatch(/answers another question/);
        if (kind === 'swapped') expect(graded.reply?.text).toMatch(/wrong way round/);
      }
      const cards = await t.store.deckCards(deckId);
      expect(cards[0]).toMatchObject({ keyPoints: ['the encoder downsizes the input', 'the decoder reconstructs the input'], accepted: ['squeeze then unsqueeze'] });
      expect(cards[1]).toMatchObject({ keyPoints: [], accepted: [] });

      // Re-importing with other key points updates that card only; the same file again changes nothing.
      const changed = DECK.replace('Accept: squeeze then unsqueeze', 'Accept: shrink then grow');
      expect((await ada({ type: 'deck_import', filename: 'ae.txt', content: changed })).reply?.text).toMatch(/0 new, 1 updated, 1 unchanged/);
      expect((await ada({ type: 'deck_import', filename: 'ae.txt', content: changed })).reply?.text).toMatch(/0 new, 0 updated, 2 unchanged/);
      expect((await t.store.deckCards(deckId))[0]!.accepted).toEqual(['shrink then grow']);
    }));
});
