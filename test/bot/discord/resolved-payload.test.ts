import { Client, Events, InteractionWebhook, MessagePayload, type ButtonInteraction, type Interaction } from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/core/messages.js';
import { commonClientOptions } from '../../../src/bot/discord/client-options.js';
import { renderMessage } from '../../../src/bot/discord/render.js';
import { replyOptions, updateOptions } from '../../../src/bot/discord/reply-options.js';
import { resolvedPayload } from '../../../src/bot/discord/resolved-payload.js';
import { InteractionFactory, type Place } from '../../support/discord-interactions.js';
import type { DiscordStandIn, StoredMessage } from '../../support/discord-standin.js';

const APPLICATION = '100000000000000001';
const client = new Client({ intents: [], ...commonClientOptions({}) });
afterAll(() => client.destroy());

/** A button press as discord.js builds it from a raw payload (as http-mode.ts does). */
function press(): ButtonInteraction {
  let next = 200000000000000000n;
  const ids = { id: () => String(next++), options: { applicationId: APPLICATION } } as unknown as DiscordStandIn;
  const place: Place = { guildId: '300000000000000001', channelId: '300000000000000002' };
  const message: StoredMessage = { id: '400000000000000001', channel_id: place.channelId, content: '', embeds: [], components: [], attachments: [], flags: 0, type: 0, author: { id: APPLICATION, username: 'studybot', discriminator: '0', avatar: null }, timestamp: '2026-12-04T00:00:00.000Z' };
  const payload = new InteractionFactory(ids, place).button({ id: '500000000000000001', username: 'ada' }, message, 'sb1:mcq:1:0');
  let built: Interaction | undefined;
  const capture = (interaction: Interaction) => (built = interaction);
  client.on(Events.InteractionCreate, capture);
  (client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions.InteractionCreate.handle(payload);
  client.off(Events.InteractionCreate, capture);
  return built as ButtonInteraction;
}

const question: Message = { title: 'Question 3 of 8', text: 'What does the discriminator do?', fields: [{ name: 'Answered', value: '12' }], footer: 'gan', visibility: 'public', choices: [0, 1, 2, 3].map((i) => ({ id: `sb1:mcq:1:${i}`, label: `Option ${i}` })) };
const verdict: Message = { title: 'Right!', text: 'It tells real images from generated ones.', visibility: 'private' };

/** What discord.js itself sends for `options`, as JSON (undefined fields dropped, as on the wire). */
const sentByDiscordJs = (target: Parameters<typeof MessagePayload.create>[0], options: object) =>
  JSON.parse(JSON.stringify(MessagePayload.create(target, options).resolveBody().body));

describe('resolvedPayload', () => {
  const interaction = press();
  const webhook = new InteractionWebhook(client as Client<true>, APPLICATION, interaction.token);

  it.each([
    ['an update of a public question', () => updateOptions(renderMessage(question)), interaction],
    ['a private follow-up', () => replyOptions(renderMessage(verdict)), webhook],
    ['a public reply with buttons', () => replyOptions(renderMessage(question)), interaction],
  ] as const)('gives the body discord.js would build: %s', (_, options, target) => {
    const payload = resolvedPayload(target, options());
    expect(payload).toBeInstanceOf(MessagePayload);
    const body = (payload as MessagePayload).resolveBody().body;
    expect(JSON.parse(JSON.stringify(body))).toEqual(sentByDiscordJs(target, options()));
    expect((payload as MessagePayload).files).toEqual([]);
  });

  it('leaves a message with files, or options it does not know, to discord.js', () => {
    const withFile = replyOptions(renderMessage({ text: 'a picture', visibility: 'public', files: [{ name: 'digit.png', bytes: new Uint8Array([1, 2, 3]), mime: 'image/png' }] } satisfies Message));
    expect(resolvedPayload(webhook, withFile)).toBe(withFile);
    const withContent = { ...replyOptions(renderMessage(verdict)), content: 'hi' };
    expect(resolvedPayload(webhook, withContent)).toBe(withContent);
  });
});
