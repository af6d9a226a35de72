/**
 * Phrases whose words stand apart ("get the original back", "classified as real by the discriminator"),
 * words that are their own "no" ("disjoint"), and what a "no" names against an answer that says it is
 * there ("with no overlap …" against "when they overlap …"); a point about the latent space is not said by
 * naming the latent space.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedDeck } from '../../../src/core/decks/parse.js';
import { clausesOf } from '../../../src/core/grading/clauses.js';
import { extractTerms } from '../../../src/core/grading/terms.js';
import { AE, BOTH_DECKS, CYCLE, GAN, grader, KL, plain, VAE, withKeys } from '../../support/gan-grading.js';

const concepts = (text: string) => extractTerms(text).map((t) => t.concept);
/** Says of overlapping distributions what the card says of disjoint ones. */
const OVERLAPPING = "KL measures how similar two distributions are; when they overlap the loss is close to zero and training breaks. The fix is WGAN with the earth mover's distance.";

describe('phrasal phrases', () => {
  it('reads "get … back" as reconstructing, keeping the object between', () => {
    expect(concepts('the decoder tries to get the original input back')).toEqual(expect.arrayContaining(['reconstruct', 'input']));
    expect(concepts('the decoder tries to get the original input back')).not.toContain('back');
    expect(concepts('bring the image back together')).toEqual(['reconstruct', 'image']);
  });

  it('reads a passive "classified as real" as fooling, and not "classified as real or fake"', () => {
    // "get" stays, a generic word; "classified as real" is one concept, neither classifying nor "real".
    expect(concepts('get them classified as real by the discriminator')).toEqual(['get', 'fool', 'discriminator']);
    expect(concepts('fakes that pass as real')).toEqual(['fake', 'fool']);
    expect(concepts('images are classified as real or fake')).not.toContain('fool');
  });
});

describe('what a clause says there is none of', () => {
  it('is the thing a "no", "without" or "non-" names, or the concept of a privative word', () => {
    expect([...clausesOf('with no overlap the loss is close to zero')[0]!.lacks]).toEqual(['overlap']);
    expect([...clausesOf('for non-overlapping distributions')[0]!.lacks]).toEqual(['overlap']);
    expect([...clausesOf('when the distributions are disjoint')[0]!.lacks]).toEqual(['overlap']);
    // A count is not a thing there is none of: "without paired data" says nothing against "two generators".
    expect([...clausesOf('without paired data')[0]!.lacks]).toEqual(['data']);
    expect([...clausesOf('when they overlap the loss is zero')[0]!.lacks]).toEqual([]);
  });

  it('is also what a condition said before it in its sentence lacks, and not past the sentence', () => {
    const clauses = clausesOf('However, if the two distributions differ entirely, i.e no overlap, then we have close to zero loss, which ruins training. The solution is WGAN.');
    const at = (words: string) => clauses.find((c) => c.terms.some((t) => t.word === words))!;
    expect([...at('zero').lacks]).toEqual(['overlap']);
    expect([...at('ruins').lacks]).toEqual(['overlap']);
    expect(at('zero').conditional).toBe(true);
    expect([...at('solution').lacks]).toEqual([]);
    expect(at('solution').conditional).toBe(false);
    // Without a condition a "no" stays in its clause.
    expect([...clausesOf('There is no overlap, the loss is zero')[1]!.lacks]).toEqual([]);
  });
});

describe.each(BOTH_DECKS)('the gan deck %s', (_name, deck: ParsedDeck) => {
  const grade = grader(deck.cards);

  it('passes "the decoder tries to get the original back"', () => {
    expect(grade(AE, 'the encoder compresses the input and the decoder tries to get the original back').verdict).toBe('correct');
  });

  it('passes a generator that gets its images "classified as real by the discriminator"', () => {
    const g = grade(GAN, 'two networks: a generator makes images and tries to get them classified as real by the discriminator, which tells generated images from real ones');
    expect(g.verdict).toBe('correct');
    expect(g.flags).toEqual([]);
    expect(g.missed).toEqual([]);
  });

  // "disjoint" is read as overlap, so it must carry its "no": else it would say the opposite of "with no overlap".
  it('passes "disjoint" for "no overlap", not as its opposite', () => {
    expect(grade(KL, "KL measures how similar two distributions are; when they are disjoint the loss is close to zero and training breaks. The fix is WGAN with the earth mover's distance.").verdict).toBe('correct');
  });
});

