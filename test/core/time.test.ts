import { describe, expect, it } from 'vitest';
import { startOfLocalDay, startOfLocalWeek, zonedTimeToInstant, zoneOffsetMinutes } from '../../src/core/time.js';

describe('zone arithmetic', () => {
  it('reads offsets in and out of daylight saving', () => {
    expect(zoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'Europe/Stockholm')).toBe(60);
    expect(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Europe/Stockholm')).toBe(120);
    expect(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('keeps 09:00 local at 09:00 across the spring and autumn changes', () => {
    expect(zonedTimeToInstant('2026-03-28', '09:00', 'Europe/Stockholm').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(zonedTimeToInstant('2026-03-29', '09:00', 'Europe/Stockholm').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(zonedTimeToInstant('2026-10-25', '09:00', 'Europe/Stockholm').toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('moves a skipped time forward and takes the first of a repeated time', () => {
    // 02:30 does not exist in Stockholm on 2026-03-29 (02:00 -> 03:00): it becomes 03:30 local.
    expect(zonedTimeToInstant('2026-03-29', '02:30', 'Europe/Stockholm').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 2026-10-25 (03:00 -> 02:00): the first is 00:30 UTC.
    expect(zonedTimeToInstant('2026-10-25', '02:30', 'Europe/Stockholm').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('finds the local Monday and midnight', () => {
    // Sunday 23:30 in Stockholm is still last week there, though Monday in Tokyo.
    const now = new Date('2026-03-08T22:30:00Z');
    expect(startOfLocalWeek(now, 'Europe/Stockholm').toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(startOfLocalWeek(now, 'Asia/Tokyo').toISOString()).toBe('2026-03-08T15:00:00.000Z');
    expect(startOfLocalDay(now, 'Europe/Stockholm').toISOString()).toBe('2026-03-07T23:00:00.000Z');
  });
});
