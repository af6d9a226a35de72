/**
 * The coalescer's check, right before a count or countdown goes out, that no other process revealed its round
 * (round-check.ts), with the store's answer injected: revealed, open, failing, never answering.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ROUND_CHECK_TIMEOUT_MS, RoundCheck, type RevealedRounds } from '../../../src/bot/slack/round-check.js';
import { createSlackSender } from '../../../src/bot/slack/channel-sender.js';
import { SlackPoster } from '../../../src/bot/slack/sender.js';
import { UpdateCoalescer } from '../../../src/bot/slack/updates.js';
import type { Message } from '../../../src/core/messages.js';
import { FakeClock } from '../../support/clock.js';

const tick = () => new Promise((r) => setImmediate(r));

function world(rounds: RevealedRounds) {
  const clock = new FakeClock(new Date(0));
  const warnings: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(String(JSON.parse(line).msg)) });
  const updates = new UpdateCoalescer(1000, clock, undefined, undefined, new RoundCheck(rounds, clock, log));
  const shown: string[] = [];
  const count = (content: string) => updates.submit('q', async () => void shown.push(content), { progress: true, roundId: 7 });
  const final = (content: string) => updates.submit('q', async () => void shown.push(content));
  return { clock, warnings, shown, count, final };
}

describe('UpdateCoalescer with a round check', () => {
  it("drops a count of a round another process revealed while it waited, and the message's later counts", async () => {
    const asked: number[] = [];
    let revealed = false;
    const w = world({ revealed: async (roundId) => (asked.push(roundId), revealed) });
    await w.count('1 answered');
    const waiting = w.count('2 answered');
    revealed = true;
    w.clock.advance(1000);
    await waiting;
    expect(w.shown).toEqual(['1 answered']);
    expect(asked).toEqual([7, 7]);
    // Known stale now: the next count is dropped without asking; a final edit (an appeal's) is never asked about.
    await w.count('3 answered');
    w.clock.advance(1000);
    await w.final('revealed (corrected)');
    expect(w.shown).toEqual(['1 answered', 'revealed (corrected)']);
    expect(asked).toEqual([7, 7]);
    expect(w.warnings).toEqual([]);
  });

  it('sends the count as before when the check fails, and says so', async () => {
    const w = world({ revealed: () => Promise.reject(new Error('connection terminated')) });
    await w.count('1 answered');
    expect(w.shown).toEqual(['1 answered']);
    expect(w.warnings).toEqual(['slack: could not tell whether a round is revealed; its count or countdown goes out']);
  });

  it('sends the count once the check has not answered in time, and a reveal submitted meanwhile goes out after it', async () => {
    const w = world({ revealed: () => new Promise<boolean>(() => {}) });
    const count = w.count('1 answered');
    await tick();
    const reveal = w.final('revealed');
    w.clock.advance(ROUND_CHECK_TIMEOUT_MS - 1);
    await tick();
    expect(w.shown).toEqual([]);
    w.clock.advance(1);
    await count;
    expect(w.shown).toEqual(['1 answered']);
    expect(w.warnings).toHaveLength(1);
    // The reveal is never held on the check: it goes at the message's next turn.
    w.clock.advance(1000);
    await reveal;
    expect(w.shown).toEqual(['1 answered', 'revealed']);
  });
});

describe("the scheduler's Slack sender with a round check", () => {
  it("drops a countdown held by the message's spacing once its round is revealed, and sends the closed question", async () => {
    const clock = new FakeClock(new Date(0));
    const asked: number[] = [];
    let revealed = false;
    const rounds = new RoundCheck({ revealed: async (roundId) => (asked.push(roundId), revealed) }, clock);
    const shown: string[] = [];
    const client = { chat: { update: async (args: { text: string }) => (shown.push(args.text), { ok: true }) } };
    const poster = new SlackPoster(client as never, client as never, undefined, new UpdateCoalescer(1500, clock, undefined, undefined, rounds));
    const sender = createSlackSender(poster);
    const channel = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
    const countdown = (secondsLeft: number): Message => ({ text: `${secondsLeft} s left`, countdown: { closesAt: new Date(30_000), secondsLeft }, progressOf: { roundId: 9 }, visibility: 'public' });
    await sender.update(channel, 'C1/1.000001', countdown(30));
    await sender.update(channel, 'C1/1.000001', countdown(20));
    // Another process closes the question (its own edit, elsewhere) before this one's turn comes.
    revealed = true;
    clock.advance(1500);
    await tick();
    await tick();
    expect(shown).toEqual(['30 s left']);
    expect(asked).toEqual([9, 9]);
    await sender.update(channel, 'C1/1.000001', { text: 'Closed', visibility: 'public' });
    clock.advance(1500);
    await tick();
    expect(shown).toEqual(['30 s left', 'Closed']);
  });
});
