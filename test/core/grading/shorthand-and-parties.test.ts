/**
 * How students really write: abbreviations ("enc", "dec", "EMD"), a purpose that says the other party is
 * beaten ("so good that D can't tell"), a list of the names a question asks for; and what does not count:
 * naming a party without what it does, one party's point credited from another's clause, a run of noun
 * phrases that states nothing. On the gan deck with its key points and without them.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedDeck } from '../../../src/core/decks/parse.js';
import { AE, BOTH_DECKS, GAN, grader, KL, LOSSES, VAE, withKeys } from '../../support/gan-grading.js';

describe.each(BOTH_DECKS)('the gan deck %s', (_name, deck: ParsedDeck) => {
  const grade = grader(deck.cards);

  it('reads abbreviations of the reference\'s words as those words', () => {
    const abbreviated = grade(AE, 'enc squashes the input into a small code, dec rebuilds the original from it');
    expect(abbreviated.verdict).toBe('correct');
    // Read as the parties, the abbreviations can also give the roles the wrong way round.
    expect(grade(AE, 'dec squashes the input into a small code, enc rebuilds the original from it').flags).toContain('swapped');
  });

  it("takes \"can't tell them apart\" in a purpose as fooling, not as a denial", () => {
    const g = grade(GAN, "G tries to produce fake imgs good enough that D can't tell them from real ones, D learns to spot the fakes");
    expect(g.flags).toEqual([]);
    expect(g.verdict).toBe('correct');
    // Said as a plain statement, it still denies what the discriminator does.
    expect(grade(GAN, "The generator makes images. The discriminator can't tell generated images from real images.").verdict).not.toBe('correct');
  });

  it('fails a run of noun phrases that names the topics and states nothing', () => {
    expect(grade(VAE, 'VAE, AE, sampling, distributions, latent space, training data')).toMatchObject({ verdict: 'incorrect', flags: ['no-claim'] });
  });
});

describe('the gan deck with key points', () => {
  const grade = grader(withKeys.cards);

  it('counts an initialism as the phrase it spells', () => {
    const g = grade(KL, 'no overlap between the distributions means the KL loss is about zero and training is ruined. WGAN fixes it with a Wasserstein loss, the EMD');
    expect(g.matched).toContain("the Wasserstein loss is the earth mover's distance");
    // A longer abbreviation, of a much longer word: "dist" for "distance".
    expect(grade(KL, "no overlap between the distributions means the KL loss is about zero and training is ruined. WGAN fixes it with a Wasserstein loss, the earth mover's dist").matched).toContain(
      "the Wasserstein loss is the earth mover's distance",
    );
    expect(grade(KL, 'no overlap between the distributions means the KL loss is about zero and training is ruined. WGAN fixes it with a Wasserstein loss, the XYZ').missed).toContain(
      "the Wasserstein loss is the earth mover's distance",
    );
  });

  it("does not credit one party's point from a clause about the other", () => {
    const g = grade(AE, 'The decoder reconstructs the input from the compressed representation.');
    expect(g.verdict).toBe('partial');
    expect(g.missed).toEqual(['the encoder downsizes the input']);
    expect(grade(AE, 'The encoder compresses the input and the decoder reconstructs it from the compressed representation.').verdict).toBe('correct');
  });

  it('wants what each part does, not only their names', () => {
    const g = grade(AE, 'encoder and decoder, together they learn to copy the input');
    expect(g.verdict).toBe('partial');
    expect(g.matched).toEqual([]);
  });

  it('passes a list of the names a "what are" question asks for', () => {
    expect(grade(LOSSES, 'l2 loss & kl divergance')).toMatchObject({ verdict: 'correct', flags: [] });
    expect(grade(LOSSES, 'l2 loss & cross entropy').verdict).not.toBe('correct');
  });
});

describe('feedback on the gan deck with key points', () => {
  const grade = grader(withKeys.cards);

  it('does not call an answer "partly right" with nothing named as right, and says what each point needs', () => {
    const g = grade(AE, 'encoder and decoder, together they learn to copy the input');
    expect(g.feedback).toMatch(/^On the right track, but no point is complete yet\. Say what the answer needs: "the encoder downsizes the input" and /);
  });

  it('quotes what the reference says when the answer denies it, not as if the answer said it', () => {
    expect(grade('What can you use a variational autoencoder for?', "it can't be used for generation").feedback).toBe('Your answer says the opposite of the reference, which says "generation".');
  });
});
