/**
 * How far a negation reaches, as a teacher reads it: "without paired data" denies nothing the reference
 * says about horses and zebras, while "no need for WGAN" denies the point that names WGAN as the solution.
 */
import { describe, expect, it } from 'vitest';
import { clausesOf, negatedFor } from '../../../src/core/grading/clauses.js';
import { CYCLE, grader, KL, plain, withKeys } from '../../support/gan-grading.js';

/** Whether the first clause of `text` negates something the first clause of `about` speaks of. */
function negates(text: string, about: string): boolean {
  return negatedFor(clausesOf(text)[0]!, clausesOf(about)[0]!);
}

describe('a "without" or "no"', () => {
  it('negates what follows it, not the whole clause', () => {
    expect(negates('it translates horses to zebras without paired data', 'a horse to zebra generator')).toBe(false);
    expect(negates('it translates horses to zebras without paired data', 'it needs paired data')).toBe(true);
    // "not" denies the whole statement.
    expect(negates('it does not translate horses to zebras', 'a horse to zebra generator')).toBe(true);
  });

  it('says "no discriminator" denies the key point that there is one per domain, so it is not got', () => {
    const g = grader(withKeys.cards)(CYCLE, 'two generators and no discriminator');
    // As much said the other way round as got right: not partly right (typed.ts judge).
    expect(g.verdict).toBe('incorrect');
    expect(g.matched).toEqual(['two generators, one from A to B and one from B to A']);
    expect(g.feedback).toMatch(/says the opposite of "one discriminator for each domain"/);
  });

  it('does not make a true statement "the opposite of the reference", with key points and without', () => {
    for (const deck of [withKeys, plain]) {
      const g = grader(deck.cards)(CYCLE, 'it translates horses to zebras without paired data');
      expect(g.flags).not.toContain('negated');
      expect(g.feedback).not.toMatch(/opposite/);
      expect(g.verdict).not.toBe('correct');
    }
    const full = grader(withKeys.cards)(CYCLE, 'two generators A to B and B to A without paired data, one discriminator per domain, and a cycle loss so horse to zebra to horse gives back the horse');
    expect(full.verdict).toBe('correct');
  });

  it('does not reach into or out of a condition ("when …")', () => {
    expect(negates('the loss is zero when the distributions do not overlap', 'the loss is zero')).toBe(false);
    expect(negates('the loss is zero when the distributions do not overlap', 'the distributions overlap')).toBe(true);
    expect(negates('the loss is not zero when the distributions overlap', 'the loss is zero')).toBe(true);
    expect(negates('the loss is not zero when the distributions overlap', 'the distributions overlap')).toBe(false);
  });
});

describe('denying the one thing a key point names', () => {
  it('fails "no need for WGAN" and "you do not need a WGAN", and says which point it denies', () => {
    for (const answer of ['there is no need for WGAN', 'you do not need a WGAN']) {
      const g = grader(withKeys.cards)(KL, answer);
      expect(g.verdict, answer).toBe('incorrect');
      expect(g.feedback, answer).toContain('says the opposite of "the solution is WGAN, a Wasserstein loss"');
    }
  });

  it('takes only a name for the one thing denied: "training does not work" agrees with "ruins training"', () => {
    const g = grader(withKeys.cards)(KL, 'KL measures how two distributions overlap; with no overlap the loss is close to zero, and then training does not work. Solution: WGAN, the earth movers distance.');
    expect(g.feedback).not.toMatch(/opposite/);
    expect(g.verdict).toBe('correct');
  });

  it('still gives naming the solution partial credit', () => {
    expect(grader(withKeys.cards)(KL, 'Use a WGAN.').verdict).toBe('partial');
    expect(grader(withKeys.cards)(KL, 'with no overlap the KL loss is close to zero, which ruins training; the solution is WGAN, using the earth movers distance').verdict).toBe('correct');
  });
});
