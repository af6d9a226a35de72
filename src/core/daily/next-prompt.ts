/** When the channel's next daily prompt goes out, for /daily status. */
import { addDays, dueInstant, localDateOf } from '../time.js';
import type { DailySettingsView } from './ports.js';

export function nextPromptAt(view: Pick<DailySettingsView, 'localTime' | 'timeZone' | 'recent'>, now: Date): Date {
  // A planned prompt that has not gone out yet (e.g. due this minute) is the next one.
  const waiting = view.recent
    .filter((p) => p.state === 'pending' || p.state === 'posting')
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  if (waiting) return waiting.dueAt;
  const taken = new Set(view.recent.map((p) => p.localDate));
  const today = localDateOf(now, view.timeZone);
  for (let i = -1; i <= 2; i++) {
    const date = addDays(today, i);
    const due = dueInstant(date, view.localTime, view.timeZone);
    if (due.getTime() > now.getTime() && !taken.has(date)) return due;
  }
  return dueInstant(addDays(today, 3), view.localTime, view.timeZone);
}
