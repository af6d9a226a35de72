/** The tests' one fake clock: time moves only when a test moves it. */
import type { Clock } from '../../src/core/ports.js';

export class FakeClock implements Clock {
  constructor(public current: Date) {}

  /** A property, so `clock.now` can be handed on unbound. */
  now = (): Date => new Date(this.current);

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  set(at: string | Date): void {
    this.current = new Date(at);
  }
}
