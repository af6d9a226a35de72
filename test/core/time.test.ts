import { describe, expect, it } from 'vitest';
import { startOfLocalDay, startOfLocalWeek } from '../../src/core/time.js';

describe('local day and week starts', () => {
  it('finds the local Monday and midnight', () => {
    // Sunday 23:30 in Stockholm is still last week there, though Monday in Tokyo.
    const now = new Date('2026-03-08T22:30:00Z');
    expect(startOfLocalWeek(now, 'Europe/Stockholm').toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(startOfLocalWeek(now, 'Asia/Tokyo').toISOString()).toBe('2026-03-08T15:00:00.000Z');
    expect(startOfLocalDay(now, 'Europe/Stockholm').toISOString()).toBe('2026-03-07T23:00:00.000Z');
  });

  it('counts a week that spans a DST change from local midnight', () => {
    // The week of 2026-03-23 starts in winter time (+01:00) and the clocks change on the 29th.
    expect(startOfLocalWeek(new Date('2026-03-29T12:00:00Z'), 'Europe/Stockholm').toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(startOfLocalWeek(new Date('2026-03-30T12:00:00Z'), 'Europe/Stockholm').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});
