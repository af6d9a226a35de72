/**
 * The Web API methods the adapter calls, answered as Slack does (`ok: false` with an error code on failure):
 * auth, chat (post, ephemeral, update at 50 a minute), conversations.history, users, Socket Mode's URL.
 */
import { SLACK_LIMITS } from '../slack-rules.js';
import { fileMethods } from './files.js';
import { keptMetadata, newIteration, remember } from './messages.js';
import type { StandInState } from './state.js';
import { STANDIN_BOT_ID, STANDIN_BOT_USER, STANDIN_TEAM, type ApiMethod, type StandInMessage } from './types.js';
import { viewMethods } from './views.js';
import { isTrue } from './wire.js';

/** Every method the stand-in answers, by name; any other answers unknown_method. */
export function apiMethods(state: StandInState): Record<string, ApiMethod> {
  const { now, violations, notJoined, updates, users, history, nextTs, mayPost, channelMessages } = state;
  return {
    'auth.test': () => ({ url: 'https://standin.slack.com/', team: 'Stand-in', user: 'studybot', team_id: STANDIN_TEAM, user_id: STANDIN_BOT_USER, bot_id: STANDIN_BOT_ID }),
    'chat.postMessage': (args) => {
      const channel = String(args.channel);
      if (!mayPost(channel)) return { ok: false, error: 'not_in_channel' };
      const ts = remember(state, nextTs(), args.blocks);
      newIteration(state, 'chat.postMessage', ts, args.blocks);
      const { metadata, warned } = keptMetadata(state, 'chat.postMessage', args.metadata);
      const message: StandInMessage = { type: 'message', ts, text: args.text, blocks: args.blocks, user: STANDIN_BOT_USER, bot_id: STANDIN_BOT_ID, ...(metadata ? { metadata } : {}) };
      channelMessages(channel).push(message);
      return { channel: args.channel, ts, message, ...warned };
    },
    // Newest first; `oldest`/`latest` bound the ts (exclusive unless `inclusive`); metadata only with include_all_metadata.
    'conversations.history': (args) => {
      const channel = String(args.channel);
      if (notJoined.has(channel)) return { ok: false, error: 'not_in_channel' };
      const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 999);
      const inclusive = isTrue(args.inclusive);
      const oldest = Number(args.oldest ?? 0);
      const latest = args.latest === undefined ? Infinity : Number(args.latest);
      const inRange = channelMessages(channel)
        .filter((m) => { const ts = Number(m.ts); return (inclusive ? ts >= oldest : ts > oldest) && (inclusive ? ts <= latest : ts < latest); })
        .reverse();
      const start = typeof args.cursor === 'string' && args.cursor ? Number(args.cursor.replace(/^page:/, '')) : 0;
      const page = inRange.slice(start, start + limit).map(({ metadata, ...m }) => (isTrue(args.include_all_metadata) && metadata ? { ...m, metadata } : m));
      const more = start + limit < inRange.length;
      return { messages: page, has_more: more, ...(more ? { response_metadata: { next_cursor: `page:${start + limit}` } } : {}) };
    },
    'chat.postEphemeral': (args) => {
      if (notJoined.has(String(args.channel))) return { ok: false, error: 'not_in_channel' };
      const ts = remember(state, nextTs(), args.blocks);
      newIteration(state, 'chat.postEphemeral', ts, args.blocks);
      return { message_ts: ts };
    },
    // A message the bot may not post beside (a private channel or DM it has not joined, where a slash
    // command's reply went through response_url) cannot be edited either: only its response_url replaces it.
    'chat.update': (args) => {
      if (!mayPost(String(args.channel))) return { ok: false, error: 'not_in_channel' };
      // Slack: "No message exists with the requested timestamp" (never posted there, or deleted since).
      const stored = history.get(String(args.channel))?.find((m) => m.ts === String(args.ts));
      if (!stored) return { ok: false, error: 'message_not_found' };
      const at = now();
      while (updates.length && updates[0]! <= at - 60_000) updates.shift();
      // Slack's limits are per method, per app, per workspace (the stand-in is one workspace): HTTP 429 with
      // Retry-After, the seconds until a call would be taken again (here: until the oldest ages out of the minute).
      if (updates.length >= SLACK_LIMITS.updatesPerMinute) {
        violations.push(`chat.update: more than ${SLACK_LIMITS.updatesPerMinute} in a minute`);
        return { ok: false, error: 'ratelimited', httpStatus: 429, retryAfter: Math.max(1, Math.ceil((updates[0]! + 60_000 - at) / 1000)) };
      }
      updates.push(at);
      newIteration(state, 'chat.update', String(args.ts), args.blocks);
      remember(state, String(args.ts), args.blocks);
      // Metadata left out keeps the message's own.
      const { metadata, warned } = keptMetadata(state, 'chat.update', args.metadata);
      Object.assign(stored, { text: args.text, blocks: args.blocks, ...(metadata ? { metadata } : {}) });
      return { channel: args.channel, ts: args.ts, text: args.text, ...warned };
    },
    ...viewMethods(state),
    'users.info': (args) => {
      const id = String(args.user);
      const user = users.get(id) ?? { id, name: id.toLowerCase(), real_name: id, tz: 'UTC' };
      return { user: { is_admin: false, is_owner: false, ...user, id } };
    },
    'apps.connections.open': () => ({ url: `${state.origin.replace(/^http/, 'ws')}/socket` }),
    'conversations.open': (args) => ({ channel: { id: `D${String(args.users)}` } }),
    ...fileMethods(state),
  };
}
