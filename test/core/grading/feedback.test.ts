/** The sentences under a verdict read as a teacher writes them, whatever the lists hold. */
import { describe, expect, it } from 'vitest';
import { feedbackOf, type FeedbackInput } from '../../../src/core/grading/feedback.js';
import { prepareReference, type PreparedReference } from '../../../src/core/grading/reference.js';
import { grader, plain, withKeys } from '../../support/gan-grading.js';

const reference = prepareReference('The encoder compresses the input. The decoder reconstructs it.');
const input = (f: Partial<FeedbackInput>): FeedbackInput => ({ verdict: 'partial', flags: [], matched: [], missed: [], clauses: [], reference, ...f });

describe('feedback', () => {
  it('names what was got and what is missing', () => {
    expect(feedbackOf(input({ matched: ['The encoder compresses the input'], missed: ['The decoder reconstructs it'] }))).toBe(
      'Partly right. You got "The encoder compresses the input". Still missing: "The decoder reconstructs it".',
    );
  });

  it('never leaves an empty list, a dangling colon or a double space', () => {
    const texts = (['correct', 'partial', 'incorrect'] as const).flatMap((verdict) =>
      [
        { matched: [], missed: [] },
        { matched: ['The encoder compresses the input'], missed: [] },
        { matched: [], missed: ['The decoder reconstructs it'] },
      ].map((lists) => feedbackOf(input({ verdict, ...lists }))),
    );
    for (const text of texts) {
      expect(text).not.toMatch(/ {2}|: ?\.|""|missing: $|say \.$/);
      expect(text).toMatch(/[.]$/);
    }
    expect(feedbackOf(input({ verdict: 'partial', matched: ['The encoder compresses the input'] }))).toBe(
      'Partly right. You got "The encoder compresses the input". Say more about each point to make it a complete answer.',
    );
    expect(feedbackOf(input({ verdict: 'correct', missed: ['The decoder reconstructs it'] }))).toBe('Right. For a complete answer also mention "The decoder reconstructs it".');
  });

  it('does not cut a reference sentence at an abbreviation', () => {
    const ref = prepareReference('The generator generates e.g. images, and its purpose is to fool the discriminator. The discriminator, i.e. a classifier, tells real from fake.');
    expect(ref.units.map((u) => u.text)).toEqual([
      'The generator generates e.g. images, and its purpose is to fool the discriminator.',
      'The discriminator, i.e. a classifier, tells real from fake.',
    ]);
  });
});

describe('feedback quotes', () => {
  it('shortens a long quote between characters, never inside an emoji', () => {
    const otherCard = `${'x'.repeat(118)}😀😀 and more`;
    const feedback = feedbackOf({ verdict: 'incorrect', flags: ['other-card'], otherCard, matched: [], missed: [], clauses: [], reference: {} as PreparedReference });
    expect(feedback).toBe(`That answers another question of this deck ("${'x'.repeat(118)}😀…"), not this one.`);
    expect(feedback).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('feedback on an answer that says the opposite', () => {
  // It used to quote the reference's first positive statement ("Two networks"), whatever the answer denied.
  it('quotes the statement the answer denies, on a card with key points and on one without', () => {
    const denial = 'the discriminator does not try to distinguish real from fake images';
    const keyed = grader(withKeys.cards)('Explain the intuition behind a GAN', denial);
    expect(keyed.flags).toContain('negated');
    expect(keyed.feedback).toBe('Your answer says the opposite of the reference, which says "the discriminator distinguishes the generated images from real images".');
    const bare = grader(plain.cards)('Explain the intuition behind a GAN', denial);
    expect(bare.flags).toContain('negated');
    expect(bare.feedback).toMatch(/^Your answer says the opposite of the reference, which says "The discriminator then tries to distinguish between the generated/);
  });

  it('quotes a key point\'s statement from the key point itself, not from the same place in the reference', () => {
    // A key point's clauses count from the start of the key point: sliced from the reference, "generation" read "Compressio".
    const g = grader(withKeys.cards)('What can you use a variational autoencoder for?', "it can't be used for generation");
    expect(g.flags).toContain('negated');
    expect(g.feedback).toBe('Your answer says the opposite of the reference, which says "generation".');
  });

  it('names a key point as got, not missed, when the answer says it in the words of the others', () => {
    const g = grader(withKeys.cards)('Explain the intuition behind a GAN', 'a generator and a discriminator');
    expect(g.verdict).toBe('partial');
    expect(g.matched).toEqual(['two networks, a generator and a discriminator']);
    expect(g.missed).toEqual(['the generator generates images to fool the discriminator', 'the discriminator distinguishes the generated images from real images']);
    // Named alone, a unit's shared words still count for nothing where the answer lacks the rest.
    const other = grader(withKeys.cards)('Explain the intuition behind a GAN', 'the generator makes images');
    expect(other.missed).toContain('two networks, a generator and a discriminator');
  });

  it("quotes the other statement when that is the one denied", () => {
    const g = grader(plain.cards)('What are the two components of an Autoencoder', 'The decoder never reconstructs the downsized input.');
    expect(g.flags).toContain('negated');
    expect(g.feedback).toMatch(/which says "The decoder takes the downsized input and tries to reconstruct it/);
  });
});
