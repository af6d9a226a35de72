/**
 * A text taken apart into clauses, each with its concepts (terms.ts), whether it is negated, and who it
 * is about. This is what lets the grader tell "the encoder compresses" from "the encoder does not
 * compress" and from "the decoder compresses", which a bag of words cannot.
 *
 * Clauses end at sentence punctuation, ';', commas and brackets, and before joining words that start a
 * new statement (but, while, whereas, which, ...). "encoder: compress, decoder: reconstruct" gives two
 * clauses, each about the term before its colon.
 */
import { FORMULA, GENERIC_WEIGHT, extractTerms, isPrivative, isStopWord, type Term } from './terms.js';

export interface Clause {
  /** The clause's concepts, in order, with offsets into the whole text. */
  terms: Term[];
  /** Has a negating word (not, no, never, cannot, without, …): double negatives are rare in answers. */
  negated: boolean;
  /**
   * What the negation reaches: a denial its whole clause, a "no"/"without" the concepts after it ("translates
   * horses to zebras without paired data" says nothing against "horse to zebra"), and neither reaches into
   * or out of a condition ("KL doesn't work when the distributions don't overlap" negates both parts, each
   * on its own). Null when the clause is not negated.
   */
  negatedScope: Set<string> | null;
  /**
   * Negates its statement (not, never, cannot, n't, fails …), beyond a "no" or "without" that may only
   * say of a thing that there is none ("with no overlap the loss is zero" states that the loss is zero).
   */
  denies: boolean;
  /**
   * What the clause says there is none of: the thing a "no", "without" or "non-" names ("with no overlap"),
   * or a word that is its own "no" ("disjoint"). Against a clause that has that thing unnegated, it says
   * the opposite ("when they overlap …"), though neither denies its statement.
   */
  lacks: Set<string>;
  /** What an "instead of" or "rather than" reaches (part of negatedScope): set aside, not denied. */
  setAside: Set<string>;
  /** The clause states a condition ("when they overlap …") or holds under one said before it in its sentence. */
  conditional: boolean;
  /** The first term: what the clause is about ('which …' clauses: the last term of the clause before). */
  subject: Term | null;
  start: number;
  end: number;
  /** The clause has a word or sign that relates its terms (a function word, a number, ':', '->', '='): not a bare keyword list. */
  claims: boolean;
}

