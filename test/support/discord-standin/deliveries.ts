/**
 * Outgoing webhooks (HTTP interactions mode): an interaction POSTed to the bot's endpoint, signed with the
 * application's Ed25519 key, and the HTTP answer taken as the initial response under the callback's rules.
 */
import { sign } from 'node:crypto';
import { postText } from '../http-bodies.js';
import { callback, remember } from './interactions.js';
import type { StandInState } from './state.js';
import type { DeliveryTampering, HttpDelivery, RecordedRequest } from './types.js';

/**
 * POSTs `interaction` to a bot's Interactions Endpoint URL as Discord does: headers
 * X-Signature-Ed25519 (over timestamp + body) and X-Signature-Timestamp. A 200 JSON answer is the
 * initial response, checked and applied like a REST callback (recorded with `via: 'http'`, so
 * callbackFor() finds it); anything else acknowledges nothing. PING (type 1) must get PONG.
 */
export async function deliver(state: StandInState, endpoint: string, interaction: any, tampering: DeliveryTampering = {}): Promise<HttpDelivery> {
  if (interaction.type !== 1) remember(state, interaction);
  const signedBody = JSON.stringify(interaction);
  const timestamp = tampering.timestamp ?? String(Math.floor(state.now() / 1000));
  const signature = tampering.signature ?? sign(null, Buffer.from(timestamp + signedBody), state.keys.privateKey).toString('hex');
  let settle!: () => void;
  if (interaction.token) state.pendingDeliveries.set(interaction.token, new Promise<void>((resolve) => (settle = resolve)));
  const started = performance.now();
  try {
    const response = await postText(
      endpoint,
      {
        'content-type': 'application/json',
        'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
        ...(tampering.unsigned ? {} : { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }),
      },
      tampering.body ?? signedBody,
    );
    const { text } = response;
    const ms = performance.now() - started;
    const contentType = response.headers['content-type'];
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    if (response.status === 200) applyHttpAnswer(state, interaction, body, contentType);
    return { status: response.status, body, contentType, ms };
  } finally {
    if (interaction.token) {
      state.pendingDeliveries.delete(interaction.token);
      settle?.();
    }
  }
}

function applyHttpAnswer(state: StandInState, interaction: any, body: any, contentType: string | undefined): void {
  const where = `HTTP answer to interaction ${interaction.id}`;
  if (!contentType?.startsWith('application/json') || typeof body !== 'object' || body === null) {
    // Discord takes a JSON interaction response here; multipart (files) fails.
    state.violations.push(`${where}: not a JSON interaction response (${contentType ?? 'no content type'})`);
    return;
  }
  if (interaction.type === 1) {
    if (body.type !== 1) state.violations.push(`${where}: a PING must be answered with PONG (type 1), got type ${body.type}`);
    return;
  }
  const request: RecordedRequest = {
    method: 'POST',
    path: `/interactions/${interaction.id}/${interaction.token}/callback`,
    query: new URLSearchParams(),
    authorization: undefined,
    body,
    files: [],
    status: 0,
    at: Date.now(),
    via: 'http',
  };
  const [status] = callback(state, interaction.id, interaction.token, body, request);
  request.status = status;
  if (status < 300 && state.webhookLag > 0) state.laggingWebhooks.set(interaction.token, state.webhookLag);
  state.record(request);
}
