/**
 * Answers that say a key point the other way round, and answers that only seem to: a denial of the one
 * thing a point is, as much said wrong as right, a keyword list with a formula in it, a statement about
 * someone the card never names, "not only", and a "no" that reaches over "or".
 */
import { describe, expect, it } from 'vitest';
import { clausesOf } from '../../../src/core/grading/clauses.js';
import { BOTH_DECKS, grader, LOSSES, VAE, withKeys } from '../../support/gan-grading.js';

const USES = 'What can you use';
const PROBLEMS = 'What are some of the problems';

describe('a formula in an answer', () => {
  it('is a name: its numbers make no claim, where a number of things does', () => {
    expect(clausesOf('N(0,1)')[0]!.claims).toBe(false);
    expect(clausesOf('2 networks')[0]!.claims).toBe(true);
  });

  it('leaves a list of keywords a list, on both decks, while naming both losses still answers', () => {
    for (const [, { cards }] of BOTH_DECKS) {
      const g = grader(cards)(LOSSES, 'loss, image, latent space, distributions, N(0,1), similarity, distance');
      expect(g.flags).toContain('no-claim');
      expect(g.verdict).toBe('incorrect');
    }
    expect(grader(withKeys.cards)(LOSSES, 'L2 and KL to N(0,1)').verdict).toBe('correct');
  });
});

describe('a key point that is one thing alone', () => {
  it('is denied by a statement that denies that thing', () => {
    for (const [, { cards }] of BOTH_DECKS) {
      const g = grader(cards)(USES, "You can't generate anything new with it, it only copies its input");
      expect(g.flags).toContain('negated');
      expect(g.verdict).toBe('incorrect');
    }
    const g = grader(withKeys.cards)(USES, "you can't use it for compression, only for generating new images");
    expect(g.verdict).not.toBe('correct');
    expect(g.feedback).toMatch(/says the opposite of "compression"/);
  });

  it('is not denied by "not only … also"', () => {
    for (const [, { cards }] of BOTH_DECKS) {
      expect(grader(cards)(USES, "it's not only for compression, you can also generate new images").verdict).toBe('correct');
      expect(grader(cards)(USES, 'you cannot only compress with it but also generate').verdict).toBe('correct');
    }
  });
});

describe('as much said the other way round as got right', () => {
  it('is not partly right', () => {
    const g = grader(withKeys.cards)(VAE, "A VAE doesn't learn the data distribution at all; it maps each input to one fixed point in the latent space, exactly like a normal autoencoder");
    expect(g.verdict).toBe('incorrect');
    expect(g.feedback).toMatch(/says the opposite of "a VAE learns the data distribution of the training data"/);
  });
});

describe('what is no opposite', () => {
  it('a statement about someone the card never names ("the network decides")', () => {
    const g = grader(withKeys.cards)(
      PROBLEMS,
      'the network decides by itself what z captures, so you cannot control which features of the training data it represents, and you cannot control their position in the latent space either',
    );
    expect(g.verdict).toBe('correct');
    expect(g.feedback).not.toMatch(/opposite/);
  });

  it('the second half of "no control over A, or over B"', () => {
    const g = grader(withKeys.cards)(
      PROBLEMS,
      'the model picks on its own what goes into z: you have no control over which features of the training data are represented, or over their position in the latent space',
    );
    expect(g.verdict).toBe('correct');
  });
});

describe('a typo in an inflected word', () => {
  it('is matched by its stem: "compresing" is compression, "generting" generation', () => {
    for (const [, { cards }] of BOTH_DECKS) {
      expect(grader(cards)(USES, 'you can use it for compresing images and for generting new ones').verdict).toBe('correct');
    }
  });
});

describe('a technical name denied, however the answer writes it', () => {
  it('"they never look like a standard normal" denies the point on N(0, 1)', () => {
    const denied = grader(withKeys.cards)(LOSSES, 'the L2 loss says how alike the output and the input images are, and the KL divergence keeps the latent distributions off N(0,1), so they never look like a standard normal');
    expect(denied.verdict).toBe('incorrect');
    expect(denied.feedback).toMatch(/says the opposite of "the KL divergence/);
    const right = grader(withKeys.cards)(LOSSES, 'the L2 loss says how alike the output and the input images are, and the KL divergence is the distance of the latent distributions from a standard normal');
    expect(right.verdict).toBe('correct');
  });
});
