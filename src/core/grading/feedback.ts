/** The sentence or two a teacher would write under a typed answer's verdict. */
import { truncate } from '../text.js';
import type { Clause } from './clauses.js';
import type { PreparedReference } from './reference.js';
import type { GradeFlag } from './typed.js';

export interface FeedbackInput {
  verdict: 'correct' | 'partial' | 'incorrect';
  flags: GradeFlag[];
  matched: string[];
  missed: string[];
  otherCard?: string;
  clauses: Clause[];
  reference: PreparedReference;
}

export function feedbackOf(f: FeedbackInput): string {
  const got = f.matched.length > 0 ? `You got ${list(f.matched)}.` : '';
  if (f.flags.includes('other-card') && f.otherCard) return `That answers another question of this deck ("${short(f.otherCard)}"), not this one.`;
  if (f.flags.includes('negated')) return `Your answer says the opposite of the reference${negatedPart(f)}.`;
  if (f.flags.includes('swapped')) return `You have the roles the wrong way round${rolePart(f.reference)}.`;
  if (f.flags.includes('no-claim')) return 'A list of keywords is not an answer yet: say what each one does or how they relate.';
  if (f.flags.includes('off-topic')) return "This doesn't address the question: it shares nothing with the reference answer.";
  if (f.verdict === 'correct') return f.missed.length > 0 ? `Right. ${got} For a complete answer also mention ${list(f.missed)}.` : `Right: ${f.matched.length > 0 ? `you covered ${list(f.matched)}` : 'that matches an accepted answer'}.`;
  if (f.verdict === 'partial') return `Partly right. ${got} Still missing: ${list(f.missed)}.`.replace(/\s+/g, ' ');
  return f.matched.length > 0 ? `Not quite. ${got} The main points are missing: ${list(f.missed)}.` : `Not quite: the answer should say ${list(f.missed)}.`;
}

function negatedPart(f: FeedbackInput): string {
  const positive = f.reference.clauses.find((c) => !c.negated && c.terms.length >= 2);
  return positive ? `: it says "${short(f.reference.text.slice(positive.start, positive.end).trim())}"` : '';
}

function rolePart(ref: PreparedReference): string {
  const [action, owner] = [...ref.roles.entries()][0] ?? [];
  if (!action || !owner) return '';
  const clause = ref.clauses.find((c) => c.subject?.concept === owner && c.terms.some((t) => t.concept === action));
  return clause ? `: the reference says "${short(ref.text.slice(clause.start, clause.end).trim())}"` : '';
}

function list(items: string[]): string {
  const quoted = items.map((i) => `"${short(i)}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

function short(s: string, max = 120): string {
  const one = s.replace(/\s+/g, ' ').trim().replace(/[.,;:]+$/, '');
  return truncate(one, max);
}
