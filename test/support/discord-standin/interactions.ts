/**
 * Interaction responses and the interaction token's webhook: the callback route (3 s, one per interaction,
 * types that fit), then follow-ups, edits and deletes with the token (15 minutes, a deferral's visibility).
 */
import { callbackProblems, LIMITS, messageProblems } from '../discord-rules.js';
import { createMessage, editMessage, isEphemeral } from './messages.js';
import type { StandInState } from './state.js';
import type { RecordedRequest } from './types.js';

/** An interaction Discord sent: its token and the clock of its 3 s and 15 min rules start now. */
export function remember(state: StandInState, interaction: any): void {
  state.interactions.set(interaction.id, interaction);
  if (interaction.token) state.interactionsByToken.set(interaction.token, interaction);
  state.createdAt.set(interaction.id, state.now());
}

/** Create Interaction Response: POST /interactions/<id>/<token>/callback, at most once and within 3 s. */
export function callback(state: StandInState, interactionId: string, token: string, body: any, request: RecordedRequest): [number, unknown] {
  const interaction = state.interactions.get(interactionId);
  if (!interaction || interaction.token !== token) return [404, { message: 'Unknown interaction', code: 10062 }];
  if (state.acknowledged.has(interactionId)) {
    return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
  }
  const age = state.now() - (state.createdAt.get(interactionId) ?? state.now());
  if (age > LIMITS.initialResponseMs) {
    state.violations.push(`${request.method} ${request.path}: initial response ${age} ms after the interaction (max ${LIMITS.initialResponseMs})`);
    return [404, { message: 'Unknown interaction', code: 10062 }];
  }
  const modalFromComponent = interaction.type === 5 && interaction.message !== undefined;
  const bad = state.invalid(request, callbackProblems(interaction.type, body?.type, body?.data, modalFromComponent));
  if (bad) return bad;
  state.acknowledged.add(interactionId);
  const channelId = interaction.channel_id as string;
  switch (body?.type) {
    case 4: // reply
    case 5: {
      // deferred reply: a "thinking" message that later edits fill in
      const message = createMessage(state, channelId, body.type === 4 ? (body.data ?? {}) : { flags: body.data?.flags }, request, token, interaction);
      state.originals.set(token, message.id);
      if (body.type === 5) state.deferredReplies.add(token);
      break;
    }
    case 6: // deferred update
    case 7: {
      // update the message the component is on
      const source = interaction.message?.id as string | undefined;
      if (!source) return [400, { message: 'Interaction has no message', code: 50035 }];
      state.originals.set(token, source);
      const stored = state.messages.get(source);
      if (body.type === 7 && stored) editMessage(state, stored, body.data ?? {}, request);
      break;
    }
    case 8: // autocomplete result
    case 9: // modal
      break;
    default:
      state.acknowledged.delete(interactionId);
      return [400, { message: 'Invalid interaction response type', code: 50035 }];
  }
  return request.query.get('with_response') === 'true' ? [200, { interaction: { id: interactionId } }] : [204, null];
}

/** The interaction's webhook, /webhooks/<app>/<token>[/messages/<id | @original>]: follow-ups, and reading, editing and deleting its messages. */
export function webhook(state: StandInState, method: string, token: string, target: string | undefined, body: any, request: RecordedRequest): [number, unknown] {
  const interaction = state.interactionsByToken.get(token);
  if (interaction && state.now() - (state.createdAt.get(interaction.id) ?? 0) > LIMITS.tokenLifetimeMs) {
    state.violations.push(`${method} ${request.path}: interaction token used after ${LIMITS.tokenLifetimeMs / 60_000} minutes`);
    return [401, { message: 'Invalid Webhook Token', code: 50027 }];
  }
  if (method === 'POST' || method === 'PATCH') {
    const bad = state.invalid(request, messageProblems(body));
    if (bad) return bad;
  }
  if (method === 'POST' && !target) {
    if (!interaction || !state.acknowledged.has(interaction.id)) return [404, { message: 'Unknown Webhook', code: 10015 }];
    if (state.deferredReplies.delete(token)) return firstFollowUpAfterDefer(state, token, body, request);
    if (state.deletedDeferrals.delete(token)) {
      state.violations.push(`POST ${request.path}: a follow-up after deleting a deferred reply (undocumented: choose the visibility when deferring)`);
    }
    return [200, createMessage(state, interaction.channel_id, body, request, token, interaction)];
  }
  const messageId = target === '@original' ? state.originals.get(token) : target;
  const stored = messageId ? state.messages.get(messageId) : undefined;
  if (!stored) return [404, { message: 'Unknown Message', code: 10008 }];
  // By id, an interaction's webhook reaches only its own follow-ups (and its response); @original is
  // its response, or for a component's interaction the message the component is on.
  if (target !== '@original' && stored.interaction_token !== token && stored.id !== state.originals.get(token)) {
    state.violations.push(`${method} ${request.path}: message ${stored.id} is not this interaction's response or one of its follow-ups`);
    return [404, { message: 'Unknown Message', code: 10008 }];
  }
  if (method === 'PATCH') {
    // An edit fills a deferred reply: later follow-ups are messages of their own.
    if (target === '@original') state.deferredReplies.delete(token);
    return [200, editMessage(state, stored, body, request)];
  }
  if (method === 'DELETE') {
    state.messages.delete(stored.id);
    if (target === '@original' && state.deferredReplies.delete(token)) state.deletedDeferrals.add(token);
    return [204, null];
  }
  if (method === 'GET') return [200, stored];
  return [405, { message: '405: Method Not Allowed', code: 0 }];
}

/**
 * Discord: the first follow-up after a deferred reply fills in that "thinking" message, and it
 * keeps the visibility chosen when deferring (a follow-up cannot turn it private or public).
 */
function firstFollowUpAfterDefer(state: StandInState, token: string, body: any, request: RecordedRequest): [number, unknown] {
  const original = state.messages.get(state.originals.get(token) ?? '');
  if (!original) return [404, { message: 'Unknown Message', code: 10008 }];
  const wantsEphemeral = isEphemeral(body);
  if (body?.flags !== undefined && wantsEphemeral !== isEphemeral(original)) {
    state.violations.push(`POST ${request.path}: the first follow-up after a deferred reply keeps the deferral's visibility; flags ${body.flags} are ignored`);
  }
  const { flags: _ignored, ...content } = body ?? {};
  return [200, editMessage(state, original, content, request)];
}
