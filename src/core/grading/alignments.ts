/**
 * Which reference clause each answer clause speaks of: what the polarity, contradiction and restatement
 * signals (signals.ts) compare, and the "says the opposite" feedback quotes.
 */
import { negatedFor, type Clause } from './clauses.js';
import { isCompact, type PreparedReference } from './reference.js';

export interface Alignment {
  answer: Clause;
  ref: Clause;
  shared: number;
  /** What the answer clause is held against for opposites: the ref clause's concepts, or its key point's when realigned. */
  against: ReadonlySet<string>;
}

/**
 * Each answer clause with the reference clause it shares most concepts with, when they share enough to
 * be about the same thing: two concepts at least (one when either clause has only one). A negated answer
 * clause goes to the reference clause that negates what the two share, where there is one ("KL doesn't
 * work when the distributions don't overlap" restates "with no overlap the loss is close to zero", not
 * the denial of "KL measures … their overlap"); it is then held against that clause's whole key point for
 * opposites (the consequence "which ruins training" is the key point's next clause).
 */
export function alignments(answer: Clause[], ref: PreparedReference): Alignment[] {
  const refClauses = ref.unitClauses;
  // Measured on SAF's train rows (npm run fit:grader -- --dry-run --cv): on long references, rubric-like,
  // the realigning costs as much as it gains; on compact ones it gains (unseen questions 0.554 → 0.557).
  const realigns = isCompact(ref);
  const out: Alignment[] = [];
  for (const a of answer) {
    const mine = conceptsOf(a);
    if (mine.size === 0) continue;
    let best: Clause | null = null;
    let bestShared = 0;
    for (const r of refClauses) {
      const shared = new Set(r.terms.filter((t) => mine.has(t.concept)).map((t) => t.concept)).size;
      if (shared > bestShared) {
        best = r;
        bestShared = shared;
      }
    }
    if (!best || bestShared < Math.min(2, mine.size, best.terms.length)) continue;
    const restated = realigns ? negatedElsewhere(a, best, refClauses) : null;
    if (restated) out.push({ answer: a, ref: restated, shared: bestShared, against: pointConceptsOf(ref, restated) });
    else out.push({ answer: a, ref: best, shared: bestShared, against: conceptsOf(best) });
  }
  return out;
}

/**
 * Another reference clause that negates something the answer clause negates, when `best` negates nothing of the
 * answer's. Not one that only sets it aside: "does not learn the data distribution" is about "learns the data
 * distribution", not "instead of only learning to reconstruct images".
 */
function negatedElsewhere(a: Clause, best: Clause, refClauses: Clause[]): Clause | null {
  const scope = a.negatedScope;
  if (scope === null || negatedFor(best, a)) return null;
  const negates = (r: Clause, concept: string) => r.negatedScope !== null && r.negatedScope.has(concept) && !r.setAside.has(concept);
  return refClauses.find((r) => r !== best && r.terms.some((t) => scope.has(t.concept) && negates(r, t.concept))) ?? null;
}

/** A key-point clause's whole key point, as its concepts (PreparedReference.unitOf); without key points, the clause's own. */
function pointConceptsOf(ref: PreparedReference, clause: Clause): Set<string> {
  const unit = ref.keyPointed ? ref.units[ref.unitOf.get(clause) ?? -1] : undefined;
  return unit ? new Set(unit.clauses.flatMap((c) => c.terms.map((t) => t.concept))) : conceptsOf(clause);
}

export function conceptsOf(clause: Clause): Set<string> {
  return new Set(clause.terms.map((t) => t.concept));
}
