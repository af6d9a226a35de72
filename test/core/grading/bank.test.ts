/**
 * A card's answer bank (answers accepted or rejected on appeal, `Accept:` lines): an answer that reads
 * like the accepted ones counts as likelier right, one like the rejected ones as likelier wrong; without
 * answers of both kinds the bank says nothing.
 */
import { describe, expect, it } from 'vitest';
import { BANK_PER_KIND, bankSignal, capped, prepareEntries, vectorOf, type BankEntry } from '../../../src/core/grading/bank.js';
import { clausesOf } from '../../../src/core/grading/clauses.js';
import { gradeTyped } from '../../../src/core/grading/typed.js';
import { trigramsOf } from '../../../src/core/grading/trigrams.js';

const card = {
  front: 'Why does TCP use a three-way handshake?',
  back: 'Both sides agree on initial sequence numbers and know the other is ready before data flows, so old duplicate segments are not mistaken for a new connection.',
};
const accepted = [
  'so both hosts synchronise their starting sequence numbers and confirm the other side can receive',
  'to exchange and acknowledge the initial sequence numbers of both directions',
  'each side learns the sequence number the other starts from and that it is listening',
];
const rejected = [
  'to encrypt the connection before sending data',
  'because three packets are faster than two for sending data',
  'it checks the password of the user before the connection is opened',
];
const bank: BankEntry[] = [...accepted.map((text) => ({ text, correct: true })), ...rejected.map((text) => ({ text, correct: false }))];

function signalOf(answer: string, entries: BankEntry[]) {
  return bankSignal(vectorOf(clausesOf(answer), trigramsOf(answer)), prepareEntries(entries));
}

describe('the answer bank', () => {
  it('leans towards right for an answer like the accepted ones, towards wrong for one like the rejected ones', () => {
    const near = signalOf('both hosts agree on the starting sequence numbers and confirm the other can receive', bank);
    const far = signalOf('to encrypt the data before the connection sends it', bank);
    expect(near).toMatchObject({ present: true });
    expect(near.knn).toBeGreaterThan(0);
    expect(near.margin).toBeGreaterThan(0);
    expect(far.knn).toBeLessThan(0);
    expect(far.margin).toBeLessThan(0);
  });

  it('is neutral without answers of both kinds', () => {
    const answer = 'both hosts agree on the starting sequence numbers';
    expect(signalOf(answer, [])).toEqual({ present: false, knn: 0, margin: 0 });
    expect(signalOf(answer, bank.filter((e) => e.correct))).toEqual({ present: false, knn: 0, margin: 0 });
    expect(signalOf(answer, bank.filter((e) => !e.correct))).toEqual({ present: false, knn: 0, margin: 0 });
  });

  it('keeps the first BANK_PER_KIND answers of each kind', () => {
    const many = Array.from({ length: BANK_PER_KIND + 5 }, (_, i) => ({ text: `answer ${i}`, correct: i % 3 !== 0 }));
    const kept = capped(many);
    expect(kept.filter((e) => e.correct)).toEqual(many.filter((e) => e.correct).slice(0, BANK_PER_KIND));
    expect(kept.filter((e) => !e.correct)).toEqual(many.filter((e) => !e.correct));
  });

  it("moves the grader's verdict: the same answer scores higher with a bank that accepted its like, lower with one that rejected it", () => {
    const answer = 'to encrypt the connection and the sequence numbers before sending data';
    const alone = gradeTyped(answer, card);
    const likeRejected = gradeTyped(answer, { ...card, bank });
    const flipped = gradeTyped(answer, { ...card, bank: bank.map((e) => ({ ...e, correct: !e.correct })) });
    expect(likeRejected.score).toBeLessThan(alone.score);
    expect(flipped.score).toBeGreaterThan(alone.score);
  });

  it("counts the card's accepted answers as the bank's right side", () => {
    const answer = 'to encrypt the connection and the sequence numbers before sending data';
    const rejectedOnly = bank.filter((e) => !e.correct);
    const withAccepted = gradeTyped(answer, { ...card, accepted, bank: rejectedOnly });
    const withBank = gradeTyped(answer, { ...card, accepted, bank: [] });
    expect(withAccepted.score).toBeLessThan(withBank.score);
  });
});
