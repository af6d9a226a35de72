/**
 * What an answer has in common with one prepared reference, as numbers a combiner can weigh:
 * how much of the reference (and of each unit) it covers, how much of the answer is on topic, and
 * whether it says the opposite (negation) or gives the roles to the wrong parties.
 */
import { alignments, type Alignment } from './alignments.js';
import { givenToOther } from './contrast.js';
import { VERB_FORM, describesNext, negatedFor, type Clause } from './clauses.js';
import { QUESTION_ECHO_WEIGHT, type Concept, type PreparedReference, type Unit } from './reference.js';
import { contradictedUnits, lackingUnits, polarityConflicts } from './polarity.js';
import { stemmer } from 'stemmer';
import { editDistance, withImplied } from './terms.js';
import { UNIT_FULL, UNIT_GOT, WITHOUT_DISTINCTIVE, partyUnnamed, saysAllButOwnWords, sum, unitShare } from './unit-shares.js';

export interface Signals {
  /** Weighted share of the reference's concepts the answer has, scaled so long references need not be copied. */
  coverage: number;
  /** Mean over units of how far each is covered (a unit at 60% counts as got). */
  units: number;
  /** Share of units got (at least half their weight). */
  unitsGot: number;
  /** Weighted share of the answer's concepts that the reference (or question) has. */
  precision: number;
  /** log of answer length over reference length, in concepts. */
  length: number;
  /** Aligned clauses whose polarity differs, minus those that agree, per aligned clause (−1 … 1). */
  negation: number;
  /** Like `negation`, with a concept's opposite ("enlarges" for "compresses") flipping a statement as "not" does: for the rules, not the fitted combiner. */
  opposition: number;
  /** Role statements that give an action to the wrong party, minus right ones, per role statement (−1 … 1). */
  swap: number;
  /** When swapped: an action the answer gives to the wrong party, for feedback. */
  swappedAction: string | null;
  /** How many of the reference's concepts (beyond those the question names) the answer has. */
  shared: number;
  /** How many of the reference's concepts that the question also names the answer has. */
  echoed: number;
  /** Share of the reference's clauses (of its units) that an answer clause restates, with the same polarity. */
  clauseCover: number;
  /** Share of the reference's glossed names (PreparedReference.names) the answer names; 0 when it has none. */
  names: number;
  /** 1 when the answer states something (or the reference is a bare list), 0 for a bag of words. */
  claims: number;
  /** Which units were got, for feedback. */
  got: boolean[];
  /**
   * Units not got, that the answer says in the other units' words ("a generator and a discriminator" for
   * "two networks, a generator and a discriminator": saysAllButOwnWords): not scored as got (a keyword list
   * would get every unit so), but named as got in the feedback, since the answer does say them.
   */
  impliedByOthers: boolean[];
  /** Key points the answer states the opposite of (an aligned clause that denies it, or says its opposite): never got. */
  contradicted: boolean[];
}

/** Required weight for full coverage: SCALE × √total, at least 1, at most the total. */
const REQUIRED_SCALE = 2.5;
const MAX_PARTIES = 4;
/** An answer of at most this many concepts is a terse phrase ("reliable ordered delivery"), not a bag of keywords. */
const TERSE_MAX_TERMS = 3;

