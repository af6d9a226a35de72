/**
 * Slack events -> core requests; respond.ts sends the outcomes back. Every listener acks first
 * (Slack allows 3 s) and only then does the slow work; nothing here decides anything the core should decide.
 */
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { StudyBotApi } from '../../core/bot.js';
import type { Actor, Command } from '../../core/commands.js';
import { parseId } from '../../core/ids.js';
import { privateText } from '../../core/messages.js';
import { typedAnswerProblem } from '../../core/options.js';
import type { InflightTracker } from '../inflight.js';
import { RecentDeliveries } from './deliveries.js';
import { downloadSharedFile } from './files.js';
import type { SlackDirectory } from './directory.js';
import { isSlashCommand, parseSlashCommand, SLASH_COMMANDS } from './parse.js';
import { MODAL_INPUT, renderPlaceholderModal } from './render.js';
import { deliver, reportFailure, sourceTsOf, submissionOrigin, type Origin, type RespondDeps } from './respond.js';

/** Ids the core builds (core/ids.ts); anything else is not ours. */
const CORE_ID = /^sb\d+:/;

export interface HandlerDeps extends RespondDeps {
  bot: StudyBotApi;
  directory: SlackDirectory;
  /** Work that continues after ack(); stop() waits for it. */
  inflight: InflightTracker;
}

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const deliveries = new RecentDeliveries();
  const { log } = deps;

  /** Runs one delivery once: duplicate keys (Slack retries) are acked and dropped. */
  const once = async (key: string, retryNum: number | undefined, origin: Origin, work: () => Promise<void>) => {
    if (!deliveries.claim(key)) {
      log?.info({ key, retryNum }, 'slack: duplicate delivery ignored');
      return;
    }
    try {
      await deps.inflight.run(work);
    } catch (error) {
      deliveries.release(key);
      await reportFailure(deps, origin, error);
    }
  };

  for (const name of SLASH_COMMANDS) {
    app.command(name, async ({ command, ack, context }) => {
      await ack();
      const origin: Origin = { channelId: command.channel_id, userId: command.user_id, responseUrl: command.response_url, triggerId: command.trigger_id };
      // A retried slash command carries the same trigger_id.
      const interactionId = `slack:c:${command.team_id}:${command.trigger_id}`;
      await once(interactionId, context.retryNum, origin, async () => {
        const parsed = isSlashCommand(command.command)
          ? parseSlashCommand(command.command, command.text ?? '')
          : ({ ok: false, usage: `Unknown command ${command.command}` } as const);
        if (!parsed.ok) {
          await deps.poster.postPrivate(origin.channelId, origin.userId, privateText(parsed.usage), origin.responseUrl);
          return;
        }
        const actor = await actorFor(deps, command.team_id, command.channel_id, command.user_id, command.user_name);
        await run(deps, actor, parsed.file ? await withSharedFile(deps, parsed.command, parsed.file) : parsed.command, interactionId, origin);
      });
    });
  }

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: CORE_ID }, async ({ body, action, ack, context }) => {
    await ack();
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
    const interactionId = `slack:a:${teamId}:${body.user.id}:${action.action_ts}:${action.action_id}`;
    await once(interactionId, context.retryNum, origin, async () => {
      // A press that opens a form opens it now, before any slow work: the trigger_id is good for 3 s only.
      const placeholderViewId = opensForm(action.action_id) && body.trigger_id ? await deps.poster.openModal(body.trigger_id, renderPlaceholderModal()) : undefined;
      const pressOrigin: Origin = placeholderViewId ? { ...origin, placeholderViewId, triggerId: undefined } : origin;
      const actor = await actorFor(deps, teamId, channelId, body.user.id, body.user.name ?? body.user.username);
      await run(deps, actor, { type: 'press', id: action.action_id }, interactionId, pressOrigin);
    });
  });

  app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: CORE_ID }, async ({ body, view, ack, context }) => {
    const text = view.state.values[MODAL_INPUT.blockId]?.[MODAL_INPUT.actionId]?.value ?? '';
    // Slack can keep the form open and show the problem under the field, so the user can fix it there.
    const problem = typedAnswerProblem(text);
    if (problem) {
      await ack({ response_action: 'errors', errors: { [MODAL_INPUT.blockId]: problem } });
      return;
    }
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const userId = body.user.id;
    const origin = submissionOrigin(view.private_metadata, userId);
    const interactionId = `slack:v:${teamId}:${userId}:${view.id}`;
    await once(interactionId, context.retryNum, origin, async () => {
      const actor = await actorFor(deps, teamId, origin.channelId, userId, body.user.name);
      await run(deps, actor, { type: 'submit', id: view.callback_id, text }, interactionId, origin);
    });
  });

  app.error(async (error) => {
    log?.error({ err: error }, 'slack: unhandled error');
  });
}

/** The core's "type your answer" button answers with a modal. */
function opensForm(actionId: string): boolean {
  return parseId(actionId)?.kind === 'type';
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
  const outcome = await deps.bot.handle({ actor, command, interactionId });
  const handled = performance.now();
  await deliver(deps, outcome, origin);
  deps.log?.debug(
    { command: command.type, coreMs: Math.round(handled - started), deliverMs: Math.round(performance.now() - handled) },
    'slack: interaction handled',
  );
}
