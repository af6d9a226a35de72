import { describe, expect, it } from 'vitest';
import { addDays, canonicalTimeZone, dueInstant, formatInZone, isValidTimeZone, localDateOf, parseLocalTime } from '../../src/core/time.js';

describe('dueInstant', () => {
  it('keeps 09:00 local across the spring and autumn changes', () => {
    expect(dueInstant('2026-03-28', '09:00', 'Europe/Stockholm').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(dueInstant('2026-03-29', '09:00', 'Europe/Stockholm').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(dueInstant('2026-10-24', '09:00', 'Europe/Stockholm').toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(dueInstant('2026-10-25', '09:00', 'Europe/Stockholm').toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(dueInstant('2026-03-08', '09:00', 'America/New_York').toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(dueInstant('2026-03-07', '09:00', 'America/New_York').toISOString()).toBe('2026-03-07T14:00:00.000Z');
  });

  it('moves a time inside the spring-forward gap to the first valid minute after it', () => {
    // Stockholm 29 March 2026: 02:00 CET -> 03:00 CEST (01:00Z).
    expect(dueInstant('2026-03-29', '02:30', 'Europe/Stockholm').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(dueInstant('2026-03-29', '02:00', 'Europe/Stockholm').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(dueInstant('2026-03-29', '03:00', 'Europe/Stockholm').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    // New York 8 March 2026: 02:00 EST -> 03:00 EDT (07:00Z).
    expect(dueInstant('2026-03-08', '02:15', 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z');
    // Lord Howe shifts by 30 minutes: 02:00 -> 02:30 on 4 Oct 2026.
    expect(dueInstant('2026-10-04', '02:10', 'Australia/Lord_Howe').toISOString()).toBe(dueInstant('2026-10-04', '02:30', 'Australia/Lord_Howe').toISOString());
  });

  it('picks the earlier instant of a repeated autumn time', () => {
    // Stockholm 25 October 2026: 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
    expect(dueInstant('2026-10-25', '02:30', 'Europe/Stockholm').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(dueInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('handles zones far from UTC and half-hour offsets', () => {
    expect(dueInstant('2026-06-01', '09:00', 'Pacific/Kiritimati').toISOString()).toBe('2026-05-31T19:00:00.000Z');
    expect(dueInstant('2026-06-01', '09:00', 'Asia/Kolkata').toISOString()).toBe('2026-06-01T03:30:00.000Z');
    expect(dueInstant('2026-06-01', '00:00', 'UTC').toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });
});

describe('local dates and parsing', () => {
  it('finds the calendar date in a zone', () => {
    expect(localDateOf(new Date('2026-03-20T23:30:00Z'), 'Europe/Stockholm')).toBe('2026-03-21');
    expect(localDateOf(new Date('2026-03-20T23:30:00Z'), 'America/New_York')).toBe('2026-03-20');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('parses 24h times and zones strictly', () => {
    expect(parseLocalTime('09:00')).toEqual({ hour: 9, minute: 0 });
    expect(parseLocalTime('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseLocalTime('23:59')).toEqual({ hour: 23, minute: 59 });
    for (const bad of ['24:00', '9am', '09:60', '0900', '', '09:00:00']) expect(parseLocalTime(bad)).toBeNull();
    expect(isValidTimeZone('Europe/Stockholm')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(canonicalTimeZone('europe/stockholm')).toBe('Europe/Stockholm');
    expect(formatInZone(new Date('2026-03-29T07:00:00Z'), 'Europe/Stockholm')).toBe('Sun 29 Mar, 09:00 (Europe/Stockholm)');
  });
});
