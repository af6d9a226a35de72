import { describe, expect, it } from 'vitest';
import { InteractionTokens } from '../../../src/bot/discord/tokens.js';

describe('InteractionTokens', () => {
  it("gives the creating command's token for a pressed public message until it is near its 15 minutes", () => {
    let now = 0;
    const tokens = new InteractionTokens(() => now);
    tokens.noteCommand('quiz-1', 'tok-quiz');
    tokens.notePress('msg-1', 'quiz-1');
    tokens.notePress('msg-2', 'posted-by-the-scheduler');
    expect(tokens.forMessage('msg-1')).toBe('tok-quiz');
    expect(tokens.forMessage('msg-2')).toBeUndefined();
    now = 13 * 60_000;
    expect(tokens.forMessage('msg-1')).toBe('tok-quiz');
    // Past 14 minutes the edit goes over the channel route rather than risk an expired token.
    now = 14 * 60_000 + 1;
    expect(tokens.forMessage('msg-1')).toBeUndefined();
  });
});
