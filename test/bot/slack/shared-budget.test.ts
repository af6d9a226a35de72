/**
 * The coalescer with a shared budget (SharedUpdateBudget over a store): the store decides the turns; while it
 * answers, edits still coalesce and a count never overtakes a reveal; a failing or hanging store never stalls
 * or loses an edit (the fallback budget sends it), is logged once, and is asked again after a while.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  BUDGET_TIMEOUT_MS,
  FALLBACK_UPDATES_PER_MINUTE,
  RETRY_AFTER_MS,
  SharedUpdateBudget,
  type UpdateBudgetStore,
} from '../../../src/bot/slack/update-budget.js';
import { UpdateCoalescer } from '../../../src/bot/slack/updates.js';
import { FakeClock } from '../../support/clock.js';

const tick = () => new Promise((r) => setImmediate(r));

/** A store the test answers by hand: each take waits until the test grants, refuses, fails or leaves it. */
function manualStore() {
  const takes: Array<{ workspace: string; now?: Date; answer(wait: number): void; fail(error: Error): void }> = [];
  const store: UpdateBudgetStore = {
    take: (workspace, _rate, now) => new Promise((answer, fail) => void takes.push({ workspace, now, answer, fail })),
    hold: async () => {},
  };
  return { store, takes };
}

function coalescer(store: UpdateBudgetStore, clock: FakeClock, warnings: string[] = []) {
  const log = pino({ level: 'info' }, { write: (line: string) => void warnings.push(String(JSON.parse(line).msg)) });
  return new UpdateCoalescer(1000, clock, 40, new SharedUpdateBudget({ store, clock, log }));
}

describe('UpdateCoalescer with a shared budget', () => {
  it('sends when the store grants, waits as long as it says when it refuses, and coalesces meanwhile', async () => {
    const clock = new FakeClock(new Date(0));
    const { store, takes } = manualStore();
    const updates = coalescer(store, clock);
    const sent: string[] = [];
    const edit = (content: string, progress = true) => updates.submit('m', async () => void sent.push(content), { workspace: 'T1', progress });
    const first = edit('1');
    await tick();
    expect(takes).toHaveLength(1);
    // The caller's clock is the limiter's time (see update-budget.ts).
    expect(takes[0]!.now).toEqual(new Date(0));
    // While the store answers, newer edits replace the queued one.
    const second = edit('2');
    takes[0]!.answer(2500);
    await tick();
    expect(sent).toEqual([]);
    clock.advance(2499);
    await tick();
    expect(takes).toHaveLength(1);
    const reveal = edit('revealed', false);
    const stale = edit('3');
    clock.advance(1);
    await tick();
    expect(takes).toHaveLength(2);
    takes[1]!.answer(0);
    await Promise.all([first, second, reveal, stale]);
    expect(sent).toEqual(['revealed']);
  });

  it('sends by the fallback budget when the store fails, logs it once, and asks the store again later', async () => {
    const clock = new FakeClock(new Date(0));
    const { store, takes } = manualStore();
    const warnings: string[] = [];
    const updates = coalescer(store, clock, warnings);
    const sentAt: number[] = [];
    const edit = (m: string) => updates.submit(m, async () => void sentAt.push(clock.now().getTime()), { workspace: 'T1' });
    const first = edit('a');
    await tick();
    takes[0]!.fail(new Error('relation "slack_update_budget" does not exist'));
    await first;
    expect(sentAt).toEqual([0]);
    // Twenty messages within the retry pause: the fallback's 15 a minute, no store asked.
    const more = Array.from({ length: 20 }, (_, i) => edit(`m${i}`));
    await tick();
    expect(sentAt).toHaveLength(FALLBACK_UPDATES_PER_MINUTE);
    expect(takes).toHaveLength(1);
    expect(warnings.filter((w) => w.includes('did not answer'))).toHaveLength(1);
    // Past the pause, the six waiting messages ask the store again; what it grants goes out (and that is logged).
    clock.advance(RETRY_AFTER_MS);
    await tick();
    expect(takes).toHaveLength(1 + 6);
    for (const take of takes.slice(1)) take.answer(0);
    await Promise.all(more);
    expect(sentAt).toHaveLength(21);
    expect(sentAt.slice(FALLBACK_UPDATES_PER_MINUTE)).toEqual(Array(6).fill(RETRY_AFTER_MS));
    expect(warnings.filter((w) => w.includes('answers again'))).toHaveLength(1);
  });

  it('does not wait on a store that hangs: the edit goes out by the fallback after the timeout', async () => {
    const clock = new FakeClock(new Date(0));
    const { store, takes } = manualStore();
    const updates = coalescer(store, clock);
    const sent: string[] = [];
    const reveal = updates.submit('q', async () => void sent.push('revealed'), { workspace: 'T1' });
    await tick();
    expect(takes).toHaveLength(1);
    clock.advance(BUDGET_TIMEOUT_MS - 1);
    await tick();
    expect(sent).toEqual([]);
    clock.advance(1);
    await reveal;
    expect(sent).toEqual(['revealed']);
    // Its answer, late, changes nothing.
    takes[0]!.answer(0);
    await tick();
    expect(sent).toEqual(['revealed']);
  });
});
