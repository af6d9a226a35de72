/**
 * Coalesces chat.update calls per message: Slack allows about 50 chat.update a minute, and a busy
 * quiz would edit its public count once per answer. At most one edit per message is in flight; edits
 * that arrive meanwhile (or within `minIntervalMs` of the last) collapse into one carrying the newest
 * content. Every caller's promise settles with the send that carried its content (or a newer one).
 */
export interface UpdateClock {
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
}

const realClock: UpdateClock = { now: Date.now, setTimer: (run, ms) => setTimeout(run, ms) };

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Slot {
  lastSentAt: number;
  running: boolean;
  timer: boolean;
  pending?: { send: () => Promise<void>; waiters: Waiter[] };
}

/** 1.5 s per message: one busy message stays at 40 edits a minute, under Slack's ~50. */
export const UPDATE_INTERVAL_MS = 1500;

export class UpdateCoalescer {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly minIntervalMs = UPDATE_INTERVAL_MS,
    private readonly clock: UpdateClock = realClock,
  ) {}

  /** Queues `send` as the newest content for message `key`; an older queued send is dropped. */
  submit(key: string, send: () => Promise<void>): Promise<void> {
    this.prune();
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { lastSentAt: -Infinity, running: false, timer: false };
      this.slots.set(key, slot);
    }
    const done = new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject };
      if (slot.pending) {
        slot.pending.send = send;
        slot.pending.waiters.push(waiter);
      } else slot.pending = { send, waiters: [waiter] };
    });
    this.schedule(slot);
    return done;
  }

  private schedule(slot: Slot): void {
    if (slot.running || slot.timer || !slot.pending) return;
    const wait = slot.lastSentAt + this.minIntervalMs - this.clock.now();
    if (wait <= 0) {
      void this.flush(slot);
      return;
    }
    slot.timer = true;
    this.clock.setTimer(() => {
      slot.timer = false;
      void this.flush(slot);
    }, wait);
  }

  private async flush(slot: Slot): Promise<void> {
    const pending = slot.pending;
    if (!pending) return;
    slot.pending = undefined;
    slot.running = true;
    slot.lastSentAt = this.clock.now();
    try {
      await pending.send();
      for (const w of pending.waiters) w.resolve();
    } catch (error) {
      for (const w of pending.waiters) w.reject(error);
    } finally {
      slot.running = false;
      this.schedule(slot);
    }
  }

  /** Forgets idle messages whose interval has passed. */
  private prune(): void {
    const now = this.clock.now();
    for (const [key, slot] of this.slots) {
      if (!slot.running && !slot.timer && !slot.pending && slot.lastSentAt + this.minIntervalMs <= now) this.slots.delete(key);
    }
  }
}
