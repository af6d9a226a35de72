/**
 * Turning free text into comparable "concepts": tokens are lower-cased, stop words dropped,
 * Porter-stemmed, and synonyms (a small ML + general table) folded to one canonical concept.
 * Technical tokens survive as-is: acronyms (KL, L2), distributions like N(0, 1).
 */
import { stemmer } from 'stemmer';
import { phrasalHits } from './phrasal.js';

export interface Term {
  /** Canonical concept id: a stem, or the first entry of its synonym group. */
  concept: string;
  /** Lower-cased words as written, for typo-tolerant matching. */
  word: string;
  /** Text as written, for messages ('downsizes', 'KL', 'N(0, 1)'). */
  surface: string;
  start: number;
  end: number;
  /** How much this term counts towards coverage. */
  weight: number;
}

/** Weight of an acronym (KL, WGAN), a number-bearing token (L2, N(0,1)) or a Double-Barrelled name. */
export const TECHNICAL_WEIGHT = 1.5;
export const NORMAL_WEIGHT = 1;
/** Weight of generic verbs/adjectives that carry little of the answer ("takes", "possible"). */
export const GENERIC_WEIGHT = 0.3;

// prettier-ignore
const STOP_WORDS = new Set([
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be',
  'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can', 'cannot', 'could', 'did',
  'do', 'does', 'doing', 'down', 'during', 'each', 'few', 'for', 'from', 'further', 'had', 'has', 'have', 'having',
  'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how', 'i', 'if', 'in', 'into', 'is', 'it',
  'its', 'itself', 'just', 'me', 'more', 'most', 'my', 'myself', 'no', 'nor', 'not', 'now', 'of', 'off', 'on',
  'once', 'only', 'or', 'other', 'our', 'ours', 'ourselves', 'out', 'over', 'own', 'same', 'she', 'should', 'so',
  'some', 'such', 'than', 'that', 'the', 'their', 'theirs', 'them', 'themselves', 'then', 'there', 'these', 'they',
  'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up', 'very', 'was', 'we', 'were', 'what', 'when',
  'where', 'which', 'while', 'whilst', 'who', 'whom', 'why', 'will', 'with', 'would', 'you', 'your', 'yours',
  'yourself', 'yourselves', 'also', 'eg', 'e.g', 'ie', 'i.e', 'etc', 'therefore', 'thus', 'hence', 'however',
  'naturally', 'basically', 'simply', 'instead', 'really', 'us', 'may', 'might', 'must', 'shall', 'one', 'ones',
  'it\'s', 'don\'t', 'doesn\'t', 'isn\'t', 'aren\'t', 'can\'t', 'won\'t', 'let', 'lets', 'like', 'something',
  'thing', 'things', 'way', 'ways', 'well', 'even', 'still', 'yet', 'either', 'neither', 'whether', 'via', 'per',
]);

// prettier-ignore
const GENERIC_STEMS = new Set(['take', 'tri', 'try', 'make', 'get', 'give', 'use', 'possibl', 'new', 'origin',
  'whole', 'directli', 'relat', 'entir', 'exampl', 'order', 'look', 'provid', 'call', 'mean', 'far', 'much',
  'mani', 'lot', 'good', 'bad', 'kind', 'type', 'part', 'first', 'second', 'differ', 'done', 'go', 'want', 'need',
  'see', 'abl', 'close', 'anoth', 'certain', 'actual', 'oper', 'work', 'allow', 'help', 'becom']);

/**
 * Synonym groups: every phrase in a group counts as the same concept. Phrases are matched after
 * stemming, so plural/verb forms come for free. Single capital letters (G, D) are listed as 'G'/'D'
 * and only match when written in capitals.
 */
