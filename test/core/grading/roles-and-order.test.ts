/**
 * Answers that reuse the reference's words but give them to the wrong party, in the wrong order, or that
 * answer another card: on the gan deck with its key points and on the same deck without them (where the
 * grader has only the reference's own sentences to tell who does what).
 */
import { describe, expect, it } from 'vitest';
import type { ParsedDeck } from '../../../src/core/decks/parse.js';
import type { GradingCard } from '../../../src/core/grading/typed.js';
import { BOTH_DECKS, CYCLE, GAN, grader, KL, LOSSES, plain, withKeys } from '../../support/gan-grading.js';

describe.each(BOTH_DECKS)('the gan deck %s', (_name, deck: ParsedDeck) => {
  const grade = grader(deck.cards);

  it('fails an answer that gives each loss the other one\'s job, and passes the same words the right way round', () => {
    const swapped = grade(LOSSES, 'The KL divergence measures how similar the output image is to the input image, and the L2 loss measures the distance of the latent distributions from N(0, 1).');
    expect(swapped).toMatchObject({ verdict: 'incorrect', flags: ['swapped'] });
    expect(swapped.feedback).toMatch(/wrong way round/);
    const right = grade(LOSSES, 'The L2 loss measures how similar the output image is to the input image, and the KL divergence measures the distance of the latent distributions from N(0, 1).');
    expect(right.verdict).toBe('correct');
  });

  it('fails a generator and a discriminator with their roles swapped, and passes them the right way round', () => {
    const swapped = grade(GAN, 'The discriminator generates images to fool the generator, and the generator tries to tell the generated images from real ones.');
    expect(swapped).toMatchObject({ verdict: 'incorrect', flags: ['swapped'] });
    expect(grade(CYCLE, 'The discriminators transform horses to zebras and zebras to horses, and the generators judge whether each domain\'s images are real.').flags).toContain('swapped');
    expect(grade(GAN, 'Two networks: the generator generates images to fool the discriminator, and the discriminator tries to tell the generated images from real ones.').verdict).toBe('correct');
    // Naming one party in passing is no claim about who does what.
    expect(grade(GAN, 'The generator makes images, and the discriminator judges them.').flags).not.toContain('swapped');
  });

  it('does not call it swapped when a party does what the reference only names beside the other one', () => {
    // The reference's "the discriminator distinguishes the generated false images" names fakes as what the
    // discriminator judges, not as its action: the generator faking them is right.
    for (const answer of ['The generator fakes images and the discriminator detects them.', 'The generator makes fakes, the discriminator spots them.']) {
      const g = grade(GAN, answer);
      expect(g.flags, answer).not.toContain('swapped');
      expect(g.verdict, answer).not.toBe('incorrect');
    }
  });

  it('fails the answer to another card on a card with a long reference', () => {
    const cycle = deck.cards.find((c) => c.front.startsWith(CYCLE))!;
    for (const answer of [cycle.back, 'Create two generators and two discriminators, one generator from A to B and another from B to A, plus a loss that makes horse to zebra to horse match the original.']) {
      const g = grade(KL, answer);
      expect(g.verdict, answer).toBe('incorrect');
      expect(g.flags, answer).toContain('other-card');
      expect(g.otherCard).toBe(cycle.front);
    }
  });

  it('fails every card\'s answer given to any other card', () => {
    for (const card of deck.cards) {
      for (const other of deck.cards) if (other !== card) expect(grade(card.front, other.back).verdict, `${other.front} on ${card.front}`).toBe('incorrect');
    }
  });
});

describe('roles in a one-sentence reference without key points, where each party is named once', () => {
  const grade = grader([{ front: 'Explain the intuition behind a GAN', back: 'A generator makes fake images to fool a discriminator, which tells generated images from real ones.' }]);

  it('fails the roles swapped and passes them the right way round', () => {
    const swapped = grade('Explain', 'The discriminator makes fake images to fool the generator, and the generator tells generated images from real ones.');
    expect(swapped).toMatchObject({ verdict: 'incorrect', flags: expect.arrayContaining(['swapped']) });
    expect(grade('Explain', 'The generator creates fake pictures to trick the discriminator, which learns to tell them from real images.').verdict).toBe('correct');
  });
});

