/**
 * Slack events -> core requests; respond.ts sends the outcomes back. Every listener records the delivery
 * in the inbox, acks (Slack allows 3 s), and only then does the slow work; nothing here decides anything
 * the core should decide.
 */
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { StudyBotApi } from '../../core/bot.js';
import type { Actor, Command } from '../../core/commands.js';
import { parseId } from '../../core/ids.js';
import { privateText } from '../../core/messages.js';
import { typedAnswerProblem } from '../../core/options.js';
import type { InteractionInbox } from '../inbox.js';
import type { InflightTracker } from '../inflight.js';
import { RecentDeliveries } from './deliveries.js';
import { pressedKind } from './failed-updates.js';
import { downloadSharedFile } from './files.js';
import type { SlackDirectory } from './directory.js';
import { isSlashCommand, parseSlashCommand, SLASH_COMMANDS } from './parse.js';
import { MODAL_INPUT, renderPlaceholderModal } from './render.js';
import { unescapeControl } from './escaping.js';
import { deliver, pressedMessageRef, reportFailure, sourceTsOf, submissionOrigin, type Origin, type RespondDeps } from './respond.js';

/** Ids the core builds (core/ids.ts); anything else is not ours. */
const CORE_ID = /^sb\d+:/;
/** Exactly the commands the app's manifest declares. */
const SLASH_COMMAND_NAME = new RegExp(`^(?:${SLASH_COMMANDS.map((name) => name.replace('/', '\\/')).join('|')})$`);

export interface HandlerDeps extends RespondDeps {
  bot: StudyBotApi;
  directory: SlackDirectory;
  /** Work that continues after ack(); stop() waits for it. */
  inflight: InflightTracker;
  /** Deliveries are written here before they are acked, so a crash after the ack loses none (src/bot/inbox.ts). */
  inbox?: InteractionInbox<SlackDelivery>;
}

/** One delivery's work, as kept in the inbox: enough to do it again after a crash. */
export interface SlackDelivery {
  /** The core's interactionId: stable across Slack's retries and across a replay. */
  key: string;
  teamId: string;
  channelId: string;
  userId: string;
  userName?: string;
  command: Command;
  origin: Origin;
  /** `/deck import file:<link>`: the shared file, fetched when the work is done (its bytes stay out of the inbox). */
  file?: string;
}

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const deliveries = new RecentDeliveries();
  const { log } = deps;

  /**
   * Takes one delivery: duplicates (Slack retries, here or on another replica) are acked and dropped; a new
   * one is recorded in the inbox, then acked, then worked on. A press that only opens a form changes
   * nothing and cannot be replayed (its trigger_id lives 3 s), so it skips the inbox.
   */
  const take = async (delivery: SlackDelivery, retryNum: number | undefined, ack: () => Promise<void>, work: () => Promise<void>) => {
    const { key } = delivery;
    const inbox = opensForm(delivery.command) ? undefined : deps.inbox;
    const taken = !deliveries.claim(key) ? 'duplicate' : inbox ? await inbox.take(key, delivery) : 'new';
    await ack();
    if (taken === 'duplicate') {
      log?.info({ key, retryNum }, 'slack: duplicate delivery ignored');
      return;
    }
    try {
      await deps.inflight.run(work);
    } catch (error) {
      deliveries.release(key);
      await reportFailure(deps, delivery.origin, error);
    } finally {
      await inbox?.finish(key);
    }
  };

  // One listener for every command: Bolt runs each listener's matchers for every delivery, so one per
  // command name cost a press ~10 middleware chains (a tenth of Bolt's CPU in bench:interactions).
  app.command(SLASH_COMMAND_NAME, async ({ command, ack, context }) => {
    const origin: Origin = { channelId: command.channel_id, userId: command.user_id, responseUrl: command.response_url, triggerId: command.trigger_id };
    const parsed = isSlashCommand(command.command)
      ? parseSlashCommand(command.command, unescapeControl(command.text ?? ''))
      : ({ ok: false, usage: `Unknown command ${command.command}` } as const);
    if (!parsed.ok) {
      await ack();
      await deps.poster.postPrivate(origin.channelId, origin.userId, privateText(parsed.usage), origin.responseUrl).catch((error) => reportFailure(deps, origin, error));
      return;
    }
    // A retried slash command carries the same trigger_id.
    const key = `slack:c:${command.team_id}:${command.trigger_id}`;
    const delivery: SlackDelivery = {
      key,
      teamId: command.team_id,
      channelId: command.channel_id,
      userId: command.user_id,
      userName: command.user_name,
      command: parsed.command,
      origin,
      ...(parsed.file ? { file: parsed.file } : {}),
    };
    await take(delivery, context.retryNum, ack, () => processDelivery(deps, delivery));
  });

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: CORE_ID }, async ({ body, action, ack, context }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
    const messageTs = body.container?.message_ts ?? body.message?.ts;
    const origin: Origin = {
      channelId,
      userId: body.user.id,
      responseUrl: body.response_url,
      triggerId: body.trigger_id,
      message: messageTs
        ? {
            channelId,
            ts: messageTs,
            ephemeral: Boolean(body.container?.is_ephemeral),
            responseUrl: body.response_url,
            sourceTs: sourceTsOf(action),
          }
        : undefined,
    };
    // action_ts is the same on every retry of this press, and differs for the next press.
    const key = `slack:a:${teamId}:${body.user.id}:${action.action_ts}:${action.action_id}`;
    const delivery: SlackDelivery = { key, teamId, channelId, userId: body.user.id, userName: body.user.name ?? body.user.username, command: { type: 'press', id: action.action_id }, origin };
    await take(delivery, context.retryNum, ack, () => processDelivery(deps, delivery));
  });

  app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: CORE_ID }, async ({ body, view, ack, context }) => {
    const text = view.state.values[MODAL_INPUT.blockId]?.[MODAL_INPUT.actionId]?.value ?? '';
    // Slack can keep the form open and show the problem under the field, so the user can fix it there.
    const problem = typedAnswerProblem(text);
    if (problem) {
      await ack({ response_action: 'errors', errors: { [MODAL_INPUT.blockId]: problem } });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const userId = body.user.id;
    const origin = submissionOrigin(view.private_metadata, userId);
    const key = `slack:v:${teamId}:${userId}:${view.id}`;
    const delivery: SlackDelivery = { key, teamId, channelId: origin.channelId, userId, userName: body.user.name, command: { type: 'submit', id: view.callback_id, text }, origin };
    await take(delivery, context.retryNum, () => ack(), () => processDelivery(deps, delivery));
  });

  app.error(async (error) => {
    log?.error({ err: error }, 'slack: unhandled error');
  });
}

