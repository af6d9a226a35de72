/**
 * Remembers which Slack deliveries this process has taken on, so a re-sent request (Slack retries
 * with X-Slack-Retry-Num when it thinks we were slow) is acknowledged but not acted on twice.
 * The core's idempotence keys are the durable guard (across restarts and replicas); this one
 * also spares the user a second copy of the reply.
 */
export class RecentDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time a key is seen (within the ttl); false for a repeat. */
  claim(key: string): boolean {
    const now = this.now();
    this.prune(now);
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > now) return false;
    this.seen.set(key, now + this.ttlMs);
    return true;
  }

  /** Forget a key whose handling failed, so Slack's retry gets a real second chance. */
  release(key: string): void {
    this.seen.delete(key);
  }

  private prune(now: number): void {
    // Map keeps insertion order, so the oldest entries come first.
    for (const [key, expires] of this.seen) {
      if (expires > now && this.seen.size < this.maxEntries) break;
      this.seen.delete(key);
    }
  }
}
