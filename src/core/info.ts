/** Read-mostly commands: leaderboard, stats, deck list and deck import. */
import type { Caller, CoreDeps } from './context.js';
import { UserError } from './errors.js';
import { cardKey, parseDeck, slugify } from './decks/parse.js';
import type { Outcome } from './messages.js';
import { freezesLeft, isStreakAlive } from './streaks.js';
import { parseBoardPeriod, periodLabel, periodStart } from './periods.js';
import { canonicalTimeZone, formatInZone, isValidTimeZone } from './time.js';
import { decksMessage, leaderboardMessage, statsMessage } from './views.js';

const LEADERBOARD_SIZE = 10;

const SCOPES: Record<string, 'workspace' | 'channel'> = {
  server: 'workspace',
  workspace: 'workspace',
  team: 'workspace',
  guild: 'workspace',
  all: 'workspace',
  channel: 'channel',
  here: 'channel',
};

export async function leaderboard(deps: CoreDeps, caller: Caller, scopeArg?: string, periodArg?: string): Promise<Outcome> {
  const scope = pick(SCOPES, scopeArg, 'workspace', 'scope', 'server or channel');
  const period = parseBoardPeriod(periodArg);
  if (period === 'game') throw new UserError('Games are not enabled on this bot, so there is no last game to show.');
  const board = await deps.store.leaderboard({
    workspaceId: caller.user.workspaceId,
    channelId: scope === 'channel' ? caller.actor.channelId : undefined,
    since: periodStart(period, deps.clock.now(), caller.user.timeZone),
    userId: caller.user.userId,
    limit: LEADERBOARD_SIZE,
  });
  return { reply: leaderboardMessage(board, scope === 'channel' ? 'this channel' : 'everyone', periodLabel(period)) };
}

function pick<T>(table: Record<string, T>, raw: string | undefined, fallback: T, name: string, expected: string): T {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = table[raw.trim().toLowerCase()];
  if (value === undefined) throw new UserError(`Unknown ${name} "${raw}". Use ${expected}.`);
  return value;
}

export async function stats(deps: CoreDeps, caller: Caller): Promise<Outcome> {
  const now = deps.clock.now();
  const [userStats, streak] = await Promise.all([deps.store.userStats(caller.user.userId, now), deps.store.streak(caller.user.userId)]);
  return {
    reply: statsMessage(
      caller.user.displayName,
      userStats,
      isStreakAlive(streak, now, caller.user.timeZone),
      streak?.longest ?? 0,
      freezesLeft(streak, now, caller.user.timeZone),
    ),
  };
}

export async function listDecks(deps: CoreDeps, caller: Caller): Promise<Outcome> {
  return { reply: decksMessage(await deps.store.listDecks(caller.user.workspaceId)) };
}

export async function importDeck(deps: CoreDeps, caller: Caller, filename: string, content: string): Promise<Outcome> {
  const parsed = parseDeck(filename, content);
  const slug = slugify(parsed.title);
  if (!slug) throw new UserError('The deck title must contain letters or digits.');
  const shadowed = (await deps.store.findDeck(caller.user.workspaceId, slug))?.builtIn ?? false;
  const result = await deps.store.importDeck({
    workspaceId: caller.user.workspaceId,
    slug,
    title: parsed.title,
    source: filename,
    cards: parsed.cards.map((card) => ({ ...card, key: cardKey(card.front) })),
  });
  const changes = [`${result.added} new`, `${result.updated} updated`, `${result.unchanged} unchanged`];
  if (result.archived > 0) changes.push(`${result.archived} removed (their history is kept)`);
  const note = shadowed ? `\nIt replaces the built-in \`${slug}\` deck in this workspace.` : '';
  return {
    reply: {
      title: '📥 Deck imported',
      text: `**${parsed.title}** as \`${slug}\`: ${parsed.cards.length} cards (${changes.join(', ')}).${note}\nTry \`/quiz ${slug}\`.`,
      visibility: 'private',
    },
  };
}

/** Shows or sets the caller's time zone: days for streaks and weeks for leaderboards are counted in it. */
export async function timeZone(deps: CoreDeps, caller: Caller, raw?: string): Promise<Outcome> {
  const wanted = raw?.trim();
  if (!wanted) {
    const now = formatInZone(deps.clock.now(), caller.user.timeZone);
    return { reply: { text: `Your time zone is **${caller.user.timeZone}** (it is ${now} there). Set it with \`/timezone Europe/Stockholm\`.`, visibility: 'private' } };
  }
  if (!isValidTimeZone(wanted)) {
    throw new UserError(`"${wanted}" is not a time zone I know. Use an IANA name such as Europe/Stockholm, America/New_York or UTC.`);
  }
  const canonical = canonicalTimeZone(wanted);
  await deps.store.setTimeZone(caller.user.userId, canonical);
  return { reply: { text: `Time zone set to **${canonical}**: streak days and weekly leaderboards now follow it.`, visibility: 'private' } };
}
