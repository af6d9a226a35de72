/**
 * Wall-clock time in an IANA zone, without a date library: Intl tells us the zone's offset at
 * an instant, and we search the (at most two) offsets around a local time for the instants that
 * show it. Daily prompts, streak days and leaderboard weeks all count time through here. DST rules:
 * - a local time that does not exist (spring-forward gap) fires at the first valid minute after;
 * - a local time that exists twice (autumn fall-back) fires once, at the earlier instant.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Canonical spelling of a zone the user typed (e.g. 'europe/stockholm' -> 'Europe/Stockholm'). */
export function canonicalTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function wallClockAt(instant: Date, timeZone: string): WallClock & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset (local minus UTC, ms) in force at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClockAt(new Date(instant), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (instant % 1000 + 1000) % 1000);
}

/** The instants at which the wall clock in `timeZone` shows `wall` (0, 1 or 2 of them), earliest first. */
function instantsShowing(wall: number, timeZone: string): number[] {
  // Offsets a day either side cover every real transition (none is closer than that to another).
  const offsets = new Set([offsetAt(wall - 24 * HOUR, timeZone), offsetAt(wall, timeZone), offsetAt(wall + 24 * HOUR, timeZone)]);
  const found = new Set<number>();
  for (const off of offsets) {
    const candidate = wall - off;
    if (offsetAt(candidate, timeZone) === off) found.add(candidate);
  }
  return [...found].sort((a, b) => a - b);
}

export function parseLocalDate(localDate: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!m) throw new Error(`bad local date ${localDate}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** 'HH:MM' 24h -> minutes since midnight, or null when malformed. Accepts 'H:MM' too. */
export function parseLocalTime(value: string): { hour: number; minute: number } | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

export function formatLocalTime(t: { hour: number; minute: number }): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/**
 * The instant a prompt for `localDate` at `localTime` ('HH:MM') in `timeZone` is due.
 * Gap: first valid minute after. Overlap: the earlier of the two instants.
 */
export function dueInstant(localDate: string, localTime: string, timeZone: string): Date {
  const { year, month, day } = parseLocalDate(localDate);
  const time = parseLocalTime(localTime);
  if (!time) throw new Error(`bad local time ${localTime}`);
  const wall = Date.UTC(year, month - 1, day, time.hour, time.minute);
  // Gaps are at most a few hours (usually one); walk forward minute by minute until the clock shows a real time.
  for (let shift = 0; shift <= 24 * 60; shift++) {
    const hits = instantsShowing(wall + shift * MINUTE, timeZone);
    if (hits.length > 0) return new Date(hits[0] as number);
  }
  throw new Error(`no valid local time near ${localDate} ${localTime} in ${timeZone}`);
}

/** The calendar date (YYYY-MM-DD) at `instant` in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** `localDate` moved by `days` calendar days. */
export function addDays(localDate: string, days: number): string {
  const { year, month, day } = parseLocalDate(localDate);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return d.toISOString().slice(0, 10);
}

/** 'Thu 27 Nov, 09:00 (Europe/Stockholm)' — for status lines. */
export function formatInZone(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  return `${text} (${timeZone})`;
}

/** Start of the local day containing `now`, as an instant. */
export function startOfLocalDay(now: Date, timeZone: string): Date {
  return dueInstant(localDateOf(now, timeZone), '00:00', timeZone);
}

/** Monday 00:00 of the local week containing `now`, as an instant. */
export function startOfLocalWeek(now: Date, timeZone: string): Date {
  const today = localDateOf(now, timeZone);
  const { year, month, day } = parseLocalDate(today);
  const daysSinceMonday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return dueInstant(addDays(today, -daysSinceMonday), '00:00', timeZone);
}

/** The 1st of the local month containing `now`, 00:00, as an instant. */
export function startOfLocalMonth(now: Date, timeZone: string): Date {
  return dueInstant(`${localDateOf(now, timeZone).slice(0, 8)}01`, '00:00', timeZone);
}