export function signalsOf(answer: Clause[], ref: PreparedReference): Signals {
  const answerTerms = answer.flatMap((c) => c.terms);
  const has = matcher(withImplied(answerTerms.map((t) => t.concept)), answerTerms.map((t) => t.word));
  const total = sum(ref.concepts.map((c) => c.weight));
  const got = sum(ref.concepts.filter(has).map((c) => c.weight));
  const required = Math.min(total, Math.max(1, REQUIRED_SCALE * Math.sqrt(total)));
  const coverage = total > 0 ? Math.min(1, got / required) : 0;

  const aligned = alignments(answer, ref);
  // All the rules on key points only: an author's point is one statement, where a reference's long sentences say several things.
  const contradicted = ref.keyPointed ? contradictedUnits(answer, aligned, ref) : lackingUnits(aligned, ref);
  const owners = ref.keyPointed ? partiesOf(ref) : [];
  const unitShares = ref.units.map((u, i) => {
    if (contradicted[i]) return 0;
    const share = unitShare(u, has, ref.keyPointed);
    return ref.keyPointed && partyUnnamed(u, ref.units, owners, has) ? Math.min(share, WITHOUT_DISTINCTIVE) : share;
  });
  const units = unitShares.length > 0 ? mean(unitShares.map((s) => Math.min(1, s / UNIT_FULL))) : coverage;
  const gotUnits = unitShares.map((s) => s >= UNIT_GOT);
  const impliedByOthers = ref.units.map((u, i) => !gotUnits[i] && !contradicted[i] && saysAllButOwnWords(u, has));
  const unitsGot = gotUnits.length > 0 ? gotUnits.filter(Boolean).length / gotUnits.length : coverage;

  // Precision: how much of what the answer says is in the reference, repeating the question counting little.
  const refWeight = new Map(ref.concepts.map((c) => [c.concept, c.weight]));
  const refHas = matcher(ref.concepts.map((c) => c.concept), ref.concepts.flatMap((c) => [...c.words]));
  const answerWeight = sum(answerTerms.map((t) => Math.min(t.weight, refWeight.get(t.concept) ?? t.weight)));
  const onTopic = sum(answerTerms.filter((t) => refHas({ concept: t.concept, words: new Set([t.word]), weight: t.weight })).map((t) => Math.min(t.weight, refWeight.get(t.concept) ?? t.weight)));
  const precision = answerWeight > 0 ? onTopic / answerWeight : 0;
  const refCount = Math.max(1, ref.concepts.length);
  const length = Math.log((new Set(answerTerms.map((t) => t.concept)).size + 1) / (refCount + 1));

  return {
    coverage,
    shared: ref.concepts.filter((c) => c.weight > QUESTION_ECHO_WEIGHT && has(c)).length,
    echoed: ref.concepts.filter((c) => c.weight <= QUESTION_ECHO_WEIGHT && has(c)).length,
    units,
    unitsGot,
    precision,
    length,
    ...polarityConflicts(aligned),
    clauseCover: clauseCoverage(aligned, ref),
    ...swapOf(answer, ref),
    names: ref.names.length > 0 ? ref.names.filter((n) => n.every(has)).length / ref.names.length : 0,
    claims: ref.bareList || answer.some((c) => c.claims || isTerseStatement(c, ref)) || answerTerms.length <= TERSE_MAX_TERMS || namesAll(ref, has) ? 1 : 0,
    got: gotUnits,
    impliedByOthers,
    contradicted,
  };
}

/**
 * A note of two or three words that gives a party its own action as the reference does ("encoder
 * compresses", "decoder reconstructs"): a statement without function words, as "encoder: compress" is
 * one with a colon. A run of keywords ("encoder decoder input downsized …") has a party second, or is longer.
 */
function isTerseStatement(clause: Clause, ref: PreparedReference): boolean {
  const [first, second] = clause.terms;
  if (clause.terms.length < 2 || clause.terms.length > 3 || !first || !second) return false;
  // The action is a verb as written ("compresses", "reconstructed"): "latent space" is a name, not a claim.
  return ref.subjects.has(first.concept) && ref.roles.get(second.concept) === first.concept && VERB_FORM.test(second.word);
}

/**
 * On a question that asks for names ("What are the two losses?"), naming every name the reference glosses
 * is the answer, list or not ("L2 & KL").
 */
