import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { UpdateCoalescer } from '../../../src/bot/slack/updates.js';
import { FakeClock } from '../../support/clock.js';

/** The fake clock: timers run when the test advances time. */
const fakeClock = () => new FakeClock(new Date(0));

const tick = () => new Promise((r) => setImmediate(r));

describe('UpdateCoalescer', () => {
  it('sends the first edit at once, then one edit with the newest content per interval', async () => {
    const clock = fakeClock();
    const updates = new UpdateCoalescer(1000, clock);
    const sent: number[] = [];
    const settled: number[] = [];
    const first = updates.submit('m', async () => void sent.push(1)).then(() => settled.push(1));
    const later = [2, 3, 4].map((n) => updates.submit('m', async () => void sent.push(n)).then(() => settled.push(n)));
    await first;
    expect(sent).toEqual([1]);
    clock.advance(999);
    await tick();
    expect(sent).toEqual([1]);
    clock.advance(1);
    await Promise.all(later);
    expect(sent).toEqual([1, 4]);
    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it('keeps messages apart and rejects the callers whose send failed', async () => {
    const clock = fakeClock();
    const updates = new UpdateCoalescer(1000, clock);
    const sent: string[] = [];
    await updates.submit('a', async () => void sent.push('a'));
    await updates.submit('b', async () => void sent.push('b'));
    expect(sent).toEqual(['a', 'b']);
    const failing = updates.submit('a', async () => Promise.reject(new Error('ratelimited')));
    clock.advance(1000);
    await expect(failing).rejects.toThrow('ratelimited');
  });

  it('shares one budget per workspace across its messages, and keeps workspaces apart', async () => {
    const clock = fakeClock();
    const updates = new UpdateCoalescer(1000, clock, 3);
    const sent: string[] = [];
    const edit = (message: string, workspace: string) => updates.submit(message, async () => void sent.push(message), { workspace });
    // Three messages in T1 use its budget of 3; a fourth message of T1 waits, one in T2 does not.
    await Promise.all([edit('a', 'T1'), edit('b', 'T1'), edit('c', 'T1')]);
    const waiting = edit('d', 'T1');
    await edit('x', 'T2');
    expect(sent).toEqual(['a', 'b', 'c', 'x']);
    // Still coalescing while it waits: two more edits of d collapse into one send.
    const newer = [edit('d', 'T1'), edit('d', 'T1')];
    clock.advance(59_999);
    await tick();
    expect(sent).toEqual(['a', 'b', 'c', 'x']);
    clock.advance(1);
    await Promise.all([waiting, ...newer]);
    expect(sent).toEqual(['a', 'b', 'c', 'x', 'd']);
  });

  it('holds a busy workspace to its budget over a long run', async () => {
    const clock = fakeClock();
    const updates = new UpdateCoalescer(1500, clock, 40);
    const sentAt: number[] = [];
    // Ten busy messages, each edited every 100 ms for five minutes.
    for (let t = 0; t < 300_000; t += 100) {
      for (let m = 0; m < 10; m++) void updates.submit(`m${m}`, async () => void sentAt.push(clock.now().getTime()), { workspace: 'T1' });
      clock.advance(100);
      await tick();
    }
    for (let i = 40; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 40]!).toBeGreaterThanOrEqual(60_000);
    expect(sentAt.length).toBeGreaterThanOrEqual(4 * 40);
  });

  it('never lets a count overtake the reveal of its message, and lets a later final edit through', async () => {
    const clock = fakeClock();
    const updates = new UpdateCoalescer(1000, clock);
    const shown: string[] = [];
    const edit = (content: string, progress: boolean) => updates.submit('q', async () => void shown.push(content), { progress });
    await edit('1 answered', true);
    // A count waits for the interval; the reveal replaces it there; a count worked out before the close comes after.
    const waiting = edit('2 answered', true);
    const reveal = edit('revealed', false);
    const stale = edit('3 answered', true);
    await stale;
    clock.advance(1000);
    await Promise.all([waiting, reveal]);
    expect(shown).toEqual(['1 answered', 'revealed']);
    // Minutes later the count is still stale; an appeal's corrected reveal is not.
    clock.advance(5 * 60_000);
    await edit('4 answered', true);
    await edit('revealed (corrected)', false);
    expect(shown).toEqual(['1 answered', 'revealed', 'revealed (corrected)']);
  });

  it("waits out a 429's Retry-After for that workspace only, then sends each message's newest content once", async () => {
    const clock = fakeClock();
    const updates = new UpdateCoalescer(1000, clock);
    const sent: string[] = [];
    let refuse = 1;
    const edit = (message: string, content: string, workspace: string) =>
      updates.submit(message, async () => {
        if (workspace === 'T1' && refuse-- > 0) throw new webApi.WebAPIRateLimitedError(30);
        sent.push(`${message}:${content}`);
      }, { workspace });
    const refused = edit('a', '1', 'T1');
    await tick();
    // The refused content and a newer one wait; so does another message of T1; T2's go out.
    const newer = edit('a', '2', 'T1');
    const sibling = edit('b', '1', 'T1');
    await edit('x', '1', 'T2');
    clock.advance(29_999);
    await tick();
    expect(sent).toEqual(['x:1']);
    clock.advance(1);
    await Promise.all([refused, newer, sibling]);
    expect(sent).toEqual(['x:1', 'a:2', 'b:1']);
    clock.advance(60_000);
    await tick();
    expect(sent).toEqual(['x:1', 'a:2', 'b:1']);
  });

  it('resends the refused content itself when nothing newer came', async () => {
    const clock = fakeClock();
    const updates = new UpdateCoalescer(1000, clock);
    const sent: string[] = [];
    let refuse = 1;
    const done = updates.submit('a', async () => {
      if (refuse-- > 0) throw new webApi.WebAPIRateLimitedError(5);
      sent.push('a');
    });
    await tick();
    clock.advance(5000);
    await done;
    expect(sent).toEqual(['a']);
  });
});
