/** The tests' one fake clock: time moves only when a test moves it, and its timers run then. */
import type { Clock } from '../../src/core/ports.js';

export class FakeClock implements Clock {
  private readonly timers: Array<{ at: number; run: () => void }> = [];

  constructor(public current: Date) {}

  /** A property, so `clock.now` can be handed on unbound. */
  now = (): Date => new Date(this.current);

  /** Runs `run` once the clock has been moved `ms` on (by advance or set); for code that waits on a timer. */
  setTimer = (run: () => void, ms: number): (() => void) => {
    const timer = { at: this.current.getTime() + Math.max(0, ms), run };
    this.timers.push(timer);
    return () => {
      const at = this.timers.indexOf(timer);
      if (at >= 0) this.timers.splice(at, 1);
    };
  };

  /** Timers set and not yet run or cancelled. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
    this.runDue();
  }

  set(at: string | Date): void {
    this.current = new Date(at);
    this.runDue();
  }

  /** Due timers in time order, including those a timer sets that are due too. */
  private runDue(): void {
    for (;;) {
      const due = this.timers.filter((t) => t.at <= this.current.getTime()).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.timers.splice(this.timers.indexOf(due), 1);
      due.run();
    }
  }
}