function namesAll(ref: PreparedReference, has: (c: Concept) => boolean): boolean {
  // Every key point a glossed name (Unit.named), else the reference a list of them (PreparedReference.names).
  if (ref.units.length > 0 && ref.units.every((u) => u.named)) return ref.units.every((u) => u.named!.every(has));
  return ref.names.length > 0 && ref.names.every((n) => n.every(has));
}

/** The parties the reference gives actions to, as its concepts (one each). */
function partiesOf(ref: PreparedReference): Concept[] {
  const byId = new Map<string, Concept>();
  const owners = new Set(ref.roles.values());
  for (const c of [...ref.concepts, ...ref.units.flatMap((u) => u.concepts)]) if (owners.has(c.concept) && !byId.has(c.concept)) byId.set(c.concept, c);
  return [...byId.values()];
}

/** Mean over `units` of how far the answer covers each (a unit at 60% counts as fully covered). */
export function unitCoverage(answer: Clause[], units: Unit[]): number {
  if (units.length === 0) return 0;
  const terms = answer.flatMap((c) => c.terms);
  const has = matcher(withImplied(terms.map((t) => t.concept)), terms.map((t) => t.word));
  return mean(units.map((u) => Math.min(1, unitShare(u, has) / UNIT_FULL)));
}

/** Stems shorter than this are too alike for a typo's one edit: "gener" is the shortest of ours. */
const TYPO_MIN_STEM = 5;

/** Same concept, or a typo of a word the reference used: one edit for words of 5+ letters, two for 9+, or one in their stems. */
export function matcher(concepts: string[], words: string[]): (c: Concept) => boolean {
  const conceptSet = new Set(concepts);
  // Typos keep the first letter nearly always; bucketing by it keeps this cheap on long answers.
  const byInitial = new Map<string, string[]>();
  for (const w of new Set(words)) {
    if (w.length < 4 || /[^a-z]/.test(w)) continue;
    const list = byInitial.get(w[0]!);
    if (list) list.push(w);
    else byInitial.set(w[0]!, [w]);
  }
  // A typo in an inflected word is often nearer in stems: "compresing" (compres) to "compression" (compress).
  // Stemmed only when a concept is not found otherwise, as most are.
  let stemsByInitial: Map<string, string[]> | undefined;
  const stemsStarting = (initial: string): string[] => {
    if (!stemsByInitial) {
      stemsByInitial = new Map();
      for (const [first, list] of byInitial) stemsByInitial.set(first, list.map((a) => stemmer(a)).filter((stem) => stem.length >= TYPO_MIN_STEM));
    }
    return stemsByInitial.get(initial) ?? [];
  };
  const typo = (c: Concept) => {
    for (const w of c.words) {
      if (w.length < 5 || /[^a-z]/.test(w)) continue;
      const max = w.length >= 9 ? 2 : 1;
      for (const a of byInitial.get(w[0]!) ?? []) if (Math.abs(a.length - w.length) <= max && editDistance(w, a, max) <= max) return true;
      const stem = stemmer(w);
      if (stem.length < TYPO_MIN_STEM) continue;
      for (const a of stemsStarting(w[0]!)) if (Math.abs(a.length - stem.length) <= 1 && editDistance(stem, a, 1) <= 1) return true;
    }
    return false;
  };
  // A unit's concepts are asked after several times (shares, parties, feedback): the typo search once each.
  const seen = new Map<Concept, boolean>();
  return (c) => {
    if (conceptSet.has(c.concept)) return true;
    let hit = seen.get(c);
    if (hit === undefined) seen.set(c, (hit = typo(c)));
    return hit;
  };
}

/**
 * Share of the reference's clauses that an answer clause restates (aligned with it, same polarity).
 * Unlike concept coverage it needs the concepts together in one statement, and unlike the polarity
 * signal it grows with how much of the reference is said: half an answer restates half the clauses.
 */
