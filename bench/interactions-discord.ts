/**
 * Discord's side for bench/interactions.ts, in either mode, with the Discord stand-in
 * (test/support/discord-standin.ts): `http` POSTs each interaction, signed with Ed25519, to the bot's
 * endpoint and takes the HTTP answer as the acknowledgement; `gateway` sends it as an
 * INTERACTION_CREATE dispatch and takes the callback the bot then POSTs over REST.
 */
import { DiscordStandIn, type StoredMessage } from '../test/support/discord-standin.js';
import { InteractionFactory, str, type TestUser } from '../test/support/discord-interactions.js';
import type { PlatformDriver, PressResult } from './interactions-driver.js';

const APPLICATION_ID = '700000000000000001';
const GUILD_ID = '710000000000000001';
const TOKEN = 'bench-bot-token';

interface Round {
  factory: InteractionFactory;
  message: StoredMessage;
  answers: string[];
}

const player = (n: number): TestUser => ({ id: String(830000000000000000n + BigInt(n)), username: `u${n}`, globalName: `User ${n}` });

export async function discordDriver(mode: 'http' | 'gateway'): Promise<PlatformDriver> {
  // A long heartbeat: the stand-in's gateway is not what is measured.
  const standIn = await DiscordStandIn.start({ applicationId: APPLICATION_ID, token: TOKEN, heartbeatIntervalMs: 41_250 });
  let endpoints: string[] = [];
  const rounds: Round[] = [];
  let counted = 0;
  let replies = 0;
  let calls = 0;

  /** Counts the requests since the last look (the stand-in's log only grows): follow-ups are the verdicts. */
  const tally = () => {
    for (; counted < standIn.requests.length; counted++) {
      const request = standIn.requests[counted]!;
      if (request.method === 'POST' && request.path.startsWith('/webhooks/')) replies++;
      if (request.via !== 'http') calls++;
    }
  };

  /** Sends one interaction; resolves with the initial response as the stand-in took it. */
  const send = async (interaction: any, replica: number): Promise<{ ok: boolean; ms: number; body: any }> => {
    if (mode === 'http') {
      const answer = await standIn.deliver(endpoints[replica % endpoints.length]!, interaction);
      return { ok: answer.status === 200, ms: answer.ms, body: answer.body };
    }
    const started = performance.now();
    const callback = standIn.callbackFor(interaction.id, 30_000);
    standIn.interact(interaction);
    const request = await callback;
    return { ok: request.status === 200 || request.status === 204, ms: performance.now() - started, body: request.body };
  };

  return {
    replicaSetup: { apiBase: standIn.apiBase, publicKey: standIn.publicKeyHex, applicationId: APPLICATION_ID, guildId: GUILD_ID, token: TOKEN, signingSecret: '' },
    async attach(list) {
      endpoints = list;
    },
    async openRounds(count) {
      for (let q = rounds.length; q < count; q++) {
        const factory = new InteractionFactory(standIn, { guildId: GUILD_ID, channelId: String(740000000000000000n + BigInt(q)) });
        const quiz = factory.slash(player(999_999), 'quiz', [str('deck', 'gan'), str('mode', 'mcq')]);
        const answer = await send(quiz, 0);
        if (!answer.ok || answer.body?.type !== 4) throw new Error(`could not start question ${q}: ${JSON.stringify(answer.body).slice(0, 200)}`);
        const answers = (answer.body.data.components as any[])
          .flatMap((row) => row.components)
          .filter((button) => button.label !== 'Reveal')
          .map((button) => button.custom_id as string);
        rounds.push({ factory, message: standIn.originalOf(quiz.token)!, answers });
      }
    },
    async press(user, round, replica): Promise<PressResult> {
      const { factory, message, answers } = rounds[round]!;
      const { ok, ms } = await send(factory.button(player(user), message, answers[user % answers.length]!), replica);
      return { ok, ms };
    },
    replies() {
      tally();
      return replies;
    },
    calls() {
      tally();
      return calls;
    },
    violations: () => standIn.violations,
    close: () => standIn.close(),
  };
}
