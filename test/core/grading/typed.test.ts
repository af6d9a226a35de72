import { describe, expect, it } from 'vitest';
import { gradeTyped, EASY_THRESHOLD } from '../../../src/core/grading/typed.js';
import { deckContext } from '../../../src/core/grading/deck-context.js';
import { extractTerms } from '../../../src/core/grading/terms.js';
import { AE, GAN, grader, plain, VAE, withKeys } from '../../support/gan-grading.js';

describe.each([
  ['the gan deck with key points', withKeys],
  ['the gan deck without key points', plain],
])('grading answers on %s', (_name, deck) => {
  const grade = grader(deck.cards);

  it('has key points only where the deck gives them', () => {
    expect(deck.cards.every((c) => (c.keyPoints ?? []).length > 0)).toBe(deck === withKeys);
  });

  it('passes a copy of the reference on every card', () => {
    for (const c of deck.cards) expect(grade(c.front, c.back).verdict, c.front).toBe('correct');
  });

  it('passes a paraphrase', () => {
    const g = grade(AE, 'An encoder that compresses the input into a smaller representation, and a decoder that rebuilds the original input from that representation as faithfully as it can.');
    expect(g.verdict).toBe('correct');
    expect(g.rating).toBeGreaterThanOrEqual(3);
    // The issue's own example: "where they end up" is the position the key point asks for.
    expect(grade('What are some of the problems', "you can't control which features the latent space captures or where they end up").verdict).toBe('correct');
  });

  it('passes synonyms', () => {
    expect(grade(AE, 'The encoder shrinks the data down; the decoder takes the shrunken version and recreates the original from it.').verdict).toBe('correct');
    // What a latent space represents is what it encodes or captures.
    expect(grade('What are some of the problems', "you can't control which features z encodes or where they end up").verdict).toBe('correct');
  });

  it('passes a terse note', () => {
    expect(grade(VAE, 'VAE: learns the data distribution, latent space = distributions, sampled by the encoder').verdict).toBe('correct');
  });

  it('passes small typos', () => {
    expect(grade(AE, 'the encodr downsizes the imput and the decodr reconstructs it back to the orignal').verdict).toBe('correct');
  });

  it('gives partly right to half an answer, and names what is missing and what was got', () => {
    const g = grade(AE, 'An encoder and a decoder.');
    expect(g.verdict).toBe('partial');
    expect(g.rating).toBe(2);
    expect(g.missed.length).toBeGreaterThan(0);
    // Naming the parts is not yet saying what either does (key points say who each is about): then no
    // point is got, and the feedback does not call it "partly right" with nothing named as right.
    expect(g.feedback).toMatch(g.matched.length > 0 ? /^Partly right/ : /^On the right track, but no point is complete yet/);
    const half = grade(GAN, 'The generator generates images and tries to fool the discriminator.');
    expect(half.verdict).toBe('partial');
    expect(half.matched.join(' ')).toMatch(/fool/);
    expect(half.missed.join(' ')).toMatch(/distinguish/);
  });

  it('fails an answer that negates the reference', () => {
    const g = grade(AE, 'The encoder does not compress the input and the decoder does not reconstruct it.');
    expect(g).toMatchObject({ verdict: 'incorrect', rating: 1, flags: ['negated'] });
    expect(g.feedback).toMatch(/opposite/);
    expect(grade(GAN, 'The generator does not try to fool the discriminator, and the discriminator does not distinguish fake images from real ones.').verdict).toBe('incorrect');
  });

  it('fails an answer that swaps who does what', () => {
    const g = grade(AE, 'The decoder compresses the input and the encoder reconstructs it.');
    expect(g.verdict).toBe('incorrect');
    expect(g.flags).toContain('swapped');
    expect(g.feedback).toMatch(/wrong way round/);
  });

  it('fails a bag of the right keywords with no claim in it', () => {
    for (const [front, bag] of [
      [AE, 'encoder decoder input downsized reconstruct original'],
      [GAN, 'generator discriminator fake real images fool'],
    ] as const) {
      const g = grade(front, bag);
      expect(g.verdict, bag).toBe('incorrect');
      expect(g.flags, bag).toContain('no-claim');
    }
  });

  it('fails the answer to another card of the same deck, and says which', () => {
    const g = grade(AE, 'Two networks, a generator and a discriminator: the generator tries to fool the discriminator, which tells real images from generated ones.');
    expect(g.verdict).toBe('incorrect');
    expect(g.flags).toContain('other-card');
    expect(g.otherCard).toMatch(/^Explain the intuition behind a GAN/);
    expect(grade(GAN, 'An encoder compresses the input and a decoder reconstructs it as close to the original as possible.').verdict).toBe('incorrect');
  });

  it('scores an off-topic answer 0%: it shares nothing with the reference', () => {
    const g = gradeTyped('IV', { front: 'Capital of France?', back: 'Paris' });
    expect(g).toMatchObject({ verdict: 'incorrect', flags: ['off-topic'], score: 0 });
  });

  it('fails off-topic text', () => {
    for (const text of ['I think it is a kind of database index used to speed up queries.', 'A GAN is a kind of fish that lives in the Baltic sea.']) {
      const g = grade(text.startsWith('A GAN') ? GAN : AE, text);
      expect(g.verdict, text).toBe('incorrect');
      expect(g.score, text).toBeLessThan(0.5);
    }
  });

  it('keeps the "empty" verdict for empty and whitespace answers', () => {
    for (const a of ['', '   ', '\n\t', '?!.']) {
      const g = grade(AE, a);
      expect(g).toMatchObject({ score: 0, verdict: 'empty', rating: 1, matched: [] });
      expect(g.missed.length).toBeGreaterThan(0);
    }
  });

  it('scores more complete answers higher', () => {
    const a = grade(GAN, 'two networks').score;
    const b = grade(GAN, 'two networks, a generator and a discriminator').score;
    const c = grade(GAN, 'two networks, a generator that tries to fool a discriminator which tells real from fake images').score;
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
  });
});

