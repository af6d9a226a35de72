/**
 * A card's own bar for correct, learnt from the answers a teacher judged for it: the usual bar moves
 * only as far as those judgements ask, never past a failed answer, and not at all on too few of them.
 */
import { describe, expect, it } from 'vitest';
import { CALIBRATION_GRADES_PER_CALL, CALIBRATION_MAX_SHIFT, CALIBRATION_MIN_PER_KIND, calibratedBar, cardShift, type PlainGrade } from '../../../src/core/grading/calibration.js';
import { COMBINER } from '../../../src/core/grading/combiner-weights.js';
import { prepareCard } from '../../../src/core/grading/deck-context.js';
import { gradeTyped } from '../../../src/core/grading/typed.js';

const judged = (accepted: number[], rejected: number[], failed: number[] = []) => [
  ...accepted.map((s) => ({ s, failed: failed.includes(s), correct: true })),
  ...rejected.map((s) => ({ s, failed: false, correct: false })),
];

describe('a card bar from judged answers', () => {
  it('stays where it is when the judged answers already fall on the right sides of it', () => {
    expect(calibratedBar(judged([0.5, 1, 2], [-2, -1.5, -0.4]), 0)).toBe(0);
  });

  it('comes down to the weakest accepted answer when the usual bar is too strict for the card', () => {
    expect(calibratedBar(judged([-1, -0.8, -0.6], [-2, -1.8, -1.5]), 0)).toBe(-1);
  });

  it('goes up to just above the strongest rejected answer when the usual bar is too lenient', () => {
    const bar = calibratedBar(judged([1.2, 1.5, 2], [0.5, 0.7, 0.9]), 0)!;
    expect(bar).toBeGreaterThan(0.9);
    expect(bar).toBeLessThan(0.9001);
  });

  it('agrees with the most judgements when no bar agrees with all of them', () => {
    // A rejected answer (-0.95) among the accepted ones: passing it, or failing the accepted one below it,
    // is one error either way; of those bars, the one nearer the usual bar. Failing the three above it is worse.
    expect(calibratedBar(judged([-1, -0.9, -0.8, 1], [-3, -2.5, -0.95]), 0)).toBe(-0.9);
  });

  it('is not pulled down by an accepted answer that a rule fails, which no bar can pass', () => {
    expect(calibratedBar(judged([-3, 1, 1.5, 2], [-2, -1.5, -0.4], [-3]), 0)).toBe(0);
  });

  it(`moves at most ${CALIBRATION_MAX_SHIFT} from the usual bar`, () => {
    // The best bar (-6 … -5) is out of reach: it comes down as far as it can still pass an accepted answer.
    expect(calibratedBar(judged([-5, -4.5, -3.5], [-8, -7, -6]), 0)).toBe(-3.5);
    // Judgements no bar within reach agrees with better leave it where it is.
    expect(calibratedBar(judged([-10, -9.5, -9], [-12, -11, -10.5]), 0)).toBe(0);
    expect(calibratedBar(judged([8, 9, 10], [5, 6, 7]), 0)).toBe(0);
  });

  it(`needs ${CALIBRATION_MIN_PER_KIND} judged answers of each kind`, () => {
    const few = Array.from({ length: CALIBRATION_MIN_PER_KIND - 1 }, (_, i) => -1 - i);
    expect(calibratedBar(judged([-0.5, -0.6, -0.7, -0.8], few), 0)).toBeUndefined();
    expect(calibratedBar(judged(few.map((s) => s + 0.5), [-3, -2.5, -2]), 0)).toBeUndefined();
  });
});

const card = {
  front: 'Why does TCP use a three-way handshake?',
  back: 'Both sides agree on initial sequence numbers and know the other is ready before data flows, so old duplicate segments are not mistaken for a new connection.',
};
const bankOf = (accepted: string[], rejected: string[]) => [...accepted.map((text) => ({ text, correct: true })), ...rejected.map((text) => ({ text, correct: false }))];

