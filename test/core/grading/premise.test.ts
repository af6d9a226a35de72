/**
 * An answer that denies the question's premise ("there isn't really a difference" to "What is the
 * difference …?") is not right, whatever words it shares with the reference; one that says a part does
 * not differ is graded as usual, and so is the denial where the card's own answer makes it.
 */
import { describe, expect, it } from 'vitest';
import { deniesPremise } from '../../../src/core/grading/premise.js';
import { gradeTyped } from '../../../src/core/grading/typed.js';
import { BOTH_DECKS, grader, VAE } from '../../support/gan-grading.js';

const QUESTION = 'What is the difference between a variational autoencoder and a basic autoencoder';

describe('a premise denied', () => {
  it('is a first statement that there is no difference, on a question about one', () => {
    for (const a of ['there isnt really a difference, a VAE also just learns to reconstruct images', 'No real difference.', "They're basically the same"]) expect(deniesPremise(a, QUESTION)).toBe(true);
    for (const a of ['There is no difference in the decoder, but the latent space is distributions', 'The difference is that there is no sampling in an AE', 'A VAE samples; otherwise there is no real difference']) expect(deniesPremise(a, QUESTION)).toBe(false);
    expect(deniesPremise('no difference', 'What are the two losses in a variational autoencoder?')).toBe(false);
  });
});

describe.each(BOTH_DECKS)('the gan deck %s', (_name, deck) => {
  const grade = grader(deck.cards);

  it('fails "there is no real difference", naming the difference the card gives', () => {
    const g = grade(VAE, "there isn't really a difference, a VAE also just learns to reconstruct images, it doesn't learn a distribution");
    expect(g.verdict).toBe('incorrect');
    expect(g.score).toBe(0);
    expect(g.feedback).toMatch(/^Not right: the card says there is a difference, starting with "/);
    expect(g.matched).toEqual([]);
  });

  it('grades "no difference in the decoder, but …" on what it says', () => {
    expect(grade(VAE, "There is no difference in the decoder, but the VAE's latent space is distributions it samples from").verdict).toBe('partial');
  });
});

it('takes "no difference" for right where the card says so', () => {
  const card = { front: 'What is the difference between a perceptron and a one-neuron network?', back: 'There is no real difference: they are the same model.' };
  expect(gradeTyped('there is no real difference, they are the same model', card).verdict).toBe('correct');
});
