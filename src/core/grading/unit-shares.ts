/**
 * How much of one unit (a key point, or a sentence of the reference) an answer says, given which concepts
 * it has: the share of the unit's weight, capped where none of the unit's own (distinctive) words is there.
 */
import { isCountWord } from './clauses.js';
import type { Concept, Unit } from './reference.js';

/** A unit at this share counts as fully covered. */
export const UNIT_FULL = 0.6;
/** A unit at this share counts as got. */
export const UNIT_GOT = 0.5;
/** The most a unit counts for without any of its distinctive concepts. */
const WITHOUT_DISTINCTIVE = 0.3;

/** Share of a unit's weight the answer has; without any of its distinctive concepts it cannot count as got. */
export function unitShare(unit: Unit, has: (c: Concept) => boolean): number {
  if (unit.named?.every(has)) return 1;
  const share = weightShare(unit, has);
  const distinctiveHit = unit.distinctive.size === 0 || unit.concepts.some((c) => unit.distinctive.has(c.concept) && has(c));
  return distinctiveHit ? share : Math.min(share, WITHOUT_DISTINCTIVE);
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
function weightShare(unit: Unit, has: (c: Concept) => boolean): number {
  const total = sum(unit.concepts.map((c) => c.weight));
  return total === 0 ? 0 : sum(unit.concepts.filter(has).map((c) => c.weight)) / total;
}

/** The total of `xs` (signals.ts adds up its weights with it too). */
export function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