describe("a card's shift in grading", () => {
  it('grades each judged answer once, however often the bank comes back', () => {
    const bank = bankOf(['a1 sequence numbers', 'a2 sequence numbers agreed', 'a3 both sides ready'], ['r1 faster', 'r2 encrypted', 'r3 reliable']);
    const graded: string[] = [];
    const features = COMBINER.features.map((name) => (name === 'bias' ? 1 : 0));
    const grade = (text: string): PlainGrade => (graded.push(text), { features, failed: false });
    const first = cardShift(prepareCard({ ...card, front: `${card.front} (once)`, bank }), undefined, grade);
    const again = cardShift(prepareCard({ ...card, front: `${card.front} (once)`, bank }), undefined, grade);
    expect(again).toBe(first);
    expect(graded.sort()).toEqual(bank.map((e) => e.text).sort());
  });

  it(`grades at most ${CALIBRATION_GRADES_PER_CALL} judged answers a grade, with the usual bar until all are graded`, () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ text: `judged answer ${i} about sequence numbers ${i % 7}`, correct: i % 2 === 0 }));
    const graded: string[] = [];
    // Accepted answers weaker than the usual bar: once all are graded, the bar comes down to them.
    const grade = (text: string): PlainGrade => {
      graded.push(text);
      const accepted = many.find((e) => e.text === text)!.correct;
      return { features: COMBINER.features.map((name) => (name === 'bias' ? 1 : name === 'coverage' ? (accepted ? 0.6 : -2) : 0)), failed: false };
    };
    const prepared = () => prepareCard({ ...card, front: `${card.front} (budget)`, bank: many });
    const shifts: number[] = [];
    for (let call = 0; graded.length < many.length; call++) {
      expect(call).toBeLessThan(many.length);
      const before = graded.length;
      shifts.push(cardShift(prepared(), undefined, grade));
      expect(graded.length - before).toBeLessThanOrEqual(CALIBRATION_GRADES_PER_CALL);
    }
    expect(shifts.length).toBe(Math.ceil(many.length / CALIBRATION_GRADES_PER_CALL));
    expect(shifts.slice(0, -1).every((shift) => shift === 0)).toBe(true);
    expect(shifts.at(-1)).toBeLessThan(0);
    expect(new Set(graded).size).toBe(many.length);
    expect(cardShift(prepared(), undefined, grade)).toBe(shifts.at(-1));
    expect(graded).toHaveLength(many.length);
  });

  it('learns the bar again when the bank changes, as a process that never saw the old bank would', () => {
    const coverage = new Map<string, number>();
    const judgedAs = (texts: string[], correct: boolean, cover: number) => texts.map((text) => (coverage.set(text, cover), { text, correct }));
    const weakAccepted = judgedAs(['kept one', 'kept two', 'kept three'], true, 0.6);
    const before = [...weakAccepted, ...judgedAs(['no one', 'no two', 'no three'], false, -2)];
    // Three more rejected answers as strong as the accepted ones: the bar can no longer come down to them.
    const after = [...before, ...judgedAs(['also no one', 'also no two', 'also no three', 'also no four'], false, 0.6)];
    const grade = (text: string): PlainGrade => ({ features: COMBINER.features.map((name) => (name === 'bias' ? 1 : name === 'coverage' ? coverage.get(text)! : 0)), failed: false });
    const deck = () => ({ cards: [], byConcept: new Map<string, number[]>() });
    const seen = deck();
    const shifted = (bank: typeof before, context = seen) => cardShift(prepareCard({ ...card, front: `${card.front} (changed)`, bank }), context, grade);
    const first = shifted(before);
    const changed = shifted(after);
    expect(first).toBeLessThan(0);
    expect(changed).not.toBe(first);
    expect(changed).toBe(shifted(after, deck()));
  });

  it('is 0 for a card with too few judged answers', () => {
    const grade = (): PlainGrade => {
      throw new Error('nothing to grade');
    };
    expect(cardShift(prepareCard({ ...card, bank: bankOf(['x', 'y'], ['z']) }), undefined, grade)).toBe(0);
  });

  it('passes an answer with one of the reasons where the teacher accepted one reason as enough', () => {
    const answer = "each side learns the other's initial sequence number";
    expect(gradeTyped(answer, card).verdict).toBe('partial');
    // Each accepted answer gives one of the card's reasons, none of them in this answer's words.
    const onePartEnough = bankOf(
      ['old duplicate segments are not mistaken for a new connection', 'so that an old duplicate segment cannot open a connection', 'both ends are ready before any data is sent'],
      ['to make the connection faster', 'to encrypt the connection', 'because three is more reliable than two'],
    );
    const graded = gradeTyped(answer, { ...card, bank: onePartEnough });
    expect(graded.verdict).toBe('correct');
    expect(graded.score).toBeGreaterThan(gradeTyped(answer, card).score);
  });

  it('fails a terse answer where the teacher rejected terse ones, and still passes the whole answer', () => {
    const answer = 'they agree on sequence numbers';
    const strict = bankOf(
      [
        'both sides agree on their initial sequence numbers and know the other is ready, so old duplicate segments are not taken for a new connection',
        'they synchronise sequence numbers and confirm both are ready so that stale duplicate segments from old connections are rejected',
        'sequence numbers are agreed and both ends know the other is ready; old duplicates cannot open a false connection',
      ],
      ['the two sides agree on sequence numbers', 'to agree on initial sequence numbers', 'each side learns the sequence number of the other'],
    );
    const graded = gradeTyped(answer, { ...card, bank: strict });
    expect(graded.verdict).not.toBe('correct');
    expect(graded.score).toBeLessThan(gradeTyped(answer, card).score);
    const full = 'both hosts agree on initial sequence numbers and know the other is ready, so old duplicate segments are not mistaken for a new connection';
    expect(gradeTyped(full, { ...card, bank: strict }).verdict).toBe('correct');
  });
});