// prettier-ignore
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['generator', 'G', 'generator network', 'generative network'],
  ['generate', 'create', 'produce', 'synthesize', 'synthesise', 'generation', 'new sample', 'new image'],
  ['discriminator', 'critic', 'D', 'discriminator network'],
  ['compress', 'compressor', 'downsize', 'downsample', 'shrink', 'squeeze', 'squash', 'condense', 'smaller', 'compact'],
  ['reconstruct', 'reconstruction', 'decompress', 'upsample', 'rebuild', 'recreate', 'restore'],
  ['kullback leibler', 'kl', 'relative entropy'],
  ['wasserstein', 'earth mover', 'earth movers', 'emd'],
  ['latent', 'hidden', 'code', 'bottleneck', 'embedding'],
  ['loss', 'cost', 'objective', 'loss function', 'cost function', 'objective function'],
  ['image', 'picture', 'photo', 'photograph'],
  ['similar', 'alike', 'resemble', 'similarity'],
  ['distinguish', 'tell apart', 'tell', 'classify', 'differentiate', 'separate', 'detect', 'spot'],
  ['fake', 'synthetic', 'false', 'artificial', 'counterfeit'],
  ['real', 'genuine', 'authentic'],
  ['fool', 'trick', 'deceive', 'outsmart'],
  ['overlap', 'intersect', 'intersection'],
  ['l2', 'mse', 'mean squared error', 'squared error', 'euclidean', 'reconstruction loss', 'reconstruction error', 'reconstruction term'],
  ['n(0,1)', 'standard normal', 'unit gaussian', 'standard gaussian', 'standard normal distribution'],
  ['gaussian', 'normal'],
  ['network', 'net', 'neural network', 'nn'],
  ['train', 'learn', 'fit'],
  ['build', 'construct'],
  ['vae', 'variational autoencoder', 'variational auto encoder'],
  ['autoencoder', 'auto encoder', 'ae'],
  ['gan', 'generative adversarial network'],
  ['wgan', 'wasserstein gan'],
  ['transform', 'translate', 'map', 'convert', 'translation'],
  ['zero', '0', 'nothing', 'none'],
  ['two', '2', 'pair', 'couple'],
  ['feature', 'attribute', 'characteristic', 'property'],
  ['represent', 'encode', 'capture'],
  ['position', 'location', 'place', 'placement', 'locate', 'end up'],
  ['problem', 'issue', 'drawback', 'limitation', 'disadvantage', 'weakness'],
  ['solution', 'fix', 'remedy'],
  ['measure', 'quantify', 'metric', 'compute'],
  ['input', 'data point', 'sample'],
  ['output', 'result'],
  ['control', 'choose', 'steer', 'decide'],
  ['distribution', 'density', 'probabilistic', 'stochastic'],
  ['expand', 'enlarge', 'grow', 'bigger', 'larger', 'inflate'],
  ['ruin', 'break', 'destroy', 'wreck', 'spoil', 'stall'],
  ['fine', 'work well', 'work fine'],
];

/**
 * Names that spell out other concepts: "WGAN" is the Wasserstein GAN, so an answer that names it names
 * Wasserstein (the synonym table folds "Wasserstein GAN" into the one concept 'wgan').
 */
const IMPLIED: ReadonlyMap<string, readonly string[]> = new Map([['wgan', ['wasserstein', 'gan']]]);

/** `concepts` and what the names among them spell out. */
export function withImplied(concepts: readonly string[]): string[] {
  return [...concepts, ...concepts.flatMap((c) => IMPLIED.get(c) ?? [])];
}

/**
 * Concepts that say the opposite of each other ("the encoder enlarges the input" against "… compresses
 * the input"): a statement with one where the reference has the other is said the other way round.
 */
// prettier-ignore
const ANTONYM_PAIRS: readonly (readonly [string, string])[] = [
  ['compress', 'expand'],
  ['compress', 'reconstruct'],
  ['real', 'fake'],
  // "training works fine" against "… which ruins training"
  ['ruin', 'fine'],
];
const antonymsOf = new Map<string, string[]>();
for (const [a, b] of ANTONYM_PAIRS) {
  antonymsOf.set(a, [...(antonymsOf.get(a) ?? []), b]);
  antonymsOf.set(b, [...(antonymsOf.get(b) ?? []), a]);
}

/** What a concept also is, for opposites: generated images are the fakes ("spot the fakes" against "tell generated from real"). */
const ALSO_IS: readonly (readonly [string, string])[] = [['generate', 'fake']];
/** For each concept, the concepts that also are it ('fake': 'generate'). */
const alsoFrom = new Map<string, string[]>();
for (const [what, is] of ALSO_IS) alsoFrom.set(is, [...(alsoFrom.get(is) ?? []), what]);

/** `mine` has a concept whose opposite is in `theirs`, and not that concept itself (a clause naming both, "real or fake", says neither). */
export function saysOpposite(mine: ReadonlySet<string>, theirs: ReadonlySet<string>): boolean {
  const alsoHas = (set: ReadonlySet<string>, c: string) => set.has(c) || (alsoFrom.get(c)?.some((what) => set.has(what)) ?? false);
  for (const concept of mine) {
    for (const opposite of antonymsOf.get(concept) ?? []) if (theirs.has(opposite) && !alsoHas(theirs, concept) && !alsoHas(mine, opposite)) return true;
  }
  return false;
}

/** A distribution written as a name with its parameters: N(0,1), N(0, 1). One token; its numbers count no quantity. */
export const FORMULA = /[A-Za-z]\s*\(\s*-?\d+(?:\.\d+)?\s*,\s*-?\d+(?:\.\d+)?\s*\)/gu;
const TOKEN = new RegExp(`${FORMULA.source}|[\\p{L}\\p{N}]+(?:['.][\\p{L}\\p{N}]+)*`, 'gu');

interface RawToken {
  text: string;
  lower: string;
  stem: string;
  start: number;
  end: number;
}

