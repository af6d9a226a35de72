/**
 * Starts the real Discord adapter in HTTP interactions mode, as one or more replicas, against the
 * local Discord stand-in, which signs and POSTs interactions to them like Discord's outgoing webhook.
 */
import pino from 'pino';
import type { StudyBotApi } from '../../src/core/bot.js';
import { startDiscord, type DiscordOptions } from '../../src/bot/discord/index.js';
import type { DiscordHttpAdapter } from '../../src/bot/discord/http-mode.js';
import { DiscordStandIn, type DeliveryTampering, type HttpDelivery, type RecordedRequest } from './discord-standin.js';
import { InteractionFactory } from './discord-interactions.js';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, TOKEN } from './discord-harness.js';

export interface HttpHarness {
  standIn: DiscordStandIn;
  replicas: DiscordHttpAdapter[];
  guild: InteractionFactory;
  logs: { level: number; msg: string; [key: string]: unknown }[];
  /** Delivers to replica `replica` (default 0) and returns its HTTP answer. */
  deliver(interaction: any, replica?: number, tampering?: DeliveryTampering): Promise<HttpDelivery>;
  /** Delivers, expects 200, and returns the initial response as the stand-in recorded it. */
  send(interaction: any, replica?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export interface HttpHarnessOptions {
  replicas?: number;
  allowViolations?: boolean;
  /** The bots' clock for the signature timestamp check and webhook retries. */
  now?: () => number;
  /** The bots' pause between webhook retries (tests: move a fake clock instead of waiting). */
  sleep?: (ms: number) => Promise<void>;
}

/** One bot for every replica, or one each (separate cores on one database, as separate processes would have). */
export async function startHttpHarness(
  bot: StudyBotApi | StudyBotApi[],
  extra: Partial<DiscordOptions> = {},
  options: HttpHarnessOptions = {},
): Promise<HttpHarness> {
  const standIn = await DiscordStandIn.start({ applicationId: APPLICATION_ID, token: TOKEN });
  const logs: HttpHarness['logs'] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const replicas: DiscordHttpAdapter[] = [];
  try {
    for (let i = 0; i < (options.replicas ?? 1); i++) {
      const adapter = await startDiscord({
        bot: Array.isArray(bot) ? bot[i % bot.length]! : bot,
        token: TOKEN,
        applicationId: APPLICATION_ID,
        guildId: GUILD_ID,
        apiBase: standIn.apiBase,
        log: log.child({ replica: i }),
        http: { publicKey: standIn.publicKeyHex, port: 0, ...(options.now ? { now: options.now } : {}), ...(options.sleep ? { sleep: options.sleep } : {}) },
        ...extra,
      });
      replicas.push(adapter as DiscordHttpAdapter);
    }
  } catch (error) {
    for (const adapter of replicas) await adapter.stop();
    await standIn.close();
    throw error;
  }
  const deliver = (interaction: any, replica = 0, tampering?: DeliveryTampering) =>
    standIn.deliver(replicas[replica]!.endpoint, interaction, tampering);
  return {
    standIn,
    replicas,
    guild: new InteractionFactory(standIn, { guildId: GUILD_ID, channelId: CHANNEL_ID }),
    logs,
    deliver,
    async send(interaction, replica) {
      const answer = await deliver(interaction, replica);
      if (answer.status !== 200) throw new Error(`interactions endpoint answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return standIn.callbackFor(interaction.id);
    },
    async close() {
      for (const adapter of replicas) await adapter.stop();
      await standIn.close();
      if (!options.allowViolations && standIn.violations.length > 0) {
        throw new Error(`the bot broke Discord's documented rules:\n${standIn.violations.join('\n')}`);
      }
    },
  };
}
