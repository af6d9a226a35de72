/**
 * Waiting on a promise for at most some time, on timers a test can drive (the fake clock's, or the real
 * ones). The one place both adapters bound a call: Discord's ack deadline and token look-ups, Slack's
 * shared budget and round checks. The timer is always cleared, so a call that answers in time leaves
 * nothing running behind it.
 */

export interface Timers {
  /** Runs `run` after `ms`; the returned function cancels it. */
  setTimer(run: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  setTimer: (run, ms) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

/** A pause on the global timer (which fake timers replace): the default wherever a caller may pass its own. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export type Race<T> = { done: true; value: T } | { done: false };

/** `pending`'s value if it settles within `ms`, else `{ done: false }` (it keeps running); rejects as it does. */
export function raceTimer<T>(pending: Promise<T>, ms: number, timers: Timers = realTimers): Promise<Race<T>> {
  return new Promise<Race<T>>((resolve, reject) => {
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      cancel();
      done();
    };
    const cancel = timers.setTimer(() => settle(() => resolve({ done: false })), ms);
    pending.then(
      (value) => settle(() => resolve({ done: true, value })),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

/** `work`'s value, or a rejection once `ms` have passed without one. */
export async function withTimeout<T>(timers: Timers, ms: number, work: Promise<T>): Promise<T> {
  const race = await raceTimer(work, ms, timers);
  if (!race.done) throw new Error(`no answer within ${ms} ms`);
  return race.value;
}