function stemToken(lower: string): string {
  if (/[^a-z]/.test(lower)) return lower; // acronyms with digits, N(0,1), non-English: leave alone
  const stem = stemmer(lower);
  // Who does it is not what is done: 'generator' vs 'generate', 'encoder' vs 'encode' (roles need it).
  const singular = lower.replace(/s$/, '');
  return /(?:er|or)$/.test(singular) && stem.length < singular.length - 1 ? `${stem}+` : stem;
}

function normalise(text: string): string {
  return text.normalize('NFKC').replace(/[‘’`´]/g, "'").replace(/[“”]/g, '"');
}

/** `normal`: the text as normalise() gives it (offsets are into that). */
function rawTokens(normal: string): RawToken[] {
  const out: RawToken[] = [];
  for (const m of normal.matchAll(TOKEN)) {
    const t = m[0];
    const lower = t.toLowerCase().replace(/\s+/g, '').replace(/'s$/, ''); // possessive: "domain's" is "domain"
    out.push({ text: t, lower, stem: stemToken(lower), start: m.index, end: m.index + t.length });
  }
  return out;
}

/** Phrase (stems joined by ' ') -> concept; `caseSensitive` holds single capital letters. */
const phraseConcept = new Map<string, string>();
const caseSensitive = new Map<string, string>();
let longestPhrase = 1;

for (const group of SYNONYM_GROUPS) {
  const concept = group[0]!;
  for (const phrase of group) {
    if (/^[A-Z]$/.test(phrase)) {
      caseSensitive.set(phrase, concept);
      continue;
    }
    const stems = rawTokens(normalise(phrase)).map((t) => t.stem);
    longestPhrase = Math.max(longestPhrase, stems.length);
    const key = stems.join(' ');
    // First group wins if two phrases stem alike ('discriminator'/'discriminate'); a test guards the table.
    if (!phraseConcept.has(key)) phraseConcept.set(key, concept);
  }
}

/**
 * Words that are their own "no" of a concept: "disjoint" is "no overlap". They are read as the concept,
 * and clauses.ts reads their "no" (isPrivative).
 */
const PRIVATIVES: ReadonlyMap<string, string> = new Map([['disjoint', 'overlap']]);
for (const [word, concept] of PRIVATIVES) phraseConcept.set(rawTokens(normalise(word))[0]!.stem, concept);

/** `word` (lower case, as written) is its own "no" of the concept it is read as. */
export function isPrivative(word: string): boolean {
  return PRIVATIVES.has(word);
}

function weightOf(surface: string, stem: string): number {
  if (/\d/.test(surface) || /^[A-Z]{2,}s?$/.test(surface) || /^[A-Z][a-z]+-[A-Z][a-z]+$/.test(surface)) return TECHNICAL_WEIGHT;
  if (GENERIC_STEMS.has(stem)) return GENERIC_WEIGHT;
  return NORMAL_WEIGHT;
}

/** The concepts in `text`, in order, with where they were written. Stop words are dropped. */
export function extractTerms(text: string): Term[] {
  const normal = normalise(text);
  const tokens = rawTokens(normal);
  const phrasals = phrasalHits(normal);
  const terms: Term[] = [];
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i]!;
    if (phrasals.length > 0) {
      const phrasal = phrasals.find((p) => p.start === tok.start);
      if (phrasal) {
        terms.push({ concept: phrasal.concept, word: tok.lower, surface: tok.text, start: tok.start, end: tok.end, weight: NORMAL_WEIGHT });
        i++;
        continue;
      }
      if (phrasals.some((p) => p.dropped.some(([from, to]) => tok.start >= from && tok.start < to))) {
        i++;
        continue;
      }
    }
    // Longest synonym phrase first ('earth movers distance' before 'earth').
    let matched = false;
    for (let n = Math.min(longestPhrase, tokens.length - i); n >= 1 && !matched; n--) {
      const slice = tokens.slice(i, i + n);
      // A capital letter's plural or possessive is the letter: "2 G's" are two generators.
      const letter = tok.text.replace(/'s$/, '');
      const concept = n === 1 && caseSensitive.has(letter) ? caseSensitive.get(letter) : phraseConcept.get(slice.map((t) => t.stem).join(' '));
      if (concept === undefined) continue;
      if (n === 1 && STOP_WORDS.has(tok.lower)) break;
      const last = slice[n - 1]!;
      const surface = normal.slice(tok.start, last.end);
      terms.push({ concept, word: surface.toLowerCase(), surface, start: tok.start, end: last.end, weight: weightOf(surface, tok.stem) });
      i += n;
      matched = true;
    }
    if (matched) continue;
    if (!STOP_WORDS.has(tok.lower) && !(tok.lower.length === 1 && /[a-z]/.test(tok.lower) && tok.lower !== 'z')) {
      terms.push({ concept: tok.stem, word: tok.lower, surface: tok.text, start: tok.start, end: tok.end, weight: weightOf(tok.text, tok.stem) });
    }
    i++;
  }
  return terms;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

/** Levenshtein distance, capped: returns max+1 as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}
