/**
 * Fits the typed-answer grader's combiner (src/core/grading/combiner.ts) on the SAF benchmark's train
 * rows only, and writes the weights and thresholds to src/core/grading/combiner-weights.ts.
 *
 *   npm run fit:grader               # fit, print train figures, write the weights
 *   npm run fit:grader -- --dry-run  # fit and print only
 *   npm run fit:grader -- --check    # fit, and fail unless that is the committed combiner-weights.ts
 *   npm run fit:grader -- --dry-run --false-pass-limit 1   # what the thresholds would be without the limit
 *   npm run fit:grader -- --dry-run --cv   # also cross-validated estimates (unseen questions, unseen answers)
 *   npm run fit:grader -- --dry-run --cv --no-bank   # the same without the answer bank, to compare
 *
 * The answer bank (bank.ts): each train row is fitted twice, once with the bank a course would have for
 * its question (the other train answers to it, the row itself left out) and once without any, so the
 * one model serves cards with a bank and cards without (then the bank features are 0, 'banked' off).
 * The fitting itself is in ordinal-fit.ts.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bankSignal, capped, NO_BANK, vectorOf, type BankSignal, type PreparedEntry } from '../src/core/grading/bank.js';
import { clausesOf } from '../src/core/grading/clauses.js';
import type { CombinerModel } from '../src/core/grading/combiner.js';
import { COMBINER } from '../src/core/grading/combiner-weights.js';
import { FEATURE_NAMES, compare, otherCardFit } from '../src/core/grading/features.js';
import { fromRoot } from '../src/paths.js';
import { fails, flagsOf } from '../src/core/grading/typed.js';
import { trigramsOf } from '../src/core/grading/trigrams.js';
import { stepsOf } from '../src/core/grading/order.js';
import { LABELS, SAF_FILE, casesOf, readSet } from './grading-sets.js';
import { figuresOf, fit, line, verdictOf, type Sample } from './ordinal-fit.js';

const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    /** Fit, and exit 1 unless the result is the committed combiner-weights.ts. */
    check: { type: 'boolean', default: false },
    saf: { type: 'string', default: SAF_FILE },
    'false-pass-limit': { type: 'string', default: '0.05' },
    cv: { type: 'boolean', default: false },
    'no-bank': { type: 'boolean', default: false },
    only: { type: 'string', default: 'both' },
  },
});

const FALSE_PASS_LIMIT = Number(values['false-pass-limit']);
const FOLDS = 5;

const train = readSet(values.saf).filter((r) => r.split === 'train');
const cases = casesOf(train);
const prepared = cases.map((c) => {
  const answer = c.row.answer.trim().replace(/\s+/g, ' ');
  const clauses = clausesOf(answer);
  const trigrams = trigramsOf(answer);
  const comparison = compare(clauses, trigrams, c.card.reference, otherCardFit(clauses, c.card, c.deck), NO_BANK, stepsOf(answer));
  const entry: PreparedEntry = { correct: c.row.label === 'Correct', ...vectorOf(clauses, trigrams) };
  return { x: comparison.features, failed: fails(flagsOf(comparison)), entry };
});
const y = cases.map((c) => LABELS.indexOf(c.row.label));
const all = cases.map((_, i) => i);
const byQuestion = new Map<string, number[]>();
all.forEach((i) => byQuestion.set(cases[i]!.card.key, [...(byQuestion.get(cases[i]!.card.key) ?? []), i]));
// In the order the store returns a bank (by text), so the cap per kind keeps the same answers.
for (const rows of byQuestion.values()) rows.sort((a, b) => (cases[a]!.row.answer < cases[b]!.row.answer ? -1 : cases[a]!.row.answer > cases[b]!.row.answer ? 1 : 0));

const BANK_AT = FEATURE_NAMES.indexOf('banked');

/** Row i's features with the bank of its question's other rows that `inBank` admits. */
function sample(i: number, inBank: ((j: number) => boolean) | null): Sample {
  const signal: BankSignal = inBank && !values['no-bank'] ? bankSignal(prepared[i]!.entry, capped(byQuestion.get(cases[i]!.card.key)!.filter((j) => j !== i && inBank(j)).map((j) => prepared[j]!.entry))) : NO_BANK;
  const x = [...prepared[i]!.x];
  x.splice(BANK_AT, 3, signal.present ? 1 : 0, signal.knn, signal.margin);
  return { x, y: y[i]!, failed: prepared[i]!.failed };
}

