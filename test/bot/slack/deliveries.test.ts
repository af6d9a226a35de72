import { describe, expect, it } from 'vitest';
import { RecentDeliveries } from '../../../src/bot/slack/deliveries.js';

describe('RecentDeliveries', () => {
  it('claims a key once within the ttl', () => {
    let now = 0;
    const seen = new RecentDeliveries(1_000, 100, () => now);
    expect(seen.claim('a')).toBe(true);
    expect(seen.claim('a')).toBe(false);
    expect(seen.claim('b')).toBe(true);
    now = 1_001;
    expect(seen.claim('a')).toBe(true);
  });

  it('lets a released key (failed handling) be claimed again', () => {
    const seen = new RecentDeliveries();
    expect(seen.claim('a')).toBe(true);
    seen.release('a');
    expect(seen.claim('a')).toBe(true);
  });

  it('forgets the oldest keys beyond its size bound', () => {
    const seen = new RecentDeliveries(60_000, 3, () => 0);
    for (const key of ['a', 'b', 'c', 'd']) expect(seen.claim(key)).toBe(true);
    // 'a' was evicted to keep at most 3 entries; the newer ones are still remembered.
    expect(seen.claim('d')).toBe(false);
    expect(seen.claim('a')).toBe(true);
  });
});
