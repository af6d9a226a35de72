/** /timezone: shows or sets the caller's time zone, in which streak days and leaderboard weeks are counted. */
import type { Caller, CoreDeps } from './context.js';
import { UserError } from './errors.js';
import { privateText, type Outcome } from './messages.js';
import { canonicalTimeZone, formatInZone, isValidTimeZone } from './time.js';

export async function timeZone(deps: CoreDeps, caller: Caller, raw?: string): Promise<Outcome> {
  const wanted = raw?.trim();
  if (!wanted) {
    const now = formatInZone(deps.clock.now(), caller.user.timeZone);
    return { reply: privateText(`Your time zone is **${caller.user.timeZone}** (it is ${now} there). Set it with \`/timezone Europe/Stockholm\`.`) };
  }
  if (!isValidTimeZone(wanted)) {
    throw new UserError(`"${wanted}" is not a time zone I know. Use an IANA name such as Europe/Stockholm, America/New_York or UTC.`);
  }
  const canonical = canonicalTimeZone(wanted);
  await deps.store.setTimeZone(caller.user.userId, canonical);
  return { reply: privateText(`Time zone set to **${canonical}**: streak days and weekly leaderboards now follow it.`) };
}
