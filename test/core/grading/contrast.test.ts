/**
 * A question about a difference: what the reference says sets one thing apart, given to the other thing,
 * is the wrong way round; said of the right one, or denied of the other, it is right.
 */
import { describe, expect, it } from 'vitest';
import { clausesOf } from '../../../src/core/grading/clauses.js';
import { contrastOf } from '../../../src/core/grading/contrast.js';
import { BOTH_DECKS, grader, VAE } from '../../support/gan-grading.js';

describe('contrastOf', () => {
  it('reads the two things of "the difference between X and Y" and what the reference says of the one it describes', () => {
    const c = contrastOf('What is the difference between TCP and UDP?', clausesOf('TCP keeps a connection and retransmits lost segments.'));
    expect(c).not.toBeNull();
    expect([...c!.described]).toEqual(['tcp']);
    expect([...c!.other]).toEqual(['udp']);
    expect(c!.properties.size).toBeGreaterThanOrEqual(2);
  });

  it('is none for other questions, or a reference that describes neither or both', () => {
    expect(contrastOf('Explain the intuition behind a GAN', clausesOf('The generator fools the discriminator.'))).toBeNull();
    expect(contrastOf('What is the difference between TCP and UDP?', clausesOf('One keeps a connection, the other does not.'))).toBeNull();
    expect(contrastOf('What is the difference between TCP and UDP?', clausesOf('TCP keeps a connection. UDP sends datagrams.'))).toBeNull();
  });
});

describe.each(BOTH_DECKS)('the VAE difference card (%s)', (_, deck) => {
  const grade = grader(deck.cards);

  it('fails the distinguishing properties given to the basic autoencoder', () => {
    const g = grade(VAE, 'The basic autoencoder is the one that learns the data distribution of the training data, and its latent space is distributions, while the variational autoencoder only learns to reconstruct images');
    expect(g.flags).toContain('swapped');
    expect(g.verdict).toBe('incorrect');
    expect(g.feedback).toMatch(/wrong way round: the (key point is|reference says) "a (VAE|variational autoencoder) learns the data distribution/);
  });

  it('passes them said of the VAE, or denied of the basic autoencoder', () => {
    for (const answer of [
      'unlike a basic autoencoder, which only learns to reconstruct images, a VAE learns the data distribution of the training data; its latent space is distributions and the encoder samples from them to reconstruct',
      "a basic autoencoder doesn't learn the data distribution, a VAE does: its latent space is distributions, and the encoder samples from this distribution to reconstruct",
    ]) {
      const g = grade(VAE, answer);
      expect(g.flags, answer).not.toContain('swapped');
      expect(g.verdict, answer).toBe('correct');
    }
  });
});
