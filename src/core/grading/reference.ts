/**
 * A reference answer prepared once for grading: its clauses, the units a teacher would tick off (the
 * author's key points, else the reference's sentences), the weight of each concept, and who does what.
 */
import { contrastOf, type Contrast } from './contrast.js';
import { clausesOf, describesNext, isCountWord, type Clause } from './clauses.js';
import { stepsOf } from './order.js';
import { GENERIC_WEIGHT, TECHNICAL_WEIGHT, type Term } from './terms.js';
import { trigramsOf } from './trigrams.js';

export interface Concept {
  concept: string;
  /** Lower-cased ways the text wrote it (for typo matching). */
  words: Set<string>;
  weight: number;
}

export interface Unit {
  /** The text as a reader should see it when it is missed or got. */
  text: string;
  concepts: Concept[];
  /** Its statements, to tell an answer that says the opposite of it. */
  clauses: Clause[];
  /** Concepts no other unit of the reference has: a unit is only got when one of them is there. */
  distinctive: Set<string>;
  /**
   * A key point that glosses a technical name ("the L2 loss: how similar the output is to the input"),
   * on a question that asks for names, not explanations: the name's concepts. Naming it covers the point,
   * as a teacher takes "L2 + KL" for "What are the two losses?".
   */
  named?: Concept[];
}

export interface PreparedReference {
  text: string;
  clauses: Clause[];
  /** The clauses of the units (key points, else the reference's own): what negation is checked against. */
  unitClauses: Clause[];
  /** The unit (an index into `units`) each of `unitClauses` belongs to; a clause in no unit is not here. */
  unitOf: ReadonlyMap<Clause, number>;
  concepts: Concept[];
  units: Unit[];
  /** Action concept -> the one subject the reference ties it to (actions tied to several are left out). */
  roles: Map<string, string>;
  /**
   * Roles read only from the free text of a key-pointed reference, where a thing named next to a party
   * may be its object ("distinguishes the generated false images"), not its action: they alone make no one-way swap.
   */
  inferredRoles: Set<string>;
  /** Concepts that are the subject of some clause. */
  subjects: Set<string>;
  /** The reference is a bare list ('Compression, generation'): answers need no statement either. */
  bareList: boolean;
  /** What sets one thing apart from another, on a question about their difference (contrast.ts). */
  contrast: Contrast | null;
  /** The units are the author's key points. */
  keyPointed: boolean;
  /**
   * Without key points, a reference that is only a list of glossed technical names ("The L2 loss (how
   * similar …), and the KL divergence (the distance …)") or a bare list ("Compression, generation"), on a
   * question that asks for names: each name's concepts. Naming them all answers it, as a key point's name
   * does (Unit.named); naming some of them is partly right (typed.ts).
   */
  names: Concept[][];
  /** Character trigrams of the text (trigrams.ts). */
  trigrams: Set<string>;
  /** The concepts of each step, when the text states an order ("SYN, then SYN-ACK, then ACK"; order.ts). */
  steps: Set<string>[] | null;
}

/** The grader's rules apply to references of at most this many clauses (key points, else the reference's). */
export const RULES_MAX_CLAUSES = 8;

/** A flashcard-sized reference: at most RULES_MAX_CLAUSES clauses (of its key points, else its own). */
export function isCompact(ref: PreparedReference): boolean {
  return ref.unitClauses.filter((u) => u.terms.length > 0).length <= RULES_MAX_CLAUSES;
}

/** Concepts the question already names count this much: repeating the question is not an answer. */
export const QUESTION_ECHO_WEIGHT = 0.35;

