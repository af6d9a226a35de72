/**
 * How close is the typed-answer grader to a teacher? Grades labelled answers and compares verdicts with
 * the teacher's labels (Correct / Partially correct / Incorrect).
 *
 *   npm run bench:grading                          # SAF test rows, then the gan deck's labelled and held-out sets
 *   npm run bench:grading -- --set my-answers.jsonl
 *   npm run bench:grading -- --by-kind             # also break figures down by the rows' `kind` field
 *
 * SAF (../shared/benchmarks/short-answer): only the test rows are graded; the grader's weights and
 * thresholds were fitted on the train rows alone (scripts/fit-grader.ts). The SAF figures are printed
 * twice, overall and per test split: as a fresh deck (the reference answers alone), and with each card's
 * answer bank made of its train answers, as accepted (Correct) or rejected appeals, as a course whose
 * appeals were decided would have it (bank.ts). Only test_unseen_answers has questions with train
 * answers; test_unseen_questions' cards have no bank, so those figures do not change.
 *
 * Figures: accuracy over the three labels, macro-F1, the false-pass rate (Incorrect graded correct), the
 * miss rate (Correct not graded correct), and latency per grade. Targets: accuracy ≥ 0.72,
 * macro-F1 ≥ 0.65, false-pass ≤ 0.05, p50 ≤ 20 ms. Each set ends with a one-line summary.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gradeWithBank } from '../src/core/appeals/remembered.js';
import { GAN_HELDOUT_FILE, GAN_HELDOUT_MORE, GAN_SET_FILE, LABELS, SAF_FILE, bankFromTrain, casesOf, readSet, type GradingCase, type Label, type Remembered } from '../scripts/grading-sets.js';

const { values } = parseArgs({ options: { set: { type: 'string' }, saf: { type: 'string', default: SAF_FILE }, 'by-kind': { type: 'boolean', default: false } } });

const VERDICT_LABEL: Record<string, Label> = { correct: 'Correct', partial: 'Partially correct', incorrect: 'Incorrect', empty: 'Incorrect' };

interface Figures {
  accuracy: number;
  macroF1: number;
  falsePass: number;
  miss: number;
  n: number;
  p50: number;
  p95: number;
  confusion: number[][];
}

function evaluate(cases: GradingCase[]): { figures: Figures; predicted: Label[] } {
  const predicted: Label[] = [];
  const times: number[] = [];
  for (const c of cases) {
    const t0 = performance.now();
    // As the product grades (appeals/remembered.ts): a repeat of an accepted answer in the card's bank passes.
    const g = gradeWithBank(c.row.answer, c.card, c.deck);
    times.push(performance.now() - t0);
    predicted.push(VERDICT_LABEL[g.verdict]!);
  }
  return { figures: figuresOf(cases.map((c) => c.row.label), predicted, times), predicted };
}

export function figuresOf(gold: Label[], predicted: Label[], times: number[] = []): Figures {
  const confusion = LABELS.map(() => LABELS.map(() => 0));
  gold.forEach((g, i) => confusion[LABELS.indexOf(g)]![LABELS.indexOf(predicted[i]!)]!++);
  const n = gold.length;
  const right = LABELS.reduce((acc, _, i) => acc + confusion[i]![i]!, 0);
  const f1s = LABELS.map((_, i) => {
    const tp = confusion[i]![i]!;
    const goldN = confusion[i]!.reduce((a, b) => a + b, 0);
    const predN = confusion.reduce((a, row) => a + row[i]!, 0);
    return tp === 0 ? 0 : (2 * tp) / (goldN + predN);
  });
  const incorrect = confusion[2]!.reduce((a, b) => a + b, 0);
  const correct = confusion[0]!.reduce((a, b) => a + b, 0);
  const sorted = [...times].sort((a, b) => a - b);
  const pct = (q: number) => (sorted.length > 0 ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
  return {
    accuracy: right / n,
    macroF1: f1s.reduce((a, b) => a + b, 0) / LABELS.length,
    falsePass: incorrect > 0 ? confusion[2]![0]! / incorrect : 0,
    miss: correct > 0 ? (correct - confusion[0]![0]!) / correct : 0,
    n,
    p50: pct(0.5),
    p95: pct(0.95),
    confusion,
  };
}

function summary(f: Figures): string {
  return `accuracy=${f.accuracy.toFixed(3)} macro_f1=${f.macroF1.toFixed(3)} false_pass=${f.falsePass.toFixed(3)} miss=${f.miss.toFixed(3)} n=${f.n}`;
}

function report(title: string, cases: GradingCase[]): void {
  const { figures: f, predicted } = evaluate(cases);
  console.log(`\n${title}`);
  console.log(`  latency per grade: p50 ${f.p50.toFixed(2)} ms, p95 ${f.p95.toFixed(2)} ms`);
  console.log('  teacher \\ grader     correct  partial  incorrect');
  LABELS.forEach((l, i) => console.log(`  ${l.padEnd(19)} ${f.confusion[i]!.map((v) => String(v).padStart(8)).join(' ')}`));
  if (values['by-kind']) {
    const kinds = new Map<string, { n: number; right: number }>();
    cases.forEach((c, i) => {
      const k = kinds.get(c.row.kind ?? '-') ?? { n: 0, right: 0 };
      k.n++;
      if (predicted[i] === c.row.label) k.right++;
      kinds.set(c.row.kind ?? '-', k);
    });
    for (const [kind, k] of kinds) console.log(`  kind ${kind.padEnd(12)} ${k.right}/${k.n} right`);
  }
  console.log(summary(f));
}

if (values.set) {
  report(`${values.set}`, casesOf(readSet(values.set)));
} else {
  if (!existsSync(values.saf)) throw new Error(`SAF not found at ${values.saf} (pass --saf <file>)`);
  const saf = readSet(values.saf);
  const test = saf.filter((r) => r.split !== 'train');
  const bySplit = (remembered: Remembered) => {
    for (const split of ['test_unseen_answers', 'test_unseen_questions']) {
      const { figures } = evaluate(casesOf(test.filter((r) => r.split === split), remembered));
      console.log(`  ${split}: ${summary(figures)}`);
    }
  };
  report(`SAF test rows, a fresh deck (reference answers only)`, casesOf(test));
  bySplit({});
  const bank = bankFromTrain(saf);
  report(`SAF test rows, each card with an answer bank: its train answers as accepted (Correct) or rejected appeals`, casesOf(test, bank));
  bySplit(bank);
  const gan = readSet(GAN_SET_FILE);
  report(`gan deck without its key points (the combiner alone), ${GAN_SET_FILE.replace(/.*\/bench\//, 'bench/')}`, casesOf(gan, {}, { withoutKeyPoints: true }));
  report(`gan deck, labelled set (${GAN_SET_FILE.replace(/.*\/bench\//, 'bench/')})`, casesOf(gan));
  // Written by someone who never ran the grader: what the rules were not written for.
  report(`gan deck, held-out set (${GAN_HELDOUT_FILE.replace(/.*\/bench\//, 'bench/')})`, casesOf(readSet(GAN_HELDOUT_FILE)));
  // Written the same way later: the rules of 2026-12-04 were written from the failures of -2 and -3, not -4.
  for (const file of GAN_HELDOUT_MORE) report(`gan deck, held-out set (${file.replace(/.*\/bench\//, 'bench/')})`, casesOf(readSet(file)));
}