const NEGATORS = new Set(['not', 'no', 'non', 'never', 'cannot', 'cant', 'neither', 'nor', 'without', 'none', 'nothing', 'nobody', 'unable', 'fails', 'fail', 'lack', 'lacks']);
/** Negators that name what there is none of, right after them ("no overlap", "non-overlapping"). */
const LACKING = new Set(['no', 'non', 'without', 'lack', 'lacks']);
const NEGATED_CONTRACTION = /n['’]t$/i;

/** A word that negates ("never", "can't"): itself no part of what is denied. */
export function isNegator(word: string): boolean {
  return NEGATORS.has(word) || NEGATED_CONTRACTION.test(word);
}
/** After a negator, these make "not only …": more is coming, nothing is denied. */
const NOT_ONLY = new Set(['only', 'just', 'merely', 'solely']);
/** Words that, with the word after them, set aside what follows: "instead of", "rather than". */
const INSTEAD: Readonly<Record<string, string>> = { instead: 'of', rather: 'than' };
const STATEMENT_NEGATORS = new Set(['not', 'never', 'cannot', 'cant', 'neither', 'nor', 'unable', 'fails', 'fail']);
/** Words that deny a thing is needed ("no need for WGAN"): a denial, though "no" alone is not one. */
const NO_NEED = /\bno\s+(?:need|use|point)\b|\bneedless\b|\bunnecessary\b/i;
/** A clause opened by 'which'/'who'/'that' is about the last thing the clause before it named. */
const RELATIVE = /^\s*(?:which|who|whose|that)\b/i;
/** Words that start a condition: a negation before one does not reach into it ("doesn't work when …"). */
const CONDITION_WORDS = new Set(['when', 'whenever', 'if', 'unless', 'once']);
/** A clause that states a condition ("when they do not overlap …") denies nothing: its "not" is part of the condition. */
const CONDITION = /^\s*(?:(?:and|but|so)\s+)?(?:when|whenever|if|once|unless|in case|as long as)\b/i;
/** A clause opened by a pronoun ("and its purpose is to fool …") is about what the clause before it was about. */
const PRONOUN = /^\s*(?:(?:and|but|then|so)\s+)?(?:it|its|they|their|them|this|he|she|his|her)\b/i;
const SPLIT = /[.!?;](?=\s|$)|[,;()\[\]\n]|\s+-\s+|\s+(?=and\s+(?:the|a|an|it|its|their|they|then)\b)|\s+(?=(?:but|while|whilst|whereas|although|though|because|if|however)\b)/gi;
/** N(0, 1)-style terms hold commas and brackets that do not end a clause. */
const PROTECTED = /[A-Za-z]\s*\(\s*-?\d+(?:\.\d+)?\s*,\s*-?\d+(?:\.\d+)?\s*\)/g;
/**
 * A result or purpose ("fakes good enough that the discriminator can't tell them from real ones"): a
 * negation after it says what the clause's subject aims at, not that the statement is false.
 */
const PURPOSE = /\b(?:so|such|enough)\s+that\b|\benough\s+so\b/i;

/**
 * In a purpose, "can't tell them apart" is what fooling someone is: the subject's aim, said before the
 * party it defeats, so that the fooling is tied to the subject (signals.ts: roleConflict).
 */
function withDefeat(terms: Term[], purposeAt: number): Term[] {
  const told = terms.find((t) => t.start > purposeAt && t.concept === DISTINGUISH);
  if (!told) return terms;
  const at = terms.findIndex((t) => t.start > purposeAt);
  const fooled: Term = { ...told, concept: FOOL, start: purposeAt, end: purposeAt };
  return [...terms.slice(0, at), fooled, ...terms.slice(at)];
}
const DISTINGUISH = 'distinguish';
const FOOL = 'fool';

/** Signs that relate the words around them in terse notes. */
const RELATION_SIGN = /:|->|→|=>|=|\+|>/;

/** A third-person or past verb form ("compresses", "reconstructed"): a word that states, where "space" of "latent space" names. */
export const VERB_FORM = /(?:[^s]s|ed)$/;

/**
 * Who a clause is about, as concepts: its subject, with the word right after it when that word names
 * rather than states ("the latent space is …": "latent" and "space").
 */
export function partyOf(clause: Clause): string[] {
  const subject = clause.subject;
  if (!subject) return [];
  const next = clause.terms[clause.terms.indexOf(subject) + 1];
  const compound = next !== undefined && next.start - subject.end <= 1 && !VERB_FORM.test(next.word);
  return compound ? [subject.concept, next.concept] : [subject.concept];
}

/** Numbers and generic words ('two generators', 'it takes') are not who a clause is about. */
function isParty(t: Term): boolean {
  return t.weight > GENERIC_WEIGHT && !isCountWord(t.concept) && !/^\d+$/.test(t.concept);
}
const QUANTITIES = new Set(['two', 'zero', 'three', 'four', 'both', 'pair']);

/** A count in words ('two', 'both'): it says how many of something, not what. (A figure, '10', may be the answer itself.) */
export function isCountWord(concept: string): boolean {
  return QUANTITIES.has(concept);
}

/**
 * A participle right before the thing it describes ("the generated images", "the downsized input") says
 * what that thing is, not what the clause's subject does: no role of the subject.
 */
export function describesNext(terms: readonly Term[], i: number): boolean {
  const term = terms[i];
  const next = terms[i + 1];
  // At most a space and a quote between them: no word.
  return term !== undefined && next !== undefined && /[a-z]ed$/.test(term.word) && next.start - term.end <= 2;
}

/** `clause` is negated as far as `other` is concerned: its negation reaches something `other` speaks of. */
export function negatedFor(clause: Clause, other: Clause): boolean {
  const scope = clause.negatedScope;
  return scope !== null && other.terms.some((t) => scope.has(t.concept));
}

/** A piece opened by the end of a sentence starts a new one; the dot of "i.e no overlap" does not end one. */
function startsSentence(text: string, openedBy: string, start: number): boolean {
  if (openedBy === '' || openedBy === '\n' || openedBy === ';') return true;
  return /^[.!?]$/.test(openedBy) && /^\s*(?:[\p{Lu}\p{N}]|$)/u.test(text.slice(start));
}

export function clausesOf(text: string): Clause[] {
  const out: Clause[] = [];
  let from = 0;
  /** Each piece with the sign that opened it ('(' for a gloss of what came before). */
  const pieces: [number, number, string][] = [];
  let opener = '';
  const kept = [...text.matchAll(PROTECTED)].map((m) => [m.index, m.index + m[0].length] as const);
  for (const m of text.matchAll(SPLIT)) {
    if (kept.some(([a, b]) => m.index >= a && m.index < b)) continue;
    pieces.push([from, m.index, opener]);
    from = m.index + m[0].length;
    opener = m[0];
  }
  pieces.push([from, text.length, opener]);
  /**
   * What a condition of the sentence so far says there is none of ("if they differ entirely, i.e. no overlap,
   * then the loss is close to zero"): the clauses after it hold under it, so they lack it too.
   */
  let conditionLacks: Set<string> | null = null;
  for (const [start, end, openedBy] of pieces) {
    const piece = text.slice(start, end);
    if (startsSentence(text, openedBy, start)) conditionLacks = null;
    const statesCondition = CONDITION.test(piece);
    const conditional = conditionLacks !== null || statesCondition;
    if (!/[\p{L}\p{N}]/u.test(piece)) continue;
    const extracted = extractTerms(piece).map((t) => ({ ...t, start: t.start + start, end: t.end + start }));
    const wordMatches = [...piece.toLowerCase().matchAll(/[\p{L}\p{N}'’]+/gu)];
    const words = wordMatches.map((m) => m[0]);
    let negations = 0;
    let denials = 0;
    /** Where each negation's reach starts and ends, in the whole text's offsets. */
    const reaches: [number, number][] = [];
    // The clause in parts, a condition ("when …") starting a new one: a denial ("not", "n't") reaches over
    // its whole part, a "no" or "without" from itself to the part's end.
    let partFrom = start;
    let partDenies = false;
    let noFrom = -1;
    /** Where an "instead of" sets aside what follows it, to the part's end. */
    let asideFrom = -1;
    const asides: [number, number][] = [];
    const closePart = (at: number) => {
      if (partDenies) reaches.push([partFrom - 1, at]);
      else if (noFrom >= 0) reaches.push([noFrom, at]);
      if (asideFrom >= 0) asides.push([asideFrom, at]);
      partFrom = at;
      partDenies = false;
      noFrom = -1;
      asideFrom = -1;
    };
    const purpose = PURPOSE.exec(piece);
    const purposeAt = purpose ? start + purpose.index : Infinity;
    let aimsToDefeat = false;
    /** Where each "no"-like word is: the next thing named after it is what there is none of. */
    const lackingAt: number[] = [];
    for (const [i, m] of wordMatches.entries()) {
      const w = m[0];
      const at = start + m.index;
      if (CONDITION_WORDS.has(w)) closePart(at);
      // "instead of X", "rather than X": not X, from there on, as a "no" reaches ("distributions instead of fixed points").
      if (INSTEAD[w] !== undefined && wordMatches[i + 1]?.[0] === INSTEAD[w] && at < purposeAt) {
        negations++;
        if (noFrom < 0) noFrom = at;
        if (asideFrom < 0) asideFrom = at;
        continue;
      }
      if (isPrivative(w)) {
        negations++;
        if (noFrom < 0) noFrom = at - 1;
        lackingAt.push(at - 1);
        continue;
      }
      const contraction = NEGATED_CONTRACTION.test(w);
      if (!NEGATORS.has(w) && !contraction) continue;
      // "not only compression but also generation" adds; it denies nothing.
      if (NOT_ONLY.has(wordMatches[i + 1]?.[0] ?? '')) continue;
      if (at > purposeAt) {
        aimsToDefeat = true;
        continue;
      }
      negations++;
      if (STATEMENT_NEGATORS.has(w) || contraction) {
        denials++;
        partDenies = true;
      } else {
        if (noFrom < 0) noFrom = at;
        if (LACKING.has(w)) lackingAt.push(at);
      }
    }
    closePart(end);
    const terms = aimsToDefeat ? withDefeat(extracted, purposeAt) : extracted;
    const previous = out[out.length - 1];
    // "cannot decide what …, or where …": a denial reaches over the "or"/"nor" it is followed by.
    if ((previous?.denies || previous?.negated) && /^\s*(?:or|nor)\b/i.test(piece)) denials++;
    // A bracket glosses what the clause before it is about ("The L2 loss (how similar …)"), as a pronoun refers to it.
    // A fragment with no claim of its own ("… generates eg. | images | and its purpose …") is skipped over.
    const about = [...out].reverse().find((c) => c.claims);
    const inherited = openedBy === '(' ? (previous?.subject ?? null) : PRONOUN.test(piece) ? (about?.subject ?? null) : null;
    const subject = RELATIVE.test(piece) && previous ? (previous.terms[previous.terms.length - 1] ?? null) : (inherited ?? terms.find(isParty) ?? null);
    // A number is a claim ("2 networks"); the parameters of a formula ("N(0,1)") are part of its name.
    const numbers = /\d/.test(piece) ? piece.replace(FORMULA, ' ').match(/\b\d+\b/g) !== null : false;
    const claims = RELATION_SIGN.test(piece) || numbers || words.some((w) => isStopWord(w) || NEGATED_CONTRACTION.test(w));
    const within = (spans: [number, number][]) => new Set(terms.filter((t) => spans.some(([from, to]) => t.start > from && t.start < to)).map((t) => t.concept));
    const negatedScope = negations > 0 ? within(reaches) : null;
    const setAside = within(asides);
    // "no need for WGAN" denies that WGAN is needed, where "with no overlap" only says there is none.
    if (NO_NEED.test(piece)) denials++;
    const lacks = new Set(lackingAt.flatMap((at) => terms.find((t) => t.start > at && t.weight > GENERIC_WEIGHT && !isCountWord(t.concept))?.concept ?? []));
    if (statesCondition) conditionLacks = new Set([...(conditionLacks ?? []), ...lacks]);
    else if (conditionLacks) {
      for (const c of lacks) conditionLacks.add(c);
      for (const c of conditionLacks) lacks.add(c);
    }
    out.push({ terms, negated: negations > 0, negatedScope, setAside, denies: denials > 0 && !statesCondition, lacks, conditional, subject, start, end, claims });
  }
  return out;
}