export function prepareReference(text: string, keyPoints: readonly string[] = [], question = ''): PreparedReference {
  const clauses = clausesOf(text);
  const echo = new Set(clausesOf(question).flatMap((c) => c.terms.map((t) => t.concept)));
  const concepts = conceptsOf(clauses.flatMap((c) => c.terms), echo);
  const unitTexts = keyPoints.length > 0 ? [...keyPoints] : sentencesOf(text);
  const namesSuffice = keyPoints.length > 0 && !ASKS_TO_EXPLAIN.test(question);
  const units = withDistinctive(
    unitTexts
      .map((u) => {
        const unitClauses = clausesOf(u);
        const concepts = conceptsOf(unitClauses.flatMap((c) => c.terms), echo);
        return { text: u, clauses: unitClauses, concepts, ...(namesSuffice ? namedOf(u, concepts) : {}) };
      })
      .filter((u) => u.concepts.length > 0),
  );
  // The units' own clauses, so that a clause leads back to its key point (unitOf).
  const unitClauses = keyPoints.length > 0 ? units.flatMap((u) => u.clauses) : clauses;
  // Key points say who does what plainly, so theirs win; the reference may add more ('the generator is a transform').
  const fromReference = rolesOf(clauses, { recurring: keyPoints.length === 0 });
  const fromKeyPoints = keyPoints.length > 0 ? rolesOf(unitClauses) : fromReference;
  const subjects = fromKeyPoints.subjects;
  const roles = new Map([...fromReference.roles].filter(([action, owner]) => subjects.has(owner) && !subjects.has(action)));
  for (const [action, owner] of fromKeyPoints.roles) roles.set(action, owner);
  const inferredRoles = new Set(keyPoints.length > 0 ? [...roles.keys()].filter((action) => !fromKeyPoints.roles.has(action)) : []);
  const bareList = clauses.every((c) => !c.claims);
  const names = keyPoints.length === 0 && !ASKS_TO_EXPLAIN.test(question) ? (bareList ? listedNames(clauses, concepts) : glossedNames(text, concepts)) : [];
  const unitOf = keyPoints.length > 0 ? new Map(units.flatMap((u, i) => u.clauses.map((c) => [c, i] as const))) : unitsByPosition(text, units, clauses);
  const contrast = contrastOf(question, clauses);
  return { text, clauses, unitClauses, unitOf, concepts, units, roles, inferredRoles, subjects, bareList, contrast, keyPointed: keyPoints.length > 0, names, trigrams: trigramsOf(text), steps: stepsOf(text) };
}

/** Without key points the units are the text's own sentences: each clause of the text belongs to the one it starts in. */
function unitsByPosition(text: string, units: Unit[], clauses: Clause[]): Map<Clause, number> {
  let from = 0;
  const spans = units.map((u) => {
    const at = text.indexOf(u.text, from);
    if (at >= 0) from = at + u.text.length;
    return at < 0 ? null : ([at, at + u.text.length] as const);
  });
  const out = new Map<Clause, number>();
  for (const c of clauses) {
    const unit = spans.findIndex((span) => span !== null && c.start >= span[0] && c.start < span[1]);
    if (unit >= 0) out.set(c, unit);
  }
  return out;
}

