/** Which prompts a channel's settings call for around `now` (pure: the scheduler inserts them). */
import { addDays, dueInstant, localDateOf } from '../core/time.js';
import type { PlannedPrompt, SettingsToPlan } from './ports.js';

/**
 * Yesterday's, today's and tomorrow's prompt in the channel's zone, leaving out any due before the
 * settings were turned on. Yesterday's matters after downtime: it is still posted if its window is
 * open, or recorded as skipped. Existing rows win on insert, so re-planning never duplicates.
 * `cache` shares due-time computations across channels with the same zone and time.
 */
export function planPrompts(settings: SettingsToPlan, now: Date, cache = new Map<string, Date>()): PlannedPrompt[] {
  const today = localDateOf(now, settings.timeZone);
  const out: PlannedPrompt[] = [];
  for (const offset of [-1, 0, 1]) {
    const localDate = addDays(today, offset);
    const key = `${settings.timeZone}|${localDate}|${settings.localTime}`;
    let dueAt = cache.get(key);
    if (!dueAt) {
      dueAt = dueInstant(localDate, settings.localTime, settings.timeZone);
      cache.set(key, dueAt);
    }
    if (dueAt.getTime() >= settings.since.getTime()) out.push({ settingsId: settings.settingsId, localDate, dueAt });
  }
  return out;
}
