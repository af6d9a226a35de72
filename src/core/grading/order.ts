/**
 * Steps in the wrong order: "ACK, then SYN-ACK, then SYN" for "SYN, then SYN-ACK, then ACK" has every
 * concept of the reference, and no role or negation tells it apart; only the order does.
 *
 * A text states an order when it links two steps or more with "then", "next", "followed by", "finally"
 * or an arrow. The answer's steps are matched with the reference's (the step whose concepts they share
 * best, and clearly best); an answer that itself states an order and puts two matched steps the other
 * way round has them in the wrong order.
 */
import { extractTerms } from './terms.js';

/** What links one step to the next. "after"/"before" are left out: "B after A" puts A first. */
const STEP_LINK = /\s*(?:->|→|=>)\s*|[,;]?\s*\b(?:and\s+)?(?:then|next|afterwards|after that|followed by|finally)\b[,:]?\s*/gi;
/** A step matches a reference step when they share this much of their concepts (Jaccard), and no other as much. */
const STEP_MATCH = 0.5;

/** The concepts of each step, when the text states an order; else null. */
export function stepsOf(text: string): Set<string>[] | null {
  const pieces = text.split(STEP_LINK);
  if (pieces.length < 2) return null;
  const steps = pieces.map((p) => new Set(extractTerms(p).map((t) => t.concept))).filter((s) => s.size > 0);
  return steps.length >= 2 ? steps : null;
}

/** 1 when the answer's steps (stepsOf the answer) put the reference's in another order, else 0. */
export function orderConflict(steps: Set<string>[] | null, refSteps: Set<string>[] | null): number {
  if (!refSteps || !steps) return 0;
  const placed = steps.map((s) => matchedStep(s, refSteps)).filter((i) => i >= 0);
  return placed.some((p, k) => k > 0 && p < placed[k - 1]!) ? 1 : 0;
}

/** The index of the reference step this step matches, or −1 when none does clearly. */
function matchedStep(step: Set<string>, refSteps: Set<string>[]): number {
  const scores = refSteps.map((r) => jaccard(step, r));
  const best = Math.max(...scores);
  if (best < STEP_MATCH || scores.filter((s) => s === best).length > 1) return -1;
  return scores.indexOf(best);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}
