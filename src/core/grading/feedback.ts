/** The sentence or two a teacher would write under a typed answer's verdict. */
import { truncate } from '../text.js';
import type { Clause } from './clauses.js';
import type { PreparedReference } from './reference.js';
import { opposedClauses } from './polarity.js';
import type { GradeFlag } from './typed.js';

export interface FeedbackInput {
  verdict: 'correct' | 'partial' | 'incorrect';
  flags: GradeFlag[];
  matched: string[];
  missed: string[];
  /** Key points the answer says the opposite of. */
  contradicted?: string[];
  otherCard?: string;
  /** A second card it fits about as well. */
  otherCardRival?: string;
  /** When the roles are swapped: an action the answer gives to the wrong party. */
  swappedAction?: string | null;
  /** A right answer capped at partly right for the much else pasted around it. */
  stuffed?: boolean;
  clauses: Clause[];
  reference: PreparedReference;
}

export function feedbackOf(f: FeedbackInput): string {
  const got = f.matched.length > 0 ? `You got ${list(f.matched)}.` : '';
  if (f.flags.includes('other-card') && f.otherCard) {
    if (f.otherCardRival) return `That answers other questions of this deck ("${short(f.otherCard)}" or "${short(f.otherCardRival)}"), not this one.`;
    return `That answers another question of this deck ("${short(f.otherCard)}"), not this one.`;
  }
  if (f.flags.includes('negated')) return `Your answer says the opposite of the reference${negatedPart(f)}.`;
  if (f.flags.includes('swapped')) return `You have the roles the wrong way round${rolePart(f.reference, f.swappedAction ?? null)}.`;
  if (f.flags.includes('out-of-order')) return `You have the steps in the wrong order: the reference says "${short(f.reference.text)}".`;
  if (f.flags.includes('no-claim')) return 'A list of keywords is not an answer yet: say what each one does or how they relate.';
  if (f.flags.includes('off-topic')) {
    // A one-fact card ("Paris") is not missed by an answer off the topic: "London" is simply wrong.
    if (isShortFact(f.reference)) return `Not quite: the answer is "${short(f.reference.text)}".`;
    return "This doesn't address the question: it shares nothing with the reference answer.";
  }
  if (f.stuffed) return joined('Partly right.', got, 'But it says much that answers other questions: say only what answers this one.');
  const missing = f.missed.length > 0 ? list(f.missed) : '';
  const opposite = f.contradicted && f.contradicted.length > 0 ? `${got ? 'But it' : 'It'} says the opposite of ${list(f.contradicted)}.` : '';
  if (opposite && f.verdict !== 'correct') return joined(f.verdict === 'partial' ? 'Partly right.' : 'Not quite.', got, opposite, missing ? `Also missing: ${missing}.` : '');
  if (f.verdict === 'correct') {
    if (!missing) return `Right: ${f.matched.length > 0 ? `you covered ${list(f.matched)}` : 'that matches an accepted answer'}.`;
    return joined('Right.', got, `For a complete answer also mention ${missing}.`);
  }
  // A verdict below "right" with nothing named as missing: the points are there, but too thinly to count.
  // Partly right with no point whole: on the topic, but each point only touched ("encoder and decoder, they copy the input").
  if (f.verdict === 'partial' && !got) return joined('On the right track, but no point is complete yet.', missing ? `Say what the answer needs: ${missing}.` : 'Say more about each point.');
  if (f.verdict === 'partial') return joined('Partly right.', got, missing ? `Still missing: ${missing}.` : 'Say more about each point to make it a complete answer.');
  if (!missing) return joined('Not quite.', got, 'Compare your answer with the reference answer.');
  return f.matched.length > 0 ? joined('Not quite.', got, `The main points are missing: ${missing}.`) : `Not quite: the answer should say ${missing}.`;
}

/**
 * What the answer denies, as the reference says it: the key points it contradicts (each of them, so that
 * none reads as the only one), else the reference statement it says the other way round.
 */
function negatedPart(f: FeedbackInput): string {
  const points = (f.contradicted ?? []).slice(0, MAX_QUOTED);
  if (points.length > 0) return `, which says ${list(points)}`;
  const [clause] = opposedClauses(f.clauses, f.reference);
  return clause ? `, which says "${short(statementText(f.reference, clause))}"` : '';
}
const MAX_QUOTED = 3;

/** A reference clause as written: a key point's clauses count their offsets in the key point's own text. */
function statementText(ref: PreparedReference, clause: Clause): string {
  const unit = ref.keyPointed ? ref.units.find((u) => u.clauses.includes(clause)) : undefined;
  return (unit?.text ?? ref.text).slice(clause.start, clause.end).trim();
}

/** The reference's statement of who does the action the answer gave to someone else (a key point's first). */
function rolePart(ref: PreparedReference, swappedAction: string | null): string {
  const action = swappedAction ?? [...ref.roles.keys()][0];
  // A role's owner, else what a difference question's reference describes (contrast.ts).
  const owner = action === undefined ? undefined : ref.roles.get(action);
  const owners = new Set(owner ? [owner] : (ref.contrast?.described ?? []));
  if (!action || owners.size === 0) return '';
  const states = (c: Clause) => c.subject !== null && owners.has(c.subject.concept) && c.terms.some((t) => t.concept === action);
  const unit = ref.keyPointed ? ref.units.find((u) => u.clauses.some(states)) : undefined;
  if (unit) return `: the key point is "${short(unit.text)}"`;
  const clause = ref.clauses.find(states);
  return clause ? `: the reference says "${short(statementText(ref, clause))}"` : '';
}

/** A reference of a few words (a name, a date, a term) that states nothing else. */
function isShortFact(ref: PreparedReference): boolean {
  return ref.text.trim().split(/\s+/).length <= SHORT_FACT_WORDS && ref.units.length <= 1;
}
const SHORT_FACT_WORDS = 4;

/** Sentences with one space between them, empty ones left out. */
function joined(...sentences: string[]): string {
  return sentences.filter(Boolean).join(' ');
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