describe('"instead of" and "rather than"', () => {
  it('set aside what follows them in the part, as a "no" reaches, without denying the clause', () => {
    const [c] = clausesOf('a VAE learns distributions instead of single points');
    expect(c!.negatedScope!.has('point')).toBe(true);
    expect(c!.setAside.has('point')).toBe(true);
    expect(c!.negatedScope!.has('distribution')).toBe(false);
    expect(c!.denies).toBe(false);
    expect(clausesOf('rather than copying the input')[0]!.negated).toBe(true);
    expect(clausesOf('instead, it samples')[0]!.negated).toBe(false);
  });
});

describe('the gan deck without key points', () => {
  const grade = grader(plain.cards);

  it('fails "does not learn the data distribution" against "instead of only learning to reconstruct images, a VAE learns the data distribution"', () => {
    const g = grade(VAE, 'A VAE does not learn the data distribution; it only learns to reconstruct images like a basic autoencoder.');
    expect(g.verdict).toBe('incorrect');
    expect(g.flags).toContain('negated');
    expect(grade(VAE, 'A VAE learns the data distribution, not just how to reconstruct images; its latent space is distributions it samples from').verdict).toBe('correct');
  });

  it('does not pass an answer whose condition has what the reference\'s condition says there is none of', () => {
    const g = grade(KL, OVERLAPPING);
    expect(g.verdict).toBe('partial');
    expect(g.feedback).toMatch(/says the opposite of "However, if the two distributions different entirely, i\.e no overlap, then we have close to zero loss/);
    expect(grade(KL, "KL compares distributions; with no overlap the loss is near zero, so training stalls. WGAN uses the Wasserstein (earth mover's) distance instead.").verdict).toBe('correct');
  });

  // The rule reads the reference's "no" only: an answer's "no packets are routed" denies a statement, it does not say there are none.
  it('does not take an answer\'s "no … are" for saying there is none', () => {
    const card = { front: 'How does reverse path forwarding work?', back: 'When a packet arrives from the neighbour on the best path to its sender, forward the packet to all other neighbours.' };
    const g = grader([card])(card.front, 'If a node has learned that no packets are routed to the sender through that neighbour, then it does not forward the packet; else it forwards the packet to all other neighbours.');
    expect(g.feedback).not.toContain('says the opposite');
  });
});

describe('the gan deck with key points', () => {
  const grade = grader(withKeys.cards);

  it('does not credit "with no overlap the loss is close to zero" to an answer that says it of overlapping distributions', () => {
    const g = grade(KL, OVERLAPPING);
    expect(g.verdict).toBe('partial');
    expect(g.feedback).toContain('says the opposite of "with no overlap the loss is close to zero, which ruins training"');
    expect(grade(KL, "KL measures how similar two distributions are; when they don't overlap the loss is close to zero and training breaks. The fix is WGAN with the earth mover's distance.").verdict).toBe('correct');
  });

  it('does not credit "the latent space is distributions" for naming the latent space', () => {
    // Without "there is no real difference", which premise.ts fails whatever the rest says.
    const g = grade(VAE, 'the VAE just has a bigger latent space');
    expect(g.verdict).toBe('incorrect');
    expect(g.matched).toEqual([]);
    expect(grade(VAE, "the VAE's latent space is probabilistic instead of just fixed points").matched).toEqual(['the latent space is distributions']);
  });

  it('does not credit a point of two words for one of them: "in both domains" is not "one discriminator for each domain"', () => {
    const g = grade(CYCLE, 'CycleGAN needs paired images in both domains and has no reconstruction loss');
    expect(g.matched).toEqual([]);
    expect(g.verdict).not.toBe('correct');
    expect(grade(CYCLE, 'two generators A to B and B to A, a discriminator in each domain').matched).toContain('one discriminator for each domain');
  });
});
