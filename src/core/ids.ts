/**
 * Custom ids for buttons and modals: built and parsed only here.
 * Format: `sb1:<kind>:<n>[:<n>]` — versioned so a future format can still read old buttons,
 * short enough for Discord's 100-character limit. Everything coming back from a platform is
 * untrusted: parse returns null for anything malformed, and the core checks that the round or
 * card exists and belongs to the actor's workspace before acting on it.
 */
export type ActionId =
  /** Multiple-choice answer `choice` (0-based) in quiz round `round`. */
  | { kind: 'mcq'; round: number; choice: number }
  /** Open the typed-answer modal for round `round`. */
  | { kind: 'type'; round: number }
  /** The typed-answer modal of round `round`. */
  | { kind: 'typed'; round: number }
  /** Self-grade: reveal the answer of round `round` to the presser. */
  | { kind: 'show'; round: number }
  /** Self-grade rating 1..4 (Again..Easy) for round `round`. */
  | { kind: 'rate'; round: number; rating: number }
  /** Close /quiz round `round` and show its answer and who got it right (its asker or a moderator). */
  | { kind: 'reveal'; round: number }
  /** Private review: reveal the answer of card `card`. */
  | { kind: 'rshow'; card: number }
  /** Private review: rating 1..4 for card `card`; `nonce` ties the press to one showing. */
  | { kind: 'rrate'; card: number; rating: number; nonce: number }
  /** Private review: next due card. */
  | { kind: 'rnext' }
  /** Stop game `game` (its asker or a moderator). */
  | { kind: 'gstop'; game: number }
  /** Draw the model that lecture card `card` explains (See it). */
  | { kind: 'see'; card: number }
  /** Private review: open the typed-answer form for card `card` (`nonce` as for rrate). */
  | { kind: 'rtype'; card: number; nonce: number }
  /** Private review: the typed-answer form of card `card`. */
  | { kind: 'rtyped'; card: number; nonce: number }
  /** Private review: "I was right" on appeal `appeal` (a self-grade; only its answerer). */
  | { kind: 'rright'; appeal: number }
  /** "I was right" under the presser's own typed answer to round `round`. */
  | { kind: 'appeal'; round: number }
  /** Show appeal `appeal` with Accept / Reject (whoever may reveal its question). */
  | { kind: 'aview'; appeal: number }
  /** Accept or reject appeal `appeal`. */
  | { kind: 'aok'; appeal: number }
  | { kind: 'ano'; appeal: number };

const VERSION = 'sb1';

const ARITY: Record<ActionId['kind'], number> = {
  mcq: 2,
  type: 1,
  typed: 1,
  show: 1,
  rate: 2,
  reveal: 1,
  rshow: 1,
  rrate: 3,
  rnext: 0,
  gstop: 1,
  see: 1,
  rtype: 2,
  rtyped: 2,
  rright: 1,
  appeal: 1,
  aview: 1,
  aok: 1,
  ano: 1,
};

export function buildId(action: ActionId): string {
  switch (action.kind) {
    case 'mcq':
      return join(action.kind, action.round, action.choice);
    case 'type':
    case 'typed':
    case 'show':
    case 'reveal':
      return join(action.kind, action.round);
    case 'rate':
      return join(action.kind, action.round, action.rating);
    case 'rshow':
    case 'see':
      return join(action.kind, action.card);
    case 'rrate':
      return join(action.kind, action.card, action.rating, action.nonce);
    case 'rnext':
      return join(action.kind);
    case 'gstop':
      return join(action.kind, action.game);
    case 'rtype':
    case 'rtyped':
      return join(action.kind, action.card, action.nonce);
    case 'appeal':
      return join(action.kind, action.round);
    case 'rright':
    case 'aview':
    case 'aok':
    case 'ano':
      return join(action.kind, action.appeal);
  }
}

export function parseId(raw: unknown): ActionId | null {
  if (typeof raw !== 'string' || raw.length > 100) return null;
  const [version, kind, ...rest] = raw.split(':');
  if (version !== VERSION || !kind || !(kind in ARITY)) return null;
  const k = kind as ActionId['kind'];
  if (rest.length !== ARITY[k]) return null;
  const nums = rest.map((part) => (/^\d{1,15}$/.test(part) ? Number(part) : NaN));
  if (nums.some((n) => !Number.isSafeInteger(n))) return null;
  const [a = 0, b = 0, c = 0] = nums;
  switch (k) {
    case 'mcq':
      return b < 4 ? { kind: k, round: a, choice: b } : null;
    case 'type':
    case 'typed':
    case 'show':
    case 'reveal':
      return { kind: k, round: a };
    case 'rate':
      return b >= 1 && b <= 4 ? { kind: k, round: a, rating: b } : null;
    case 'rshow':
    case 'see':
      return { kind: k, card: a };
    case 'rrate':
      return b >= 1 && b <= 4 ? { kind: k, card: a, rating: b, nonce: c } : null;
    case 'rnext':
      return { kind: k };
    case 'gstop':
      return { kind: k, game: a };
    case 'rtype':
    case 'rtyped':
      return { kind: k, card: a, nonce: b };
    case 'appeal':
      return { kind: k, round: a };
    case 'rright':
    case 'aview':
    case 'aok':
    case 'ano':
      return { kind: k, appeal: a };
  }
}

function join(kind: string, ...parts: number[]): string {
  return [VERSION, kind, ...parts].join(':');
}
