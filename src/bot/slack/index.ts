/**
 * The Slack adapter: a Bolt app in Socket Mode (app token) or HTTP mode (signing secret),
 * translating slash commands, button presses and modal submissions into core requests.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { StudyBotApi } from '../../core/bot.js';
import type { Sender } from '../../core/ports.js';
import type { RunningAdapter } from '../adapter.js';
import { InflightTracker } from '../inflight.js';
import { SlackDirectory } from './directory.js';
import { registerHandlers } from './handlers.js';
import { boltLogger } from './logger.js';
import { createSlackSender, SlackPoster } from './sender.js';
import { guardRequestAge } from './request-age.js';

export interface SlackOptions {
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
}

export type RunningSlack = RunningAdapter & { sender: Sender; port?: number };

export const DEFAULT_SLACK_PORT = 3000;
const STOP_GRACE_MS = 10_000;
/** The path Slack posts commands and interactions to in HTTP mode (the manifest's request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';

export async function startSlack(options: SlackOptions): Promise<RunningSlack> {
  const log = options.log?.child({ adapter: 'slack' });
  const logger = log ? boltLogger(log) : undefined;
  // Few quick retries: a 30-minute backoff would hold a user's reply hostage.
  const clientOptions = { slackApiUrl: options.apiUrl, retryConfig: { retries: 2, factor: 1.5, minTimeout: 200 } };

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

  const app = new App({ token: options.botToken, receiver, logger, clientOptions });
  const poster = new SlackPoster(app.client, log);
  const directory = new SlackDirectory(app.client, { log });

  const inflight = new InflightTracker();
  registerHandlers(app, { bot: options.bot, poster, directory, log, inflight });

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

  let stopped = false;
  return {
    name: 'slack',
    sender: createSlackSender(poster),
    port,
    isHealthy: () => !stopped && (server ? server.listening : connected),
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
      // Work acked before stop still gets its reply, within a grace period.
      if (!(await inflight.drain(STOP_GRACE_MS))) log?.warn({ pending: inflight.size }, 'slack: stopped with work still in flight');
    },
  };
}
