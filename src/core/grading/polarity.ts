/**
 * What an answer says the other way round from the reference: the key points it contradicts, how far its
 * aligned clauses disagree in polarity (a combiner signal), and the statements a "says the opposite"
 * verdict quotes. signals.ts weighs these with the rest.
 */
import { alignments, conceptsOf, type Alignment } from './alignments.js';
import { isNegator, negatedFor, type Clause } from './clauses.js';
import type { PreparedReference } from './reference.js';
import { GENERIC_WEIGHT, TECHNICAL_WEIGHT, saysOpposite } from './terms.js';

/**
 * The units some answer clause says the other way round. Each answer clause is held against the one unit
 * clause it shares most with ("not trying to fool the discriminator" is about the unit on fooling, not
 * the one that names the two networks).
 */
export function contradictedUnits(answer: Clause[], aligned: Alignment[], ref: PreparedReference): boolean[] {
  const units = ref.units;
  // Two shared concepts at least (one word is not a statement); one side denies ("not", "never") and the
  // other has no negating word at all: "no way to choose" says what "cannot control" says, and "with no
  // overlap the loss is zero" states that the loss is zero.
  const negative = (c: Clause) => c.negated || c.denies;
  // A statement about something the reference never names is not its opposite: "the model decides for
  // itself what z captures" does not gainsay "you cannot control which features z represents".
  const named = new Set(ref.concepts.map((c) => c.concept));
  const sameThing = (x: Alignment) => !x.answer.subject || named.has(x.answer.subject.concept) || x.against.has(x.answer.subject.concept);
  const opposed = (x: Alignment) =>
    sameThing(x) && ((x.answer.denies && !negative(x.ref)) || (x.ref.denies && !negative(x.answer)) || (negative(x.answer) === negative(x.ref) && antonymous(x.answer, x.against)));
  const out = unitsWhere(aligned, ref, (x) => opposed(x) || lacking(x));
  // A denial of one named thing alone ("no need for WGAN", "WGAN is not the answer") denies the point that alone
  // names it. Only a name (an acronym, a term with digits): "training fails" agrees with "ruins training".
  // So does "no discriminator": a "no" or "without" that reaches one thing alone says there is none of it.
  for (const a of answer) {
    const none = !a.denies && a.negatedScope ? [...a.negatedScope].filter((c) => a.terms.some((t) => t.concept === c && t.weight > GENERIC_WEIGHT)) : [];
    const denied = new Set(a.denies ? a.terms.filter((t) => t.weight > GENERIC_WEIGHT && !isNegator(t.word)).map((t) => t.concept) : none);
    if (denied.size !== 1) continue;
    const [thing] = denied;
    // A name the reference writes technically ("N(0, 1)") is one however the answer writes it ("a standard normal").
    const technical = a.terms.some((t) => t.concept === thing && t.weight >= TECHNICAL_WEIGHT) || ref.concepts.some((c) => c.concept === thing && c.weight >= TECHNICAL_WEIGHT);
    if (a.denies && !technical) continue;
    units.forEach((u, i) => {
      if (u.distinctive.has(thing!) && u.clauses.some((c) => !negative(c) && c.terms.some((t) => t.concept === thing))) out[i] = true;
    });
  }
  // A key point that is one thing alone ("compression", to "What can you use a VAE for?") is denied by a
  // statement whose denial reaches that thing first of what the key points name: "you can't generate
  // anything new with it", "you can't use it for compression".
  const pointed = new Set(units.flatMap((u) => u.concepts.map((c) => c.concept)));
  for (const a of answer) {
    const first = a.denies ? a.terms.find((t) => t.weight > GENERIC_WEIGHT && pointed.has(t.concept)) : undefined;
    if (!first) continue;
    units.forEach((u, i) => {
      if (u.concepts.length === 1 && u.concepts[0]!.concept === first.concept) out[i] = true;
    });
  }
  return out;
}

/**
 * Without key points, only the plainest disagreement: under conditions both, the reference says there is none
 * of what the answer names ("if …, i.e. no overlap, then we have close to zero loss" against "when they overlap
 * the loss is close to zero"). A long reference's clauses say too many things for the other rules. Unconditioned
 * clauses compare things ("confirmed: with acknowledgements" against "unconfirmed: no acknowledgement"), and an
 * answer's "no packets are routed …" denies a statement rather than saying there are none: the rule on either
 * turned right answers partly right on SAF.
 */
export function lackingUnits(aligned: Alignment[], ref: PreparedReference): boolean[] {
  return unitsWhere(aligned, ref, (x) => x.answer.conditional && x.ref.conditional && lacksWhatOtherHas(x.ref, x.answer));
}

/** The units with a clause that shares two concepts at least (one word is not a statement) with an answer clause, and `conflicts`. */
function unitsWhere(aligned: Alignment[], ref: PreparedReference, conflicts: (x: Alignment) => boolean): boolean[] {
  const out = ref.units.map(() => false);
  for (const x of aligned) {
    const unit = ref.unitOf.get(x.ref);
    if (unit !== undefined && x.shared >= 2 && conflicts(x)) out[unit] = true;
  }
  return out;
}

function lacking(x: Alignment): boolean {
  return lacksWhatOtherHas(x.ref, x.answer) || lacksWhatOtherHas(x.answer, x.ref);
}

/** `x` says there is none of something (clauses.ts: lacks) that `y` names with no negation reaching it: "with no overlap …" against "when they overlap …". */
function lacksWhatOtherHas(x: Clause, y: Clause): boolean {
  return [...x.lacks].some((c) => y.terms.some((t) => t.concept === c) && !(y.negatedScope?.has(c) ?? false) && !y.lacks.has(c));
}

/** The clause has a concept whose opposite `against` has (terms.ts). */
function antonymous(a: Clause, against: ReadonlySet<string>): boolean {
  return saysOpposite(conceptsOf(a), against);
}

/**
 * Aligned clauses (of the key points, when the card has them) that disagree in polarity count against
 * the answer, those that agree for it, weighted by what they share: `negation` by negating words alone,
 * `opposition` also with a concept's opposite ("enlarges" where the reference says "compresses").
 */
export function polarityConflicts(aligned: Alignment[]): { negation: number; opposition: number } {
  let negated = 0;
  let opposed = 0;
  let total = 0;
  for (const { answer: a, ref: r, shared, against } of aligned) {
    const flipped = negatedFor(r, a) !== negatedFor(a, r);
    if (flipped) negated += shared;
    if (flipped !== antonymous(a, against)) opposed += shared;
    total += shared;
  }
  // (conflicting − agreeing) / all, in −1 … 1.
  return total > 0 ? { negation: (2 * negated - total) / total, opposition: (2 * opposed - total) / total } : { negation: 0, opposition: 0 };
}

/**
 * The reference's statements (of the key points, when the card has them) that an answer clause says the
 * other way round, by `opposition`'s rule, most shared first: what a "says the opposite" verdict quotes.
 */
export function opposedClauses(answer: Clause[], ref: PreparedReference): Clause[] {
  const opposed = alignments(answer, ref).filter(({ answer: a, ref: r, against }) => negatedFor(r, a) !== negatedFor(a, r) !== antonymous(a, against));
  return [...new Set(opposed.sort((x, y) => y.shared - x.shared).map((x) => x.ref))];
}
