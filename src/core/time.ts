/** Wall-clock arithmetic in IANA time zones with Intl only (no tz database of our own). */

/** The zone's offset from UTC, in minutes, at `at` (e.g. +60 for Stockholm in winter). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant when the clocks in `timeZone` show `date` (YYYY-MM-DD) at `time` (HH:MM).
 * A time skipped by a spring-forward change resolves to the same wall time shifted by the gap
 * (02:30 -> 03:30); a repeated autumn time resolves to its first occurrence.
 */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Offsets in force half a day either side cover any single change near this wall time.
  const before = zoneOffsetMinutes(new Date(wall - 12 * 3_600_000), timeZone);
  const after = zoneOffsetMinutes(new Date(wall + 12 * 3_600_000), timeZone);
  const candidates = [wall - before * 60_000, wall - after * 60_000]
    .filter((instant) => instant + zoneOffsetMinutes(new Date(instant), timeZone) * 60_000 === wall)
    .sort((a, b) => a - b);
  // No candidate: the wall time falls in a spring-forward gap; the old offset moves it past the gap.
  return new Date(candidates[0] ?? wall - before * 60_000);
}

/** Monday 00:00 of the week containing `now`, in `timeZone`, as an instant. */
export function startOfLocalWeek(now: Date, timeZone: string): Date {
  const local = new Date(now.getTime() + zoneOffsetMinutes(now, timeZone) * 60_000);
  const daysSinceMonday = (local.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - daysSinceMonday));
  return zonedTimeToInstant(monday.toISOString().slice(0, 10), '00:00', timeZone);
}

/** Start of the local day containing `now`, as an instant. */
export function startOfLocalDay(now: Date, timeZone: string): Date {
  const local = new Date(now.getTime() + zoneOffsetMinutes(now, timeZone) * 60_000);
  return zonedTimeToInstant(local.toISOString().slice(0, 10), '00:00', timeZone);
}

/** "Tue 14:05" style label in a zone, for footers. */
export function formatLocal(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}