/** A question that wants the why or how, or what something is for: there a name alone does not answer. */
const ASKS_TO_EXPLAIN = /\b(?:explain|describe|why|how|purpose|role|discuss|what does|what do)\b/i;
/** "NAME: gloss" (a colon, or a bracket: "the KL divergence (the distance …)"). */
const GLOSSED = /^([^:(]{1,60})(?::|\()\s*\S/;

function namedOf(keyPoint: string, concepts: Concept[]): { named?: Concept[] } {
  const head = GLOSSED.exec(keyPoint)?.[1];
  if (!head) return {};
  const inHead = new Set(clausesOf(head).flatMap((c) => c.terms.map((t) => t.concept)));
  const named = concepts.filter((c) => inHead.has(c.concept) && c.weight >= TECHNICAL_WEIGHT);
  return named.length > 0 ? { named } : {};
}

/** A name and its gloss in brackets, which may hold brackets of their own ("N(0, 1)"). */
const GLOSS = /([^,;.()]+)\(((?:[^()]|\([^()]*\))*)\)/g;

function glossedNames(text: string, concepts: Concept[]): Concept[][] {
  const byConcept = new Map(concepts.map((c) => [c.concept, c]));
  const names: Concept[][] = [];
  const inHeads = new Set<string>();
  for (const m of text.matchAll(GLOSS)) {
    const head = clausesOf(m[1]!).flatMap((c) => c.terms);
    const named = head.filter((t) => t.weight >= TECHNICAL_WEIGHT).map((t) => byConcept.get(t.concept)!).filter(Boolean);
    if (named.length === 0) return [];
    names.push(named);
    for (const t of head) inHeads.add(t.concept);
  }
  // Only a list of names: outside the glosses the reference says nothing the names do not.
  const rest = clausesOf(text.replace(GLOSS, '$1 ')).flatMap((c) => c.terms);
  return names.length >= 2 && rest.every((t) => inHeads.has(t.concept) || t.weight <= QUESTION_ECHO_WEIGHT) ? names : [];
}

/** A bare list's items ("Compression, generation,"), each by its concepts beyond generic words; none unless two or more. */
function listedNames(clauses: Clause[], concepts: Concept[]): Concept[][] {
  const byConcept = new Map(concepts.map((c) => [c.concept, c]));
  const items = clauses.map((c) => c.terms.filter((t) => t.weight > GENERIC_WEIGHT).map((t) => byConcept.get(t.concept)!).filter(Boolean)).filter((item) => item.length > 0);
  return items.length >= 2 ? items : [];
}

export function withDistinctive(units: Omit<Unit, 'distinctive'>[]): Unit[] {
  const seen = new Map<string, number>();
  for (const u of units) for (const c of u.concepts) seen.set(c.concept, (seen.get(c.concept) ?? 0) + 1);
  // A count alone ('two' of "two generators") is not what a unit is about: it never gets the unit by itself.
  return units.map((u) => ({ ...u, distinctive: new Set(u.concepts.filter((c) => seen.get(c.concept) === 1 && c.weight > GENERIC_WEIGHT && !isCountWord(c.concept)).map((c) => c.concept)) }));
}

function conceptsOf(terms: Term[], echo: Set<string>): Concept[] {
  const byConcept = new Map<string, Concept>();
  for (const t of terms) {
    const weight = echo.has(t.concept) ? Math.min(t.weight, QUESTION_ECHO_WEIGHT) : t.weight;
    const seen = byConcept.get(t.concept);
    if (!seen) byConcept.set(t.concept, { concept: t.concept, words: new Set([t.word]), weight });
    else {
      seen.weight = Math.max(seen.weight, weight);
      seen.words.add(t.word);
    }
  }
  return [...byConcept.values()];
}

/** Sentences, or for one long sentence its clauses, as readable units. */
/** A sentence ends at . ! ? ; and a space, or a line break; not at an abbreviation ("e.g. images", "vs. the"). */
const SENTENCE_END = /(?<=[.!?;])(?<!\b(?:e\.?g|i\.?e|vs|cf|approx|resp|incl|esp|ca)\.)\s+|\n+/i;

function sentencesOf(text: string): string[] {
  const sentences = text
    .split(SENTENCE_END)
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
  return sentences.length > 0 ? sentences : [text.trim()];
}

/**
 * Which subject each action belongs to: in every clause, the subject's partners are the clause's other
 * concepts. An action tied to more than one subject says nothing about roles and is dropped.
 */
export function rolesOf(clauses: Clause[], options: { recurring?: boolean } = {}): { roles: Map<string, string>; subjects: Set<string> } {
  const subjects = new Set<string>();
  const tied = new Map<string, Set<string>>();
  const isParty = options.recurring ? recurringSubjects(clauses) : () => true;
  let previous: Term | null = null;
  for (const c of clauses) {
    // In the reference's own sentences a fragment ("… generates eg. | images") goes on the statement before it.
    const subject: Term | null = options.recurring && !c.claims && previous ? previous : c.subject;
    if (!subject || subject.weight <= GENERIC_WEIGHT || !isParty(subject.concept)) continue;
    previous = subject;
    subjects.add(subject.concept);
    for (const [i, t] of c.terms.entries()) {
      if (t.concept === subject.concept || t.weight <= GENERIC_WEIGHT || describesNext(c.terms, i)) continue;
      let set = tied.get(t.concept);
      if (!set) tied.set(t.concept, (set = new Set()));
      set.add(subject.concept);
    }
  }
  const roles = new Map<string, string>();
  for (const [action, owners] of tied) {
    // An action that is itself a subject elsewhere ('the generator … the discriminator') is a party, not an action.
    if (owners.size === 1 && !subjects.has(action)) roles.set(action, [...owners][0]!);
  }
  return { roles, subjects };
}

/**
 * In a reference's own sentences (no key points) any clause's first word is its subject, also a thing
 * named once ("the purpose", "images"): a party is the subject of a statement that the reference names
 * in two clauses at least (the encoder and the decoder, the L2 loss and its gloss).
 */
function recurringSubjects(clauses: Clause[]): (concept: string) => boolean {
  const named = new Map<string, number>();
  for (const c of clauses) for (const concept of new Set(c.terms.map((t) => t.concept))) named.set(concept, (named.get(concept) ?? 0) + 1);
  for (const c of clauses) if (c.subject && !c.terms.includes(c.subject)) named.set(c.subject.concept, (named.get(c.subject.concept) ?? 0) + 1);
  // A fragment's first word ("images" cut off after "eg.") is the subject of no statement.
  const stated = new Set(clauses.filter((c) => c.claims && c.subject).map((c) => c.subject!.concept));
  // A reference of one or two statements names each party once ("A generator makes fakes to fool a
  // discriminator, which tells them from real ones"): there every subject of a statement is one.
  const few = clauses.filter((c) => c.claims).length <= 2;
  return (concept) => stated.has(concept) && (few || (named.get(concept) ?? 0) >= 2);
}
