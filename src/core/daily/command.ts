/** `/daily on|off|status`: validates the raw options, changes the channel's settings, answers privately. */
import type { Actor, Command } from '../commands.js';
import { UserError } from '../errors.js';
import { privateText, type Message, type Outcome } from '../messages.js';
import { parseDailyAction } from '../options.js';
import type { Clock } from '../ports.js';
import { canonicalTimeZone, formatInZone, formatLocalTime, isValidTimeZone, parseLocalTime } from '../time.js';
import { nextPromptAt } from './next-prompt.js';
import type { DailyChannelKey, DailyMode, DailyStore } from './ports.js';

export type DailyCommand = Extract<Command, { type: 'daily' }>;

export const DEFAULT_WINDOW_HOURS = 12;
export const DEFAULT_LOCAL_TIME = '09:00';

export async function handleDailyCommand(actor: Actor, command: DailyCommand, deps: { store: DailyStore; clock: Clock }): Promise<Outcome> {
  try {
    const action = parseDailyAction(command.action);
    const channel: DailyChannelKey = { platform: actor.platform, workspaceExternalId: actor.workspaceId, channelId: actor.channelId };
    if (action === 'status') return { reply: await status(channel, deps) };
    if (!actor.canManage) {
      throw new UserError('Only people who can manage this server or workspace can turn daily cards on or off. `/daily status` is open to everyone.');
    }
    if (action === 'off') return { reply: await turnOff(channel, deps) };
    return { reply: await turnOn(channel, command, deps) };
  } catch (error) {
    if (error instanceof UserError) return { reply: privateText(error.message, 'Daily card') };
    throw error;
  }
}

async function turnOn(channel: DailyChannelKey, command: DailyCommand, deps: { store: DailyStore; clock: Clock }): Promise<Message> {
  const previous = await deps.store.getSettings(channel);

  const slug = command.deck?.trim();
  let deckId: number;
  if (slug) {
    const deck = await deps.store.findDeck(channel, slug);
    if (!deck) throw new UserError(`No deck called "${slug}" here. \`/decks\` lists the decks you can use.`);
    deckId = deck.id;
  } else if (previous) {
    deckId = previous.deck.id;
  } else {
    throw new UserError('Which deck? For example: `/daily on deck:gan time:09:00 tz:Europe/Stockholm`.');
  }

  const localTime = parseTimeOption(command.time, previous?.localTime ?? DEFAULT_LOCAL_TIME);
  const timeZone = parseZoneOption(command.tz, previous?.timeZone ?? 'UTC');
  const mode = parseModeOption(command.mode, previous?.mode ?? 'mcq');
  const windowMinutes = parseWindowOption(command.window, previous ? previous.windowMinutes / 60 : DEFAULT_WINDOW_HOURS) * 60;

  const now = deps.clock.now();
  const view = await deps.store.enable(channel, { deckId, localTime, timeZone, mode, windowMinutes }, now);
  const resumed = previous?.pausedReason ? '\nPosting had been paused; it is resumed.' : '';
  return privateText(
    `Daily cards are **on** for this channel: one card from **${view.deck.title}** every day at ${view.localTime} (${view.timeZone}), ` +
      `${view.mode === 'mcq' ? 'multiple choice' : 'typed answers'}, answer revealed after ${view.windowMinutes / 60} h.` +
      `\nNext card: ${formatInZone(nextPromptAt(view, now), view.timeZone)}.${resumed}`,
    'Daily card',
  );
}

async function turnOff(channel: DailyChannelKey, deps: { store: DailyStore; clock: Clock }): Promise<Message> {
  const was = await deps.store.disable(channel, deps.clock.now());
  return privateText(
    was ? 'Daily cards are **off** for this channel. A card already posted is still revealed when its window closes.' : 'Daily cards were not on for this channel.',
    'Daily card',
  );
}

async function status(channel: DailyChannelKey, deps: { store: DailyStore; clock: Clock }): Promise<Message> {
  const view = await deps.store.getSettings(channel);
  if (!view || !view.enabled) {
    return privateText('Daily cards are **off** for this channel. Someone who can manage it can start them with `/daily on deck:<deck> time:09:00 tz:<zone>`.', 'Daily card');
  }
  const now = deps.clock.now();
  const lines = [
    `Deck: **${view.deck.title}** (\`${view.deck.slug}\`)`,
    `Every day at ${view.localTime} (${view.timeZone}), ${view.mode === 'mcq' ? 'multiple choice' : 'typed answers'}, revealed after ${view.windowMinutes / 60} h.`,
  ];
  if (view.pausedReason) {
    lines.push(`**Paused**: ${view.pausedReason}`, 'Fix the bot\'s access to this channel, then run `/daily on` again to resume.');
  } else {
    lines.push(`Next card: ${formatInZone(nextPromptAt(view, now), view.timeZone)}`);
  }
  const last = view.recent.find((p) => p.state !== 'pending');
  if (last) lines.push(`Last: ${last.localDate} — ${last.state}${last.note ? ` (${last.note})` : ''}`);
  return privateText(lines.join('\n'), 'Daily card');
}

export function parseTimeOption(raw: string | undefined, fallback: string): string {
  if (raw === undefined || raw.trim() === '') return fallback;
  const t = parseLocalTime(raw);
  if (!t) throw new UserError(`"${raw}" is not a time. Use 24-hour HH:MM, for example \`time:09:00\` or \`time:18:30\`.`);
  return formatLocalTime(t);
}

export function parseZoneOption(raw: string | undefined, fallback: string): string {
  if (raw === undefined || raw.trim() === '') return fallback;
  const zone = raw.trim();
  if (!isValidTimeZone(zone)) throw new UserError(`"${raw}" is not a time zone I know. Use an IANA name such as \`Europe/Stockholm\`, \`America/New_York\` or \`UTC\`.`);
  return canonicalTimeZone(zone);
}

export function parseModeOption(raw: string | undefined, fallback: DailyMode): DailyMode {
  if (raw === undefined || raw.trim() === '') return fallback;
  const mode = raw.trim().toLowerCase();
  if (mode === 'mcq' || mode === 'typed') return mode;
  throw new UserError(`Unknown mode "${raw}". Use \`mode:mcq\` (multiple choice) or \`mode:typed\`.`);
}

/** Hours, 1–23: '12' or '12h'. */
export function parseWindowOption(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const m = /^(\d{1,2})\s*h?$/i.exec(raw.trim());
  const hours = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(hours) || hours < 1 || hours > 23) {
    throw new UserError(`"${raw}" is not a window I can use. Give whole hours from 1 to 23, for example \`window:12\` or \`window:6h\`.`);
  }
  return hours;
}
