/**
 * Senders for a process that runs the scheduler without the chat adapters (`--only scheduler`):
 * plain REST/Web API clients, no gateway or socket connection, so the scheduler can post daily
 * prompts while the adapters scale on their own.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { restBaseOptions } from '../bot/discord/client-options.js';
import { DiscordRest } from '../bot/discord/rest.js';
import { createDiscordSender } from '../bot/discord/sender.js';
import { chatUpdateClient, slackClientOptions } from '../bot/slack/clients.js';
import { createSlackSender } from '../bot/slack/channel-sender.js';
import { SlackPoster } from '../bot/slack/sender.js';
import { createUpdateCoalescer, type UpdateBudgetOptions } from '../bot/slack/update-budget.js';
import type { Sender } from '../core/ports.js';
import type { DiscordConfig, SlackConfig } from '../config.js';

export function standaloneDiscordSender(config: DiscordConfig): Sender {
  // DiscordRest: a failed post is resent only where that is safe (call-retries.ts).
  const rest = new DiscordRest({ version: '10', ...restBaseOptions(config.apiBase) });
  rest.setToken(config.token);
  return createDiscordSender(rest);
}

export function standaloneSlackSender(config: SlackConfig, log?: Logger, budget: UpdateBudgetOptions = {}): Sender {
  const options = slackClientOptions(config.apiUrl);
  const client = new webApi.WebClient(config.botToken, options);
  // chat.update goes through a client of its own, as in the adapter (clients.ts). With `budget.updateBudget` its
  // edits take from the workspace's budget in Postgres, with the adapters' own.
  const poster = new SlackPoster(client, chatUpdateClient(config.botToken, options), log, createUpdateCoalescer(budget, log));
  return createSlackSender(poster, { log });
}