describe('a key point said the other way round', () => {
  const grade = grader(withKeys.cards);

  it('is not got, keeps the answer from being right, and the feedback names it', () => {
    const g = grade(GAN, 'The generator generates images, but it is not trying to fool the discriminator; the discriminator tells real images from generated ones.');
    expect(g.verdict).not.toBe('correct');
    expect(g.feedback).toMatch(/says the opposite of "the generator generates images to fool the discriminator"/);
    expect(g.matched).not.toContain('the generator generates images to fool the discriminator');
    expect(g.missed).not.toContain('the generator generates images to fool the discriminator');
    // The same answer without the denial is right.
    expect(grade(GAN, 'The generator generates images to fool the discriminator; the discriminator tells real images from generated ones.').verdict).toBe('correct');
  });

  it('is not seen in a paraphrase that words the same denial differently', () => {
    const VAE_PROBLEMS = 'What are some of the problems';
    for (const answer of ['There is no way to choose which attributes of the training data the latent space z represents, nor their location in it.', 'We cannot decide what the latent variables end up representing, or where in the latent space each feature is placed.']) {
      const g = grade(VAE_PROBLEMS, answer);
      expect(g.verdict, answer).toBe('correct');
      expect(g.feedback, answer).not.toMatch(/opposite/);
    }
  });
});

describe('a word of the opposite meaning', () => {
  it('says the statement the other way round, as "not" does', () => {
    const keyed = grader(withKeys.cards)(AE, 'The encoder enlarges the input and the decoder shrinks it.');
    expect(keyed.verdict).toBe('incorrect');
    expect(keyed.flags).toContain('negated');
    const card = { front: 'What does the encoder do?', back: 'The encoder compresses the input into a small code.' };
    const opposite = gradeTyped('The encoder expands the input into a bigger code.', card);
    expect(opposite).toMatchObject({ verdict: 'incorrect', flags: ['negated'] });
    expect(gradeTyped('The encoder squeezes the input into a small code.', card).verdict).toBe('correct');
  });

  it('says nothing where the answer names both ("real or fake")', () => {
    const card = { front: 'What does the discriminator do?', back: 'The discriminator decides whether an image is real.' };
    expect(gradeTyped('The discriminator decides whether an image is real or fake.', card).flags).not.toContain('negated');
  });
});

