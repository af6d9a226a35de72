/**
 * A reference that only lists names, glossed ("The L2 loss (…), and the KL divergence (…)") or bare
 * ("Compression, generation,"), asked for by name: naming them all is right, naming some is partly right,
 * on either deck. Without key points that is reference.ts `names` and typed.ts judge; with them, the key points.
 */
import { describe, expect, it } from 'vitest';
import { prepareReference } from '../../../src/core/grading/reference.js';
import { BOTH_DECKS, grader, LOSSES } from '../../support/gan-grading.js';

const USES = 'What can you use a variational autoencoder for';

describe('the names a reference lists', () => {
  it('are the items of a bare list, and none for a list of one or a reference that explains', () => {
    expect(prepareReference('Compression, generation,', [], `${USES}?`).names.map((n) => n.map((c) => c.concept))).toEqual([['compress'], ['generate']]);
    expect(prepareReference('Compression', [], `${USES}?`).names).toEqual([]);
    expect(prepareReference('Compression, generation,', [], 'Explain what a VAE is for').names).toEqual([]);
  });
});

describe.each(BOTH_DECKS)('the gan deck %s', (_name, deck) => {
  const grade = grader(deck.cards);

  it('takes one of two uses for partly right, and both for right', () => {
    expect(grade(USES, 'Generation.').verdict).toBe('partial');
    expect(grade(USES, 'You can use it to compress images.').verdict).toBe('partial');
    expect(grade(USES, 'compressing data and generating new samples').verdict).toBe('correct');
  });

  it('takes one of the two losses for partly right, and both for right', () => {
    expect(grade(LOSSES, 'The L2 loss between the output and the input image.').verdict).toBe('partial');
    expect(grade(LOSSES, 'the L2 reconstruction loss and the KL divergence to N(0, 1)').verdict).toBe('correct');
  });
});
