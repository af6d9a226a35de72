/**
 * The Slack adapter: a Bolt app in Socket Mode (app token) or HTTP mode (signing secret),
 * translating slash commands, button presses and modal submissions into core requests.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { StudyBotApi } from '../../core/bot.js';
import type { Clock, Sender } from '../../core/ports.js';
import type { RunningAdapter } from '../adapter.js';
import { InteractionInbox, type InboxStore } from '../inbox.js';
import { InflightTracker } from '../inflight.js';
import { chatUpdateClient, slackClientOptions } from './clients.js';
import { SlackDirectory } from './directory.js';
import { registerHandlers, replayDelivery, type HandlerDeps, type SlackDelivery } from './handlers.js';
import { boltLogger } from './logger.js';
import { createSlackSender } from './channel-sender.js';
import { SlackPoster } from './sender.js';
import { guardRequestAge } from './request-age.js';
import { createUpdateCoalescer, type UpdateBudgetOptions } from './update-budget.js';

export interface SlackOptions extends UpdateBudgetOptions {
  bot: StudyBotApi;
  botToken: string;
  /** Socket Mode when set (xapp-...). */
  appToken?: string;
  /** HTTP mode: required when there is no app token. */
  signingSecret?: string;
  /** HTTP mode port; 0 picks a free one (tests). Default 3000. */
  port?: number;
  /** Web API base URL (default https://slack.com/api/); tests point it at a stand-in. */
  apiUrl?: string;
  log?: import('pino').Logger;
  /** Where deliveries are recorded before they are acked, and replayed from after a crash. */
  inbox?: InboxStore;
  /** How long a replica's unfinished delivery waits before another replays it (ms). */
  inboxLeaseMs?: number;
  clock?: Clock;
}

export type RunningSlack = RunningAdapter & { sender: Sender; port?: number };

export const DEFAULT_SLACK_PORT = 3000;
const STOP_GRACE_MS = 10_000;
/** A response_url takes replies for 30 minutes: a delivery older than that cannot be answered. */
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
/** The path Slack posts commands and interactions to in HTTP mode (the manifest's request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';

export async function startSlack(options: SlackOptions): Promise<RunningSlack> {
  const log = options.log?.child({ adapter: 'slack' });
  const logger = log ? boltLogger(log) : undefined;
  const clientOptions = slackClientOptions(options.apiUrl);

  let connected = false;
  let receiver: Receiver;
  if (options.appToken) {
    // The receiver hands installerOptions.clientOptions to its SocketModeClient: that is how
    // apps.connections.open follows apiUrl too (no OAuth installer is built without a client id).
    const socket = new SocketModeReceiver({
      appToken: options.appToken,
      logger,
      installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } },
    });
    socket.client.on('connected', () => (connected = true));
    socket.client.on('disconnected', () => (connected = false));
    receiver = socket;
  } else {
    if (!options.signingSecret) throw new Error('Slack HTTP mode needs a signing secret (or give an app token for Socket Mode)');
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: [SLACK_EVENTS_PATH],
      logger,
      // Ack first, work after: Slack wants an answer within 3 seconds.
      processBeforeResponse: false,
    });
    const http = receiver as HTTPReceiver;
    http.requestListener = guardRequestAge(http.requestListener, {
      onReject: (timestamp) => log?.warn({ timestamp }, 'slack: request timestamp outside the 5-minute window (401)'),
    });
  }

  // convoStore: false: Bolt's default in-memory conversation store is per process (wrong behind a load
  // balancer), unused here, and builds a rejected Error for every delivery.
  const app = new App({ token: options.botToken, receiver, logger, clientOptions, convoStore: false });
  // One coalescer for every chat.update: the adapter's and the scheduler's edits share the workspace's budget
  // (and, with updateBudget, other processes' edits too).
  // chat.update has a client of its own (clients.ts), with app.client's options (Bolt's logger among them).
  const updateClient = chatUpdateClient(options.botToken, app.webClientOptions);
  const poster = new SlackPoster(app.client, updateClient, log, createUpdateCoalescer(options, log));
  const directory = new SlackDirectory(app.client, { log });

  const inflight = new InflightTracker();
  const deps: HandlerDeps = { bot: options.bot, poster, directory, log, inflight };
  if (options.inbox) {
    deps.inbox = new InteractionInbox<SlackDelivery>({
      store: options.inbox,
      platform: 'slack',
      replay: (delivery) => inflight.run(() => replayDelivery(deps, delivery)),
      clock: options.clock,
      log,
      leaseMs: options.inboxLeaseMs,
      maxAgeMs: RESPONSE_URL_LIFETIME_MS,
    });
  }
  registerHandlers(app, deps);

  let port: number | undefined;
  let server: Server | undefined;
  if (options.appToken) {
    await app.start();
    connected = true;
  } else {
    server = (await app.start(options.port ?? DEFAULT_SLACK_PORT)) as Server;
    port = (server.address() as AddressInfo).port;
    log?.info({ port, path: SLACK_EVENTS_PATH }, 'slack: listening (HTTP mode)');
  }

  // Replays what a crashed process (this one before a restart, or another replica) acked and left unfinished.
  const sweeper = deps.inbox?.start();
  let stopped = false;
  return {
    name: 'slack',
    sender: createSlackSender(poster, { log, track: (sent) => void inflight.run(() => sent) }),
    port,
    isHealthy: () => !stopped && (server ? server.listening : connected),
    async stop() {
      if (stopped) return;
      stopped = true;
      await sweeper?.stop();
      await app.stop();
      // Work acked before stop still gets its reply, within a grace period.
      if (!(await inflight.drain(STOP_GRACE_MS))) log?.warn({ pending: inflight.size }, 'slack: stopped with work still in flight');
    },
  };
}
