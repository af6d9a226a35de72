/**
 * Sleeps that wake() ends early: how the game-step runner's loops wait for their next look (a due
 * time, the poll) and are told at once of work this process made (a game started here). A wake that
 * comes while a loop is busy is not lost: the loop's next sleep, since the look it was busy with, ends at once.
 */
export class Wakeup {
  private readonly sleepers = new Set<() => void>();
  private wakes = 0;

  /** Where a loop is, for a sleep after it to end at once if a wake came since. */
  mark(): number {
    return this.wakes;
  }

  /** Ends after `ms`, at the next wake(), or at once after a wake since `since`; `cancel` ends it now, its timer cleared. */
  sleep(ms: number, since: number): { done: Promise<void>; cancel(): void } {
    if (since !== this.wakes) return { done: Promise.resolve(), cancel: () => {} };
    let cancel!: () => void;
    const done = new Promise<void>((resolve) => {
      cancel = () => {
        clearTimeout(timer);
        this.sleepers.delete(cancel);
        resolve();
      };
      const timer = setTimeout(cancel, ms);
      this.sleepers.add(cancel);
    });
    return { done, cancel };
  }

  wake(): void {
    this.wakes++;
    for (const sleeper of [...this.sleepers]) sleeper();
  }
}
