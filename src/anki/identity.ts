/**
 * Card identity across Anki and studybot. An Anki note's GUID never changes when the note is edited, so
 * GUID + card ordinal identifies a card; studybot cards exported to Anki carry their own key in the GUID,
 * so export -> import gives back the same keys and the cards keep their review history.
 */
import { createHash } from 'node:crypto';
import { hashString } from '../core/random.js';

const EXPORTED_PREFIX = 'sb:';
const ANKI_PREFIX = 'anki:';

/** The studybot card key of Anki card `ord` of the note with `guid`. */
export function ankiCardKey(guid: string, ord: number): string {
  if (ord === 0 && guid.startsWith(EXPORTED_PREFIX)) return guid.slice(EXPORTED_PREFIX.length);
  return `${ANKI_PREFIX}${guid}:${ord}`;
}

/** The GUID to give the Anki note that carries card `key` (exported as a one-card note, ordinal 0). */
export function guidForCardKey(key: string): string {
  const fromAnki = /^anki:(.+):0$/s.exec(key);
  if (fromAnki) return fromAnki[1]!;
  return `${EXPORTED_PREFIX}${key}`;
}

/** Anki's sort-field checksum: the first 8 hex digits of the SHA-1 of the field's text, as a number. */
export function fieldChecksum(text: string): number {
  return createHash('sha1').update(text, 'utf8').digest().readUInt32BE(0);
}

/** A positive 53-bit id from a string, for note/card/model ids that must be stable across exports. */
export function stableId(s: string): number {
  // two 32-bit hashes make collisions in one deck vanishingly unlikely; keep it below 2^53 and above 1e12
  const hi = hashString(`a${s}`) & 0x1fffff;
  const lo = hashString(`b${s}`);
  return 1_000_000_000_000 + (hi * 2 ** 32 + lo) % 8_000_000_000_000_000;
}
