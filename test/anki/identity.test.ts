import { describe, expect, it } from 'vitest';
import { ankiCardKey, fieldChecksum, guidForCardKey } from '../../src/anki/identity.js';

describe('card identity between Anki and studybot', () => {
  it('an Anki card is its note GUID and ordinal', () => {
    expect(ankiCardKey('Ab3$x', 0)).toBe('anki:Ab3$x:0');
    expect(ankiCardKey('Ab3$x', 1)).toBe('anki:Ab3$x:1');
  });

  it('every key survives export then import', () => {
    for (const key of ['what is a gan', 'anki:Ab3$x:0', 'anki:Ab3$x:1', 'anki:with:colons:0', 'sb:odd but fine']) {
      expect(ankiCardKey(guidForCardKey(key), 0)).toBe(key);
    }
    // a card that came from Anki as ordinal 0 goes back under its own GUID, so Anki updates that note
    expect(guidForCardKey('anki:Ab3$x:0')).toBe('Ab3$x');
  });

  it('computes Anki’s sort-field checksum', () => {
    // sha1("hello") = aaf4c61d…, first 8 hex digits as a number
    expect(fieldChecksum('hello')).toBe(0xaaf4c61d);
  });
});
