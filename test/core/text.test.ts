import { describe, expect, it } from 'vitest';
import { clip, splitText, truncate } from '../../src/core/text.js';

describe('truncate', () => {
  it('truncate keeps short text and never splits a surrogate pair', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('😀😀😀', 2)).toBe('😀…');
  });
});

describe('splitText', () => {
  it('keeps text that fits whole and leaves out blank text', () => {
    expect(splitText('short', 10)).toEqual(['short']);
    expect(splitText('  \n ', 10)).toEqual([]);
  });

  it('cuts at the last line end in the second half, else at the last space, dropping the separator', () => {
    expect(splitText('aaaa bb\ncc dd', 10)).toEqual(['aaaa bb', 'cc dd']);
    expect(splitText('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb', 'cccc']);
    // A line end in the first half would leave a short piece: the space is taken instead.
    expect(splitText('a\nbbbbbb cccc', 10)).toEqual(['a\nbbbbbb', 'cccc']);
  });

  it('cuts one long word between code points, never inside an emoji, and loses nothing', () => {
    const text = `${'x'.repeat(9)}😀${'y'.repeat(12)}`;
    const pieces = splitText(text, 10);
    expect(pieces).toEqual([`${'x'.repeat(9)}😀`, 'y'.repeat(10), 'yy']);
    expect(pieces.join('')).toBe(text);
  });
});

describe('clip', () => {
  it('cuts to max code points without a marker, never inside an emoji', () => {
    expect(clip('abc', 5)).toBe('abc');
    expect(clip('a😀b', 2)).toBe('a😀');
  });
});
