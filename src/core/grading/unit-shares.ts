/**
 * How much of one unit (a key point, or a sentence of the reference) an answer says, given which concepts
 * it has: the share of the unit's weight, capped where none of the unit's own (distinctive) words is there.
 */
import { isCountWord, partyOf } from './clauses.js';
import { QUESTION_ECHO_WEIGHT, type Concept, type Unit } from './reference.js';

/** A unit at this share counts as fully covered. */
export const UNIT_FULL = 0.6;
/** A unit at this share counts as got. */
export const UNIT_GOT = 0.5;
/** The most a unit counts for without any of its distinctive concepts. */
export const WITHOUT_DISTINCTIVE = 0.3;

/**
 * Share of a unit's weight the answer has; without any of its distinctive concepts it cannot count as got.
 * Who a unit is about is not what it says: naming "the encoder" is not "the encoder downsizes the input",
 * so on a key point with distinctive concepts beyond its parties (clauses.ts: partyOf), one of those must be there.
 */
export function unitShare(unit: Unit, has: (c: Concept) => boolean, keyPoint = false): number {
  if (unit.named?.every(has)) return 1;
  const share = weightShare(unit, has);
  if (unit.distinctive.size === 0) return share;
  const distinctiveHit = unit.concepts.some((c) => unit.distinctive.has(c.concept) && has(c));
  // Only an author's key point says plainly who it is about; a reference's sentence may open with anything.
  if (!keyPoint) return distinctiveHit ? share : Math.min(share, WITHOUT_DISTINCTIVE);
  // One word is not a statement: "in both domains" does not say "one discriminator for each domain".
  if (unit.concepts.length >= 2 && unit.concepts.filter(has).length < 2) return Math.min(share, WITHOUT_DISTINCTIVE);
  const distinctive = unit.concepts.filter((c) => unit.distinctive.has(c.concept));
  const parties = new Set(unit.clauses.flatMap(partyOf));
  const claimed = distinctive.filter((c) => !parties.has(c.concept));
  if (claimed.some(has)) return share;
  // Only the party of the unit's own words: it counts where the answer says half of the rest about it
  // ("the decoder turns the code back into something as close as possible to the input").
  const rest = unit.concepts.filter((c) => !parties.has(c.concept));
  const aboutParty = claimed.length > 0 && distinctiveHit && weightShare({ concepts: rest }, has) > HALF;
  // A point whose own words are all its party ("the latent space is distributions", where the other points
  // say distributions too) needs half of what it says of the party: "a bigger latent space" is not it.
  const ownWordsParty = claimed.length === 0 && distinctiveHit && (rest.length === 0 || weightShare({ concepts: rest }, has) >= HALF);
  return ownWordsParty || aboutParty ? share : Math.min(share, WITHOUT_DISTINCTIVE);
}
const HALF = 0.5;

/**
 * A unit about one party ("the encoder downsizes the input") is not said by an answer that names the other
 * parties but never this one: "the decoder reconstructs the compressed input" says nothing of who compresses.
 * `owners`: the parties the reference gives actions to.
 */
export function partyUnnamed(unit: Unit, units: readonly Unit[], owners: readonly Concept[], has: (c: Concept) => boolean): boolean {
  // The question's own words ("the solution is …") frame the answer; they are no party.
  const parties = owners.filter((o) => o.weight > QUESTION_ECHO_WEIGHT);
  const party = parties.find((o) => o.concept === unit.clauses[0]?.subject?.concept);
  if (party === undefined || has(party)) return false;
  // A party whose own point names this one is its group ("two networks, a generator and …"), not another party.
  const about = (o: Concept) => units.filter((u) => u.clauses[0]?.subject?.concept === o.concept);
  const apart = (o: Concept) => !about(o).some((u) => u.concepts.some((c) => c.concept === party.concept));
  return parties.some((o) => o !== party && has(o) && apart(o));
}

/**
 * A unit that puts its own words in apposition to things the other units name too ("two networks, a
 * generator and a discriminator"), of which the answer has all those things: it says the unit in the
 * other units' words. Only so: a unit whose own words are its claim ("the discriminator distinguishes …
 * from real images") is never said without them.
 */
export function saysAllButOwnWords(unit: Unit, has: (c: Concept) => boolean): boolean {
  const [head, ...rest] = unit.clauses;
  if (!head || rest.length === 0 || head.terms.some((t) => !unit.distinctive.has(t.concept) && !isCountWord(t.concept))) return false;
  const restConcepts = new Set(rest.flatMap((c) => c.terms.map((t) => t.concept)));
  const named = unit.concepts.filter((c) => restConcepts.has(c.concept));
  return named.length > 0 && named.every((c) => !unit.distinctive.has(c.concept) && has(c));
}

/** Share of a unit's weight the answer has, its own words or not. */
function weightShare(unit: Pick<Unit, 'concepts'>, has: (c: Concept) => boolean): number {
  const total = sum(unit.concepts.map((c) => c.weight));
  return total === 0 ? 0 : sum(unit.concepts.filter(has).map((c) => c.weight)) / total;
}

/** The total of `xs` (signals.ts adds up its weights with it too). */
export function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
