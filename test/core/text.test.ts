import { describe, expect, it } from 'vitest';
import { truncate } from '../../src/core/text.js';

describe('truncate', () => {
  it('truncate keeps short text and never splits a surrogate pair', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('😀😀😀', 2)).toBe('😀…');
  });
});