describe('gradeTyped', () => {
  const grade = grader(withKeys.cards);

  it('names both cards when the answer fits two other cards alike, not a guess between them', () => {
    // "a generator and a discriminator" is as much the GAN card as the CycleGAN card.
    const g = grade('What is the difference between a variational autoencoder', 'a VAE has a generator and a discriminator');
    expect(g.flags).toContain('other-card');
    expect([g.otherCard, g.otherCardRival].sort()).toEqual(['Briefly explain the CycleGAN', 'Explain the intuition behind a GAN']);
    expect(g.feedback).toMatch(/^That answers other questions of this deck \("[^"]+" or "[^"]+"\), not this one\.$/);
    // One card plainly ahead is named alone.
    const plainly = grade('What are the two losses', 'the encoder compresses the input and the decoder reconstructs it');
    expect(plainly.otherCardRival).toBeUndefined();
    expect(plainly.feedback).toBe('That answers another question of this deck ("What are the two components of an Autoencoder and their purpose?"), not this one.');
  });

  it('does not give a key point for its count alone ("two" of "two generators")', () => {
    const g = grade('Briefly explain the CycleGAN', 'it is a VAE with two decoders');
    expect(g.verdict).toBe('incorrect');
    expect(g.matched).toEqual([]);
  });

  it('shows missed key points as the author wrote them', () => {
    const g = grade(AE, 'The encoder compresses the input into a latent code.');
    expect(g.verdict).toBe('partial');
    expect(g.matched).toEqual(['the encoder downsizes the input']);
    expect(g.missed).toEqual(['the decoder reconstructs the input as close to the original as possible']);
  });

  it('passes an accepted alternative answer that the reference alone would not', () => {
    const card = { front: 'What does the acronym SGD stand for?', back: 'Stochastic gradient descent' };
    const answer = 'Updating the weights step by step from random mini-batches';
    expect(gradeTyped(answer, card).verdict).toBe('incorrect');
    const g = gradeTyped(answer, { ...card, accepted: ['updating the weights from random mini-batches'] });
    expect(g.verdict).toBe('correct');
    expect(g.matchedReference).toBe(0);
  });

  it('carries what an appeal needs: the answer as graded and where the verdict came from', () => {
    const g = grade(AE, '  the encoder   compresses\n the input ');
    expect(g.answer).toBe('the encoder compresses the input');
    expect(g.matchedReference).toBe(-1);
  });

  it('rates a near-complete correct answer Easy and keeps scores in 0..1', () => {
    const card = withKeys.cards[0]!;
    const g = grade(AE, card.back);
    expect(g.score).toBeGreaterThanOrEqual(EASY_THRESHOLD);
    expect(g.rating).toBe(4);
    for (const a of ['x', 'encoder', card.back, 'banana bread recipe with walnuts']) {
      const s = grade(AE, a).score;
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('grades a plain reference string (no question, no deck)', () => {
    expect(gradeTyped('G fools the critic', 'The generator fools the discriminator').verdict).toBe('correct');
    expect(gradeTyped('compression, generating', 'Compression, generation,').verdict).toBe('correct');
    expect(gradeTyped('banana bread recipe with walnuts', 'The generator fools the discriminator').verdict).toBe('incorrect');
  });

  it('judges a paraphrase that shares only the question\'s terms with the reference, and still fails off-topic text', () => {
    const card = { front: 'What happens to the collision domain diameter if you increase the speed of a network by a factor of 10?', back: 'The diameter decreases by a factor of 10, e.g. from 300 m to 30 m.' };
    const paraphrase = gradeTyped('The collision domain diameter becomes 10 times smaller.', card);
    expect(paraphrase.flags).toEqual([]);
    expect(paraphrase.verdict).not.toBe('incorrect');
    for (const text of ['The weather is too cold in winter.', 'The network gets faster.']) {
      const g = gradeTyped(text, card);
      expect(g, text).toMatchObject({ verdict: 'incorrect', flags: ['off-topic'], score: 0 });
      expect(g.score, text).toBeLessThan(paraphrase.score);
    }
  });

  it('does not let pasting the whole deck pass', () => {
    const everything = withKeys.cards.map((c) => c.back).join(' ');
    expect(grade(AE, everything).verdict).not.toBe('correct');
  });
});

describe('extractTerms', () => {
  it('keeps acronyms and N(0, 1), drops stop words and folds synonyms', () => {
    const terms = extractTerms('The L2 loss and the KL divergence from N(0, 1) of the earth movers distance');
    expect(terms.map((t) => t.surface)).toEqual(['L2', 'loss', 'KL', 'divergence', 'N(0, 1)', 'earth movers', 'distance']);
    const concepts = terms.map((t) => t.concept);
    expect(concepts).toContain('n(0,1)');
    expect(concepts[2]).toBe(extractTerms('Kullback-Leibler')[0]!.concept);
    expect(concepts[5]).toBe(extractTerms('Wasserstein')[0]!.concept);
  });

  it('tells who does it from what is done (roles need it)', () => {
    const [generator, generates] = extractTerms('generator generates').map((t) => t.concept);
    expect(generator).not.toBe(generates);
    expect(extractTerms('the domain\'s images')[0]!.concept).toBe(extractTerms('domain')[0]!.concept);
  });
});

describe('synonym table', () => {
  it('maps every phrase of a group to that group (no two groups share a stemmed phrase)', async () => {
    const { SYNONYM_GROUPS } = await import('../../../src/core/grading/terms.js');
    for (const group of SYNONYM_GROUPS) {
      const concept = extractTerms(group[0]!)[0]?.concept;
      for (const phrase of group) {
        const terms = extractTerms(phrase);
        expect(terms, `${phrase} in ${group[0]}`).toHaveLength(1);
        expect(terms[0]!.concept, `${phrase} in ${group[0]}`).toBe(concept);
      }
    }
  });
});

describe('a deck of short facts (no key points)', () => {
  const facts = deckContext([
    { front: 'Capital of France?', back: 'Paris' },
    { front: 'Who wrote Hamlet?', back: 'William Shakespeare' },
    { front: 'What does TCP guarantee that UDP does not?', back: 'Reliable, in-order delivery of data' },
  ]);
  const grade = (front: string, answer: string) => gradeTyped(answer, facts.cards.find((c) => c.card.front === front)!, facts);

  it('tells a wrong fact it is wrong and what is right, not that it "does not address the question"', () => {
    expect(grade('Capital of France?', 'London')).toMatchObject({ verdict: 'incorrect', feedback: 'Not quite: the answer is "Paris".' });
    expect(grade('Who wrote Hamlet?', 'Marlowe').feedback).toBe('Not quite: the answer is "William Shakespeare".');
    expect(grade('Capital of France?', 'paris').verdict).toBe('correct');
  });

  it('passes a three-word phrase as a terse answer, not as a bag of keywords', () => {
    expect(grade('What does TCP guarantee that UDP does not?', 'reliable ordered delivery')).toMatchObject({ verdict: 'correct', flags: [] });
  });
});