/** Does one delivery's work: the core's request, then its outcome back to Slack. */
async function processDelivery(deps: HandlerDeps, delivery: SlackDelivery): Promise<void> {
  let { origin } = delivery;
  // A press that opens a form opens it now, before any slow work: the trigger_id is good for 3 s only.
  if (opensForm(delivery.command) && origin.triggerId) {
    const placeholderViewId = await deps.poster.openModal(origin.triggerId, renderPlaceholderModal());
    origin = { ...origin, placeholderViewId, triggerId: undefined };
  }
  const actor = await actorFor(deps, delivery.teamId, delivery.channelId, delivery.userId, delivery.userName);
  const command = delivery.file ? await withSharedFile(deps, delivery.command, delivery.file) : delivery.command;
  await run(deps, actor, command, delivery.key, origin);
}

/** The inbox's replay of a delivery a crashed process acked but did not finish: its trigger_id is long gone. */
export function replayDelivery(deps: HandlerDeps, delivery: SlackDelivery): Promise<void> {
  return processDelivery(deps, { ...delivery, origin: { ...delivery.origin, triggerId: undefined } });
}

/** The core's "type your answer" button answers with a modal. */
function opensForm(command: Command): boolean {
  if (command.type !== 'press') return false;
  const kind = parseId(command.id)?.kind;
  return kind === 'type' || kind === 'rtype';
}

/** `/deck import file:<link>`: the shared file's bytes (an .apkg) or text go with the command. */
async function withSharedFile(deps: HandlerDeps, command: Command, ref: string): Promise<Command> {
  if (command.type !== 'deck_import') return command;
  const file = await downloadSharedFile(deps.poster.client, ref);
  return file.isPackage
    ? { ...command, filename: file.name, bytes: file.bytes }
    : { ...command, filename: file.name, content: new TextDecoder('utf-8').decode(file.bytes) };
}

async function actorFor(deps: HandlerDeps, teamId: string, channelId: string, userId: string, fallbackName?: string): Promise<Actor> {
  const profile = await deps.directory.profile(teamId, userId);
  return {
    platform: 'slack',
    workspaceId: teamId,
    channelId,
    userId,
    displayName: profile.displayName ?? fallbackName ?? userId,
    canManage: profile.canManage,
    timeZone: profile.timeZone,
  };
}

async function run(deps: HandlerDeps, actor: Actor, command: Command, interactionId: string, origin: Origin): Promise<void> {
  const started = performance.now();
  const messageRef = pressedMessageRef(origin);
  const outcome = await deps.bot.handle({ actor, command, interactionId, ...(messageRef ? { messageRef } : {}) });
  const handled = performance.now();
  await deliver(deps, outcome, { ...origin, workspaceId: actor.workspaceId }, pressedKind(command));
  deps.log?.debug(
    { command: command.type, coreMs: Math.round(handled - started), deliverMs: Math.round(performance.now() - handled) },
    'slack: interaction handled',
  );
}
