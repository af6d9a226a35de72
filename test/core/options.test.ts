import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parseDailyAction, parseMode, parsePeriod, parseScope } from '../../src/core/options.js';

describe('option words', () => {
  it('reads the words and their aliases, with defaults for a missing value', () => {
    expect(['mcq', 'Choice', ' flip ', 'write'].map(parseMode)).toEqual(['mcq', 'mcq', 'self', 'typed']);
    expect(parseMode(undefined)).toBe('mcq');
    expect([undefined, 'server', 'here', 'all'].map(parseScope)).toEqual(['workspace', 'workspace', 'channel', 'workspace']);
    expect([undefined, 'weekly', 'all-time'].map(parsePeriod)).toEqual(['all', 'week', 'all']);
    expect(['today', 'monthly', 'last'].map(parsePeriod)).toEqual(['day', 'month', 'game']);
    expect([undefined, 'ON', 'off'].map(parseDailyAction)).toEqual(['status', 'on', 'off']);
  });

  it('answers an unknown word, including the names of Object.prototype members, with what it accepts', () => {
    for (const word of ['sideways', 'constructor', '__proto__', 'toString']) {
      expect(() => parseMode(word)).toThrow(new UserError(`Unknown mode "${word}". Use mcq, typed or self.`));
      expect(() => parseScope(word)).toThrow(UserError);
      expect(() => parsePeriod(word)).toThrow(UserError);
      expect(() => parseDailyAction(word)).toThrow(UserError);
    }
  });
});