describe.each([
  ['without key points', undefined],
  ['with key points', ['the client sends SYN', 'the server answers SYN-ACK', 'the client sends ACK']],
])('steps in the wrong order, on a deck %s', (_name, keyPoints) => {
  const cards: GradingCard[] = [
    { front: 'In what order are the packets of the TCP three-way handshake sent?', back: 'SYN, then SYN-ACK, then ACK', ...(keyPoints ? { keyPoints } : {}) },
    { front: 'What does a router do?', back: 'It forwards packets between networks by looking up the destination address in its routing table.' },
  ];
  const grade = grader(cards);
  const HANDSHAKE = 'In what order';

  it('fails the steps in another order, with every word of the reference in it', () => {
    for (const answer of ['ACK, then SYN-ACK, then SYN', 'ACK -> SYN-ACK -> SYN', 'SYN-ACK, then SYN, then ACK']) {
      const g = grade(HANDSHAKE, answer);
      expect(g, answer).toMatchObject({ verdict: 'incorrect', flags: ['out-of-order'] });
      expect(g.feedback).toMatch(/wrong order/);
    }
  });

  it('passes them in the reference\'s order, however linked', () => {
    for (const answer of ['SYN, then SYN-ACK, then ACK', 'first SYN, then SYN-ACK, finally ACK', 'SYN -> SYN-ACK -> ACK']) {
      const g = grade(HANDSHAKE, answer);
      expect(g.flags, answer).toEqual([]);
      expect(g.verdict, answer).not.toBe('incorrect');
    }
  });
});

describe.each([
  ['with key points', withKeys, 'the key point is "the encoder downsizes the input"'],
  ['without key points', plain, 'the reference says "The encoder takes input and downsizes it"'],
])('the gan deck %s: one party given the other one\'s job', (_name, deck: ParsedDeck, quoted: string) => {
  const grade = grader(deck.cards);

  it('fails an answer that names one party and gives it the other\'s action, and quotes where the reference says whose it is', () => {
    for (const answer of ['The decoder compresses the input.', 'the decoder downsizes the input']) {
      const g = grade('What are the two components', answer);
      expect(g, answer).toMatchObject({ verdict: 'incorrect', flags: ['swapped'] });
      expect(g.feedback, answer).toBe(`You have the roles the wrong way round: ${quoted}.`);
    }
    expect(grade('What are the two components', 'The encoder compresses the input.')).toMatchObject({ verdict: 'partial', flags: [] });
  });

  it('reads "the downsized input" and "the generated images" as what a thing is, not as its party\'s action', () => {
    // The references say "the decoder takes the downsized input", "the discriminator distinguishes the generated images".
    expect(grade('What are the two components', 'The decoder rebuilds the downsized input.').flags).not.toContain('swapped');
    expect(grade(GAN, 'The discriminator generates images.').flags).toContain('swapped');
    expect(grade(GAN, 'The discriminator judges the generated images and the generator makes them to fool it.').flags).not.toContain('swapped');
  });
});

describe('a swap between two parties beside a right statement about a third', () => {
  const swapped = 'two discriminators translate A to B and B to A, and one generator for each domain decides if images are real, plus a loss so that horse to zebra to horse gives back the original horse';
  const right = 'two generators translate A to B and B to A, and one discriminator for each domain decides if images are real, plus a loss so that horse to zebra to horse gives back the original horse';

  it.each(BOTH_DECKS)('is still swapped (%s): what the loss does is no evidence about the networks', (_, deck) => {
    const g = grader(deck.cards)(CYCLE, swapped);
    expect(g.flags).toContain('swapped');
    expect(g.verdict).toBe('incorrect');
    expect(grader(deck.cards)(CYCLE, right).verdict).toBe('correct');
  });
});
