import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../../src/core/decks/parse.js';
import {
  CORRECT_THRESHOLD,
  EASY_THRESHOLD,
  PARTIAL_THRESHOLD,
  gradeTyped,
} from '../../../src/core/grading/typed.js';
import { extractTerms } from '../../../src/core/grading/terms.js';

const gan = parseDeck('gan.txt', readFileSync(new URL('../../fixtures/decks/gan.txt', import.meta.url), 'utf8'));
const back = (frontStart: string) => gan.cards.find((c) => c.front.startsWith(frontStart))!.back;

const AUTOENCODER = back('What are the two components');
const VAE_DIFF = back('What is the difference');
const VAE_LOSSES = back('What are the two losses');
const GAN = back('Explain the intuition');
const WGAN = back('What is the problem of using KL');
const CYCLE = back('Briefly explain the CycleGAN');

describe('gradeTyped', () => {
  it('scores a copy of the reference 1 (Easy) for every card of the deck', () => {
    for (const c of gan.cards) {
      const g = gradeTyped(c.back, c.back);
      expect(g.score).toBe(1);
      expect(g.verdict).toBe('correct');
      expect(g.rating).toBe(4);
      expect(g.missed).toEqual([]);
    }
  });

  it.each([
    ['autoencoder', AUTOENCODER, 'An encoder that compresses the input into a smaller code, and a decoder that reconstructs the original input from it.'],
    ['VAE', VAE_DIFF, 'A VAE learns the distribution of the training data, so the latent space holds distributions that the encoder samples from.'],
    ['VAE losses', VAE_LOSSES, 'An L2 reconstruction loss between output and input picture, plus a Kullback-Leibler term pulling the latent distributions toward N(0,1).'],
    ['GAN', GAN, 'A generator creates fake images trying to fool a discriminator, which tries to tell the generated images apart from real ones.'],
    ['WGAN', WGAN, "KL loss depends on overlap: when the distributions do not overlap the loss gives nothing useful and training fails. WGAN fixes it with the earth mover's distance between the distributions as the loss, like moving piles of dirt."],
    ['CycleGAN', CYCLE, 'Two generators (A to B and B to A, e.g. horse to zebra and back) and a discriminator for each domain, plus a cycle loss so that translating horse to zebra and back gives the original horse.'],
  ])('grades a correct paraphrase of the %s answer as correct', (_name, reference, paraphrase) => {
    const g = gradeTyped(paraphrase, reference);
    expect(g.verdict).toBe('correct');
    expect(g.score).toBeGreaterThanOrEqual(CORRECT_THRESHOLD);
    expect(g.rating).toBeGreaterThanOrEqual(3);
  });

  it.each([
    [AUTOENCODER, 'A GAN has a generator and a discriminator.'],
    [GAN, 'An encoder compresses the input'],
    [CYCLE, 'It is a GAN for text.'],
    [VAE_DIFF, 'The KL divergence.'],
    [WGAN, 'Use a bigger learning rate'],
    [GAN, 'banana bread recipe with walnuts'],
  ])('grades an unrelated answer as incorrect (Again)', (reference, answer) => {
    const g = gradeTyped(answer, reference);
    expect(g.verdict).toBe('incorrect');
    expect(g.score).toBeLessThan(PARTIAL_THRESHOLD);
    expect(g.rating).toBe(1);
  });

  it('handles empty and whitespace-only answers', () => {
    for (const a of ['', '   ', '\n\t', '?!.']) {
      const g = gradeTyped(a, AUTOENCODER);
      expect(g).toMatchObject({ score: 0, verdict: 'empty', rating: 1, matched: [] });
      expect(g.missed.length).toBeGreaterThan(0);
    }
  });

  it('puts a partial answer in between and lists what was missed', () => {
    const g = gradeTyped('encoder and decoder', AUTOENCODER);
    expect(g.verdict).toBe('partial');
    expect(g.rating).toBe(2);
    expect(g.score).toBeGreaterThanOrEqual(PARTIAL_THRESHOLD);
    expect(g.score).toBeLessThan(CORRECT_THRESHOLD);
    expect(g.matched).toEqual(['encoder', 'decoder']);
    expect(g.missed.join(' ')).toContain('input');

    const wgan = gradeTyped('Use WGAN with the Wasserstein loss', WGAN);
    expect(wgan.verdict).toBe('partial');
    expect(wgan.missed.join(' | ')).toMatch(/overlap/);
    expect(wgan.matched).toContain('WGAN');
  });

  it('scores more complete answers higher', () => {
    const a = gradeTyped('two networks', GAN).score;
    const b = gradeTyped('two networks, a generator and a discriminator', GAN).score;
    const c = gradeTyped('two networks, a generator that tries to fool a discriminator which tells real from fake images', GAN).score;
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
  });

  it('uses synonyms, stemming and acronyms', () => {
    expect(gradeTyped('compression, generating', 'Compression, generation,').score).toBe(1);
    expect(gradeTyped('MSE plus KL divergence to a standard normal', 'L2 loss and Kullback-Leibler divergence from N(0, 1)').verdict).toBe('correct');
    expect(gradeTyped('G fools the critic', 'The generator fools the discriminator').score).toBe(1);
    // lower-case single letters are not taken as G / D
    expect(gradeTyped('g fools the d', 'The generator fools the discriminator').score).toBeLessThan(1);
  });

  it('tolerates a small typo in a long word', () => {
    expect(gradeTyped('the discrimnator and the generater', 'The discriminator and the generator').score).toBe(1);
  });

  it('does not let keyword stuffing pass', () => {
    const everything = gan.cards.map((c) => c.back).join(' ');
    const g = gradeTyped(everything, AUTOENCODER);
    expect(g.verdict).not.toBe('correct');
  });

  it('falls back to word comparison when the reference has no key terms', () => {
    expect(gradeTyped('it is what it is', 'It is what it is.').score).toBe(1);
    expect(gradeTyped('no', 'It is what it is.').verdict).toBe('incorrect');
  });

  it('keeps the thresholds ordered', () => {
    expect(PARTIAL_THRESHOLD).toBeLessThan(CORRECT_THRESHOLD);
    expect(CORRECT_THRESHOLD).toBeLessThan(EASY_THRESHOLD);
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