function clauseCoverage(aligned: Alignment[], ref: PreparedReference): number {
  const refClauses = ref.unitClauses.filter((r) => r.terms.length > 0);
  if (refClauses.length === 0) return 0;
  const restated = new Set(aligned.filter((x) => negatedFor(x.ref, x.answer) === negatedFor(x.answer, x.ref)).map((x) => x.ref));
  return restated.size / refClauses.length;
}

/** Roles swapped between the reference's parties, or what sets one thing apart given to the other (contrast.ts). */
function swapOf(answer: Clause[], ref: PreparedReference): { swap: number; swappedAction: string | null } {
  const roles = roleConflict(answer, ref);
  const given = roles.swap === 0 && ref.contrast ? givenToOther(answer, ref.contrast) : null;
  return given ? { swap: 1, swappedAction: given } : roles;
}

/**
 * Roles swapped: the answer gives an action of one of the reference's parties to another, and one of
 * that party's actions to the first (both ways round, so a stray word is not a swap), or gives the party
 * a clause is about another's action and ties no action right. Each concept is tied to the nearest party
 * named before it in its clause. `swap` is 1 when swapped, else 0; `swappedAction` the action given wrongly.
 */
function roleConflict(answer: Clause[], ref: PreparedReference): { swap: number; swappedAction: string | null } {
  // In a long reference about many things, "who does what" is noise: roles only count with a few parties.
  if (ref.roles.size === 0 || ref.subjects.size > MAX_PARTIES) return { swap: 0, swappedAction: null };
  let right = 0;
  /** Ties made right, by party: a swap between two parties is weighed against what is right of those two. */
  const rightBy = new Map<string, number>();
  const wrongByPair = new Map<string, number>();
  /** Wrong ties made by the party the clause is about ("the decoder compresses"), not one it names on the way, by roles not only inferred (PreparedReference.inferredRoles). */
  let wrongBySubject = 0;
  const wrong = new Map<string, string>();
  for (const a of answer) {
    const subject = a.subject && ref.subjects.has(a.subject.concept) ? a.subject.concept : null;
    let party = subject;
    for (const [i, t] of a.terms.entries()) {
      if (ref.subjects.has(t.concept)) {
        party = t.concept;
        continue;
      }
      const owner = describesNext(a.terms, i) ? undefined : ref.roles.get(t.concept);
      if (owner === undefined || party === null) continue;
      if (owner === party) {
        right++;
        rightBy.set(party, (rightBy.get(party) ?? 0) + 1);
      } else {
        const pair = `${party}>${owner}`;
        if (!wrong.has(pair)) wrong.set(pair, t.concept);
        wrongByPair.set(pair, (wrongByPair.get(pair) ?? 0) + 1);
        if (party === subject && !ref.inferredRoles.has(t.concept)) wrongBySubject++;
      }
    }
  }
  // Each way round at least once, and at least twice as often wrong as right between those two parties
  // ("two discriminators transform A to B …, one generator per domain" beside a right statement of the loss).
  const both = [...wrong.keys()].find((pair) => {
    const [x, y] = pair.split('>') as [string, string];
    const wrongHere = (wrongByPair.get(pair) ?? 0) + (wrongByPair.get(`${y}>${x}`) ?? 0);
    return wrong.has(`${y}>${x}`) && wrongHere >= 2 * ((rightBy.get(x) ?? 0) + (rightBy.get(y) ?? 0));
  });
  // One way round is enough when nothing is tied right and the party a clause is about is given another's
  // action ("the decoder compresses the input"; a party named in passing, "due to the user skimming the
  // websites", is no claim about who does what), by a role the key points state where the card has them.
  const oneWay = wrongBySubject > 0 && right === 0;
  const swapped = both !== undefined || oneWay;
  const pair = both ?? [...wrong.keys()][0];
  return { swap: swapped ? 1 : 0, swappedAction: swapped && pair ? (wrong.get(pair) ?? null) : null };
}

function mean(xs: number[]): number {
  return xs.length > 0 ? sum(xs) / xs.length : 0;
}
