/** What the gateway client (index.ts), the HTTP-interactions client (http-mode.ts) and the standalone REST (ops/senders.ts) share. */
import type { ClientOptions } from 'discord.js';
import { boundedCaches } from './caches.js';
import type { DiscordOptions } from './index.js';

/** REST options for a base URL without `/api` (a stand-in's, a rate-limit proxy's); none: Discord's. */
export function restBaseOptions(apiBase: string | undefined): { api?: string } {
  return apiBase ? { api: `${apiBase.replace(/\/+$/, '')}/api` } : {};
}

/**
 * Outgoing components, embeds and modals as they are: render.ts builds them as API JSON already (snake_case
 * keys, discord-api-types), and discord.js's default transformer would snake-case every key of every one
 * again through lodash, on every message: 13 µs a quiz message, about 3% of a button press's CPU.
 */
export const asApiJson = (json: unknown): unknown => json;

/** The REST base, bounded caches (caches.ts), and outgoing JSON left as rendered. */
export function commonClientOptions(options: Pick<DiscordOptions, 'apiBase' | 'cacheLimits'>): Pick<ClientOptions, 'makeCache' | 'rest' | 'jsonTransformer'> {
  return { makeCache: boundedCaches(options.cacheLimits), rest: restBaseOptions(options.apiBase), jsonTransformer: asApiJson };
}
