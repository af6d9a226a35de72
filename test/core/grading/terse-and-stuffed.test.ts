/**
 * Terse answers a teacher accepts (the names a question asks for, a name that spells out the reference's
 * term) and padded ones a teacher does not (a bag of keywords, other cards' answers pasted around the
 * right one): on the gan deck with its key points and without them.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedDeck } from '../../../src/core/decks/parse.js';
import { gradeTyped } from '../../../src/core/grading/typed.js';
import { AE, BOTH_DECKS, CYCLE, GAN, grader, KL, LOSSES, withKeys } from '../../support/gan-grading.js';

describe('terse answers, on the gan deck with key points', () => {
  const grade = grader(withKeys.cards);

  it('gives partial credit for naming the solution alone', () => {
    for (const answer of ['Use a WGAN.', 'The solution is to use WGAN.', 'a Wasserstein GAN']) {
      const g = grade(KL, answer);
      expect(g.verdict, answer).toBe('partial');
      expect(g.matched.join(' '), answer).toMatch(/WGAN/);
    }
  });
});

describe.each(BOTH_DECKS)('the gan deck %s', (_name, deck: ParsedDeck) => {
  const grade = grader(deck.cards);

  it('passes a terse note that says what each part does, and wants it where the question asks for it', () => {
    expect(grade(AE, 'encoder: compress, decoder: reconstruct').verdict).toBe('correct');
    // Without the colons it is the same note: each party with its own action.
    expect(grade(AE, 'encoder compresses, decoder reconstructs')).toMatchObject({ verdict: 'correct', flags: [] });
    expect(grade(AE, 'decoder compresses, encoder reconstructs').flags).toContain('swapped');
    expect(grade(AE, 'encoder, decoder').verdict).toBe('partial');
  });

  it('passes the names a question asks for, without their glosses', () => {
    for (const answer of ['L2 + KL', 'the L2 loss and the KL divergence', 'a reconstruction term and a KL term']) expect(grade(LOSSES, answer).verdict, answer).toBe('correct');
    expect(grade(LOSSES, 'The KL divergence.').verdict).toBe('partial');
    // Naming them does not excuse giving them each other's glosses.
    expect(grade(LOSSES, 'The KL divergence measures how similar the output image is to the input image, and the L2 loss measures the distance of the latent distributions from N(0, 1).').verdict).toBe('incorrect');
  });

  it('gives "Use a WGAN." partial credit, not a fail', () => {
    expect(grade(KL, 'Use a WGAN.')).toMatchObject({ verdict: 'partial', flags: [] });
  });

  it('fails a bag of the right keywords, also on a card with a long reference', () => {
    for (const [front, bag] of [
      [GAN, 'generator discriminator fake real images fool'],
      [KL, 'KL WGAN Wasserstein earth mover distributions'],
    ] as const) {
      const g = grade(front, bag);
      expect(g.verdict, bag).toBe('incorrect');
      expect(g.flags, bag).toContain('no-claim');
    }
  });

  it('does not pass the right answer with another card\'s answer pasted beside it', () => {
    const backOf = (front: string) => deck.cards.find((c) => c.front.startsWith(front))!.back;
    expect(grade(AE, backOf(AE)).verdict).toBe('correct');
    for (const pasted of [`${backOf(AE)} ${backOf(GAN)}`, `${backOf(GAN)} ${backOf(AE)}`, `${backOf(GAN)} ${backOf('Briefly explain the CycleGAN')}`]) {
      const front = pasted.startsWith(backOf(AE)) || pasted.endsWith(backOf(AE)) ? AE : GAN;
      const g = grade(front, pasted);
      expect(g.verdict, pasted).toBe('partial');
      expect(g.score).toBeLessThan(0.7);
      expect(g.feedback).toMatch(/other questions/);
    }
  });
});

describe('names without glosses, on a card without key points', () => {
  const back = 'The L2 loss (How similar the output image is from the input image), and the KL divergence (The distance of the latent space distributions of z from N(0, 1))';

  it('answer a question that asks for the names', () => {
    expect(gradeTyped('L2 + KL', { front: 'What are the two losses in a variational autoencoder?', back }).verdict).toBe('correct');
  });

  it('do not answer one that asks what they do, or a reference that says more than the names', () => {
    expect(gradeTyped('L2 + KL', { front: 'Explain the two losses of a variational autoencoder.', back }).verdict).not.toBe('correct');
    expect(gradeTyped('L2 + KL', { front: 'What are the two losses in a variational autoencoder?', back: `${back}, weighted so that the latent space stays smooth enough to sample from` }).verdict).not.toBe('correct');
  });
});

describe("a capital letter's plural", () => {
  it('"2 G\'s, 2 D\'s" are two generators and two discriminators', () => {
    const g = grader(withKeys.cards)(CYCLE, "2 G's (A to B and B to A), 2 D's (1 per domain), cycle loss so horse to zebra to horse is close to the orig horse");
    expect(g.verdict).toBe('correct');
  });
});
