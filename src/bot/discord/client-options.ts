/** What the gateway client (index.ts), the HTTP-interactions client (http-mode.ts) and the standalone REST (ops/senders.ts) share. */
import type { ClientOptions } from 'discord.js';
import { boundedCaches } from './caches.js';
import type { DiscordOptions } from './index.js';

/** REST options for a base URL without `/api` (a stand-in's, a rate-limit proxy's); none: Discord's. */
export function restBaseOptions(apiBase: string | undefined): { api?: string } {
  return apiBase ? { api: `${apiBase.replace(/\/+$/, '')}/api` } : {};
}

/** The REST base and bounded caches (caches.ts). */
export function commonClientOptions(options: Pick<DiscordOptions, 'apiBase' | 'cacheLimits'>): Pick<ClientOptions, 'makeCache' | 'rest'> {
  return { makeCache: boundedCaches(options.cacheLimits), rest: restBaseOptions(options.apiBase) };
}
