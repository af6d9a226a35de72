import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { InteractionTokenStore } from '../../../src/bot/interaction-tokens.js';
import { InteractionTokens } from '../../../src/bot/discord/tokens.js';
import type { Outcome } from '../../../src/core/messages.js';
import { FakeClock } from '../../support/clock.js';

const MINUTE = 60_000;

function capturingLog() {
  const lines: { msg: string; [key: string]: unknown }[] = [];
  const text: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void (text.push(line), lines.push(JSON.parse(line))) });
  return { log, lines, text };
}

describe('InteractionTokens in memory', () => {
  it("gives the creating command's token for a pressed public message until it is near its 15 minutes", async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const tokens = new InteractionTokens({ clock });
    await tokens.noteInteraction('quiz-1', 'tok-quiz');
    await tokens.notePress('msg-1', 'quiz-1');
    await tokens.notePress('msg-2', 'posted-by-the-scheduler');
    expect(await tokens.forMessage('msg-1')).toBe('tok-quiz');
    expect(await tokens.forMessage('msg-2')).toBeUndefined();
    clock.advance(13 * MINUTE);
    expect(await tokens.forMessage('msg-1')).toBe('tok-quiz');
    // Past 14 minutes the edit goes over the channel route rather than risk an expired token.
    clock.advance(MINUTE + 1);
    expect(await tokens.forMessage('msg-1')).toBeUndefined();
  });

  it('keeps the token only of a command whose answer shows buttons in the channel', async () => {
    const saved: string[] = [];
    const store: InteractionTokenStore = {
      save: async (interactionId) => void saved.push(interactionId),
      link: async () => {},
      tokenFor: async () => undefined,
    };
    const tokens = new InteractionTokens({ store });
    const question: Outcome = { reply: { text: 'Q?', visibility: 'public', choices: [{ id: 'sb1:show:1', label: 'Show answer' }] } };
    const stats: Outcome = { reply: { text: 'Your stats', visibility: 'public' } };
    const privateButtons: Outcome = { reply: { text: 'Due', visibility: 'private', choices: [{ id: 'sb1:rate:1:3', label: 'Good' }] } };
    await tokens.noteAnswer('quiz', 'tok-quiz', question);
    await tokens.noteAnswer('stats', 'tok-stats', stats);
    await tokens.noteAnswer('review', 'tok-review', privateButtons);
    expect(saved).toEqual(['quiz']);
  });

  it("keeps a press's token when its follow-ups post buttons in the channel (the appeal notice), for 14 minutes", async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const saved: { interactionId: string; at: Date }[] = [];
    const store: InteractionTokenStore = {
      save: async (interactionId, _token, at) => void saved.push({ interactionId, at }),
      link: async () => {},
      tokenFor: async () => undefined,
    };
    const tokens = new InteractionTokens({ store, clock });
    const notice = { text: 'Ada says her answer was right.', visibility: 'public' as const, choices: [{ id: 'sb1:aview:1', label: 'Review appeal' }] };
    await tokens.noteSending('appeal', 'tok-appeal', [{ text: 'Filed', visibility: 'private' }, notice]);
    await tokens.noteSending('see', 'tok-see', [{ text: 'A picture', visibility: 'private', choices: [{ id: 'sb1:see:2', label: 'See it' }] }]);
    await tokens.noteSending('count', 'tok-count', [{ text: '2 answered', visibility: 'public' }]);
    expect(saved).toEqual([{ interactionId: 'appeal', at: clock.now() }]);
    await tokens.notePress('notice-1', 'appeal');
    clock.advance(14 * MINUTE);
    expect(await tokens.forMessage('notice-1')).toBe('tok-appeal');
    clock.advance(1);
    expect(await tokens.forMessage('notice-1')).toBeUndefined();
  });
});

describe('InteractionTokens with a store that fails or stalls', () => {
  const failing: InteractionTokenStore = {
    save: async () => {
      // As drizzle wraps a driver error: the statement's parameters, the token among them, are in its message.
      throw new Error('Failed query: insert ... params: quiz-1,tok-secret', { cause: Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }) });
    },
    link: async () => {
      throw new Error('connection refused');
    },
    tokenFor: async () => {
      throw new Error('connection refused');
    },
  };
  const stalled: InteractionTokenStore = {
    save: () => new Promise(() => {}),
    link: () => new Promise(() => {}),
    tokenFor: () => new Promise(() => {}),
  };

  it('answers from memory, finds nothing elsewhere, and logs each failure without the token', async () => {
    const { log, lines, text } = capturingLog();
    const here = new InteractionTokens({ store: failing, log });
    await here.noteInteraction('quiz-1', 'tok-secret');
    await here.notePress('msg-1', 'quiz-1');
    // The memory path still serves the replica that answered the command.
    expect(await here.forMessage('msg-1')).toBe('tok-secret');
    const elsewhere = new InteractionTokens({ store: failing, log });
    await elsewhere.notePress('msg-1', 'quiz-1');
    expect(await elsewhere.forMessage('msg-1')).toBeUndefined();
    expect(lines.filter((l) => l.msg === 'interaction token store failed; the channel route stands in').map((l) => l.step)).toEqual(['save', 'link', 'link', 'lookup']);
    expect(text.join('')).not.toContain('tok-secret');
  });

  it('gives a stalled store its budget, then goes on without it', async () => {
    const { log, lines } = capturingLog();
    const tokens = new InteractionTokens({ store: stalled, log, budgetMs: 20 });
    await tokens.noteInteraction('quiz-1', 'tok-quiz');
    await tokens.notePress('msg-9', 'elsewhere');
    expect(await tokens.forMessage('msg-9')).toBeUndefined();
    expect(lines.filter((l) => l.msg === 'interaction token store too slow; the channel route stands in').map((l) => l.step)).toEqual(['save', 'link', 'lookup']);
  });

  it('links a message in the store once per process, and again after a failed link', async () => {
    const links: string[] = [];
    let fail = true;
    const store: InteractionTokenStore = {
      save: async () => {},
      link: async (messageId) => {
        links.push(messageId);
        if (fail) throw new Error('connection refused');
      },
      tokenFor: async () => undefined,
    };
    const tokens = new InteractionTokens({ store });
    await tokens.notePress('msg-1', 'quiz-1');
    fail = false;
    await tokens.notePress('msg-1', 'quiz-1');
    await tokens.notePress('msg-1', 'quiz-1');
    expect(links).toEqual(['msg-1', 'msg-1']);
  });
});
