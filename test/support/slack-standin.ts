/**
 * A local stand-in for Slack's Web API (and the URLs Slack hands out: response_url, file upload
 * URLs). It answers the methods the adapter uses the way Slack does (HTTP 200, `ok: false` with an
 * error code on failure) and records every call so tests can assert on what the bot sent.
 *
 * It is strict where Slack is (slack-rules.ts): Block Kit limits, scopes from the app manifest,
 * trigger_ids that live 3 s and work once, response_urls good for 5 uses in 30 minutes,
 * `not_in_channel` where the bot has not joined, chat.update's rate (50 a minute in the workspace: 429 with the
 * Retry-After until the oldest of them is a minute old), `message_not_found` for an update
 * of a message it never posted in that channel or deleted since (deleteMessage), 429 with Retry-After,
 * presses only of a button on a message it shows (pressed: anything else throws in the test), a new block_id in every iteration of
 * a message (chat.update, or replace_original through a response_url). It keeps
 * what the bot posted (with its message metadata: malformed metadata is refused, an event_type Slack
 * does not accept is ignored with a warning) for conversations.history, which returns it newest first
 * between `oldest` and `latest` (both exclusive unless `inclusive`), `limit` at a time (default 100, at
 * most 999), and metadata only with include_all_metadata. Message ts are the stand-in clock's time, as Slack's are.
 * Faults to drive: a call left unanswered before it is carried out (hang), or carried out with its answer lost
 * (loseAnswer: what a timeout or a dropped connection after the request went out may hide).
 * Broken rules fail the call and land in `violations`. Time is `options.now`.
 *
 * The stand-in is split by concern under slack-standin/: types, state, rules (Block Kit, scopes, metadata),
 * web-api, views (trigger_ids), response-url, files, messages, server (HTTP, faults), socket-mode, wire.
 */
import type { AddressInfo } from 'node:net';
import { shareFile } from './slack-standin/files.js';
import { deleteMessage, earlierMessage, pressed } from './slack-standin/messages.js';
import { issueResponseUrl } from './slack-standin/response-url.js';
import { createStandInServer } from './slack-standin/server.js';
import { attachSocketMode } from './slack-standin/socket-mode.js';
import { createState } from './slack-standin/state.js';
import type { SlackStandIn, SlackStandInOptions } from './slack-standin/types.js';
import { issueTrigger } from './slack-standin/views.js';
import { apiMethods } from './slack-standin/web-api.js';

export type { ChannelKind, LostAnswer, RecordedCall, RecordedResponse, RecordedUpload, RenderedButton, SlackStandIn, SlackStandInOptions, StandInUser } from './slack-standin/types.js';
export { STANDIN_BOT_ID, STANDIN_BOT_USER, STANDIN_TEAM } from './slack-standin/types.js';

export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const state = createState(options);
  const { violations, notJoined, channelKinds, rateLimits, hangs, losses, calls, uploads, responses, users, failures, channelMessages } = state;
  const server = createStandInServer(state, apiMethods(state));
  const socketMode = attachSocketMode(server);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    violations,
    notJoined,
    channelKinds,
    issueTrigger: (id) => issueTrigger(state, id),
    pressed: (ts, actionId) => pressed(state, ts, actionId),
    earlierMessage: (channel, blocks, options) => earlierMessage(state, channel, blocks, options),
    rateLimit: (method, times, retryAfterSeconds) => void rateLimits.set(method, { times, retryAfterSeconds }),
    hang: (method, times) => void hangs.set(method, times),
    loseAnswer: (method, times, how = 'silent') => void losses.set(method, { times, how }),
    messagesIn: (channel) => channelMessages(channel).map(({ ts, text, blocks, metadata }) => ({ ts, text, blocks, ...(metadata ? { metadata } : {}) })),
    apiUrl: `${state.origin}/api/`,
    calls,
    uploads,
    responses,
    users,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id, replaces) => issueResponseUrl(state, id, replaces),
    fail: (method, error, times = 1) => void failures.set(method, { error, times }),
    deleteMessage: (channel, ts) => deleteMessage(state, channel, ts),
    shareFile: (name, bytes) => shareFile(state, name, bytes),
    async waitFor(check, timeoutMs = 5000, what = 'condition') {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`stand-in: timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    socketConnected: socketMode.socketConnected,
    sendEnvelope: socketMode.sendEnvelope,
    async close() {
      await new Promise<void>((resolve, reject) => {
        socketMode.close();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      // A passing test must not have broken a rule real Slack enforces; tests that break one on purpose clear `violations`.
      if (violations.length) throw new Error(`the bot broke Slack's documented rules:\n${violations.join('\n')}`);
    },
  };
}
