/**
 * What a teacher reads as it is meant: a "not" inside a condition ("when the distributions do not overlap …")
 * states no denial, "reconstruction loss" is the name the VAE's L2 loss goes by, and "new samples" are
 * generated ones. On the gan deck with its key points and without them.
 */
import { describe, expect, it } from 'vitest';
import { BOTH_DECKS, grader, KL, LOSSES, plain, withKeys } from '../../support/gan-grading.js';

const KL_RIGHT =
  'When the real and generated distributions do not overlap the KL based loss gives no useful gradient, so training stalls. WGAN uses the Wasserstein (earth mover) distance instead.';

describe('a "not" inside a condition', () => {
  it('is no denial of a key point: the full answer is right', () => {
    const g = grader(withKeys.cards)(KL, KL_RIGHT);
    expect(g.verdict).toBe('correct');
    expect(g.feedback).not.toMatch(/opposite/);
  });

  it('still leaves a denial outside the condition a denial', () => {
    const g = grader(withKeys.cards)(KL, 'KL works fine when distributions do not overlap, so there is no problem and no need for WGAN.');
    expect(g.verdict).toBe('incorrect');
  });

  it('is part of the condition, not of the statement before it: "KL doesn\'t work when they don\'t overlap" is partly right', () => {
    const g = grader(withKeys.cards)(KL, "KL doesn't work when distributions don't overlap");
    expect(g.verdict).toBe('partial');
    expect(g.flags).toEqual([]);
    expect(g.feedback).not.toMatch(/opposite/);
    expect(g.missed).toContain('the solution is WGAN, a Wasserstein loss');
  });

  it('fails the condition with the opposite outcome: "works fine" where the reference says it "ruins training"', () => {
    for (const answer of ['KL works fine when distributions do not overlap', 'KL works well even when distributions do not overlap']) {
      const g = grader(withKeys.cards)(KL, answer);
      expect(g.flags, answer).toContain('negated');
      expect(g.feedback, answer).toContain('says the opposite of the reference, which says "with no overlap the loss is close to zero, which ruins training"');
    }
  });

  it('is no denial on the deck without key points either', () => {
    const g = grader(plain.cards)(KL, KL_RIGHT);
    expect(g.flags).not.toContain('negated');
    expect(g.verdict).not.toBe('incorrect');
  });
});

describe.each(BOTH_DECKS)('"reconstruction loss" for the L2 loss, %s', (_, deck) => {
  const grade = grader(deck.cards);

  it('passes the two losses named by what they do', () => {
    for (const answer of ['reconstruction loss and KL divergence', 'the reconstruction error plus the KL term']) expect(grade(LOSSES, answer).verdict, answer).toBe('correct');
  });

  it('still fails two losses of another model', () => {
    expect(grade(LOSSES, 'the generator loss and the discriminator loss').verdict).toBe('incorrect');
  });
});

describe.each(BOTH_DECKS)('"new samples" for generation, %s', (_, deck) => {
  const grade = grader(deck.cards);
  const USES = 'What can you use a variational';

  it('gives one of the two uses partial credit, and both full', () => {
    expect(grade(USES, 'to make new samples').verdict).toBe('partial');
    expect(grade(USES, 'making new images and compressing data').verdict).toBe('correct');
  });

  it('does not read "samples" alone as generating', () => {
    expect(grade(USES, 'it samples').verdict).toBe('incorrect');
  });
});