/** Each row with a bank of the other fitted rows, and each row without one. */
function samplesOf(rows: number[]): Sample[] {
  const fitted = new Set(rows);
  const withBank = rows.map((i) => sample(i, (j) => fitted.has(j)));
  const without = rows.map((i) => sample(i, null));
  return values.only === 'banked' ? withBank : values.only === 'plain' ? without : [...withBank, ...without];
}

const model = fit(samplesOf(all), FALSE_PASS_LIMIT);
console.log(`train rows: ${cases.length} (${LABELS.map((l, k) => `${l} ${y.filter((v) => v === k).length}`).join(', ')})`);
for (const [kind, t] of Object.entries(model.thresholds)) console.log(`thresholds (${kind}): correct ≥ ${t.correct}, partial ≥ ${t.partial}`);
console.log(`train (each row with its bank, and without): ${line(model.figures)}`);
console.log(`cut points: ${model.cuts.join(', ')}`);
FEATURE_NAMES.forEach((name, j) => console.log(`  ${name.padEnd(12)} ${model.weights[j]!.toFixed(3).padStart(8)}`));

// Estimates printed only; the weights come from all rows.
// Unseen questions (SAF's test_unseen_questions): a fifth of the questions held out, graded without a bank.
// Unseen answers (test_unseen_answers): a fifth of each question's answers held out, graded with the bank
// of the other four fifths (the fit sees only those four fifths).
if (values.cv) {
  const questions = [...byQuestion.keys()].sort();
  const questionFold = new Map(questions.map((q, i) => [q, i % FOLDS]));
  const answerFold = new Map<number, number>();
  for (const rows of byQuestion.values()) {
    [...rows].sort((a, b) => y[a]! - y[b]! || cases[a]!.row.answer.localeCompare(cases[b]!.row.answer)).forEach((i, k) => answerFold.set(i, k % FOLDS));
  }
  const estimate = (foldOf: (i: number) => number, banked: boolean) => {
    const predicted = new Array<number>(cases.length).fill(2);
    for (let k = 0; k < FOLDS; k++) {
      const fitted = all.filter((i) => foldOf(i) !== k);
      const inFit = new Set(fitted);
      const m = fit(samplesOf(fitted), FALSE_PASS_LIMIT);
      for (const i of all.filter((i) => foldOf(i) === k)) predicted[i] = verdictOf(sample(i, banked ? (j) => inFit.has(j) : null), m);
    }
    return line(figuresOf(y, predicted));
  };
  console.log(`cross-validated, unseen questions, no bank (${FOLDS} folds): ${estimate((i) => questionFold.get(cases[i]!.card.key)!, false)}`);
  console.log(`cross-validated, unseen answers, no bank (${FOLDS} folds):   ${estimate((i) => answerFold.get(i)!, false)}`);
  console.log(`cross-validated, unseen answers, with bank (${FOLDS} folds): ${estimate((i) => answerFold.get(i)!, true)}`);
}

const written: CombinerModel = { features: FEATURE_NAMES, weights: model.weights, cuts: model.cuts, thresholds: model.thresholds };
if (values.check) {
  // The shipped weights must be what this script makes of today's signals: a signal changed without a refit fails here.
  const same = JSON.stringify(written) === JSON.stringify(COMBINER);
  console.log(same ? 'the committed weights are what the fit gives' : `the committed weights differ from the fit: run npm run fit:grader\nfit:       ${JSON.stringify(written)}\ncommitted: ${JSON.stringify(COMBINER)}`);
  process.exit(same ? 0 : 1);
}
if (!values['dry-run']) {
  const file = fromRoot('src/core/grading/combiner-weights.ts');
  writeFileSync(
    file,
    `// Written by scripts/fit-grader.ts (npm run fit:grader) from the SAF train rows; do not edit by hand.\n` +
      `import type { CombinerModel } from './combiner.js';\n\n` +
      `export const COMBINER: CombinerModel = ${JSON.stringify(written, null, 2)};\n`,
  );
  console.log(`wrote ${file}`);
}
