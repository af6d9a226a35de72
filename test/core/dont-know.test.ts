/**
 * "I don't know" typed as an answer: honest, so it gets the answer to learn from (not "off-topic"),
 * rates the card Again, pays nothing, and offers no "I was right" (there is nothing to appeal).
 */
import { describe, expect, it } from 'vitest';
import { buildId } from '../../src/core/ids.js';
import { gradeTyped } from '../../src/core/grading/typed.js';
import { makeBot, roundIdOf } from '../support/core.js';
import { MemoryStore } from '../support/memory-store.js';

const REFERENCE = 'The encoder downsizes the input. The decoder reconstructs it.';

describe('an answer that says the learner does not know', () => {
  it('is told apart from a wrong answer, in its common forms', () => {
    for (const answer of ["I don't know", 'idk', 'no idea', 'Dunno.', 'not sure, sorry', 'I have no idea!', 'pass', 'I forgot', 'no idea really', 'no clue at all']) {
      const g = gradeTyped(answer, REFERENCE);
      expect(g, answer).toMatchObject({ verdict: 'incorrect', score: 0, rating: 1, flags: ['gave-up'] });
      expect(g.feedback, answer).toBe('No problem: learn it from the answer, and it comes back soon.');
    }
    // Where those words are the card's answer, they are an answer.
    expect(gradeTyped('pass', 'pass: the statement that does nothing').flags).not.toContain('gave-up');
    expect(gradeTyped('pass', 'pass: the statement that does nothing').verdict).toBe('correct');
    // An answer that only starts so is graded as an answer.
    for (const answer of ["I don't know the word, but the encoder downsizes the input and the decoder reconstructs it", 'no idea is an answer']) {
      expect(gradeTyped(answer, REFERENCE).flags, answer).not.toContain('gave-up');
    }
  });

  it('gets the answer and no "I was right", in a channel quiz and in /review', async () => {
    const store = new MemoryStore();
    const t = await makeBot(store);
    const roundId = roundIdOf(await t.as('Ada')({ type: 'quiz', deck: 'gan', mode: 'typed' }));
    const quiz = await t.as('Bob')({ type: 'submit', id: buildId({ kind: 'typed', round: roundId }), text: 'no idea' });
    expect(quiz.reply?.title).toBe('📖 Here is the answer');
    expect(quiz.reply?.choices ?? []).toEqual([]);
    expect(quiz.reply?.fields?.map((f) => f.name)).toEqual(['Key points', 'Reference answer']);
    const bob = store.tables.users.find((u) => u.displayName === 'Bob')!.id;
    expect(store.tables.pointsLedger.filter((p) => p.userId === bob)).toEqual([]);

    const card = (await t.store.getRound(roundId))!.card;
    const review = await t.as('Cy')({ type: 'submit', id: buildId({ kind: 'rtyped', card: card.id, nonce: 0 }), text: "I don't know" });
    expect(review.reply?.title).toBe('📖 Here is the answer');
    expect(review.reply?.text).toMatch(/Saved \*\*Again\*\*/);
    expect(review.reply?.choices?.map((c) => c.label)).not.toContain('I was right');
  });
});

describe('the verdict on a one-fact card', () => {
  it('shows the answer once, not again as its only missed key point', async () => {
    const t = await makeBot(new MemoryStore());
    const ada = t.as('Ada');
    await ada({ type: 'deck_import', filename: 'capitals.txt', content: 'Capitals\nCapital of Spain?\nMadrid\n' });
    const roundId = roundIdOf(await ada({ type: 'quiz', deck: 'capitals', mode: 'typed' }));
    const verdict = await t.as('Bob')({ type: 'submit', id: buildId({ kind: 'typed', round: roundId }), text: 'Barcelona' });
    expect(verdict.reply?.text).toMatch(/^Not quite: the answer is "Madrid"\./);
    expect(verdict.reply?.fields).toEqual([{ name: 'Reference answer', value: 'Madrid' }]);
  });
});
