/**
 * Slack events -> core requests -> Slack replies. Every listener acks first (Slack allows 3 s)
 * and only then does the slow work; nothing here decides anything the core should decide.
 */
import type { App, BlockAction, ButtonAction, SlashCommand as SlackSlashCommand, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { StudyBotApi } from '../../core/bot.js';
import type { Actor, Command } from '../../core/commands.js';
import { ChannelUnavailableError, UserError } from '../../core/errors.js';
import { privateText, type Choice, type Message, type Outcome } from '../../core/messages.js';
import { typedAnswerProblem } from '../../core/options.js';
import { RecentDeliveries } from './deliveries.js';
import type { SlackDirectory } from './directory.js';
import { isSlashCommand, parseSlashCommand, SLASH_COMMANDS } from './parse.js';
import type { SlackPoster } from './poster.js';
import { MODAL_INPUT, renderModal } from './render.js';

/** Ids the core builds (core/ids.ts); anything else is not ours. */
const CORE_ID = /^sb\d+:/;

export interface HandlerDeps {
  bot: StudyBotApi;
  poster: SlackPoster;
  directory: SlackDirectory;
  log?: Logger;
  /** Work that continues after ack(); stop() waits for it. */
  track: <T>(work: Promise<T>) => Promise<T>;
}

/** Where an interaction came from, for sending its outcome back. */
interface Origin {
  channelId: string;
  userId: string;
  responseUrl?: string;
  triggerId?: string;
  /** The message whose button was pressed (for Outcome.update). */
  message?: PressedMessage;
}

interface PressedMessage {
  channelId: string;
  ts: string;
  ephemeral: boolean;
  responseUrl?: string;
  /**
   * For a press on an ephemeral message that was itself a reply to a press on a public message
   * (self-grade: Show answer -> rate): that public message's ts, where public updates belong.
   */
  sourceTs?: string;
}

/**
 * A private reply to a press on a public message carries that message's ts in its buttons' value
 * (`<core id>#<ts>`): an ephemeral message cannot be traced back to it otherwise.
 */
const SOURCE_SEPARATOR = '#';

function sourceTsOf(action: ButtonAction): string | undefined {
  const value = action.value ?? '';
  const at = value.lastIndexOf(SOURCE_SEPARATOR);
  if (at < 0 || value.slice(0, at) !== action.action_id) return undefined;
  const ts = value.slice(at + 1);
  return /^\d{1,12}\.\d{1,8}$/.test(ts) ? ts : undefined;
}

/** What the typed-answer modal carries to its view_submission (no channel is sent with it). */
interface ModalMetadata {
  c: string;
  m?: { c: string; ts: string; e: boolean; r?: string };
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
      await deps.track(work());
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
        await run(deps, actor, parsed.command, interactionId, origin);
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
      const actor = await actorFor(deps, teamId, channelId, body.user.id, body.user.name ?? body.user.username);
      await run(deps, actor, { type: 'press', id: action.action_id }, interactionId, origin);
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
    const metadata = readMetadata(view.private_metadata);
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const userId = body.user.id;
    const channelId = metadata?.c ?? userId;
    const origin: Origin = {
      channelId,
      userId,
      message: metadata?.m ? { channelId: metadata.m.c, ts: metadata.m.ts, ephemeral: metadata.m.e, responseUrl: metadata.m.r } : undefined,
    };
    const interactionId = `slack:v:${teamId}:${userId}:${view.id}`;
    await once(interactionId, context.retryNum, origin, async () => {
      const actor = await actorFor(deps, teamId, channelId, userId, body.user.name);
      await run(deps, actor, { type: 'submit', id: view.callback_id, text }, interactionId, origin);
    });
  });

  app.error(async (error) => {
    log?.error({ err: error }, 'slack: unhandled error');
  });
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

/** Renders an Outcome: the modal first (its trigger_id expires in 3 s), then the reply, then the update. */
async function deliver(deps: HandlerDeps, outcome: Outcome, origin: Origin): Promise<void> {
  const { poster } = deps;
  if (outcome.modal) {
    if (origin.triggerId) {
      const metadata: ModalMetadata = {
        c: origin.channelId,
        m: origin.message
          ? { c: origin.message.channelId, ts: origin.message.ts, e: origin.message.ephemeral, r: origin.message.ephemeral ? origin.message.responseUrl : undefined }
          : undefined,
      };
      await poster.openModal(origin.triggerId, renderModal(outcome.modal, JSON.stringify(metadata)));
    } else {
      deps.log?.warn({ modal: outcome.modal.id }, 'slack: modal requested without a trigger_id');
    }
  }
  if (outcome.reply) {
    if (outcome.reply.visibility === 'public') {
      await poster.postPublic(origin.channelId, outcome.reply, origin.responseUrl);
    } else {
      const source = publicMessageTs(origin.message);
      const render = source ? { buttonValue: (choice: Choice) => `${choice.id}${SOURCE_SEPARATOR}${source}` } : undefined;
      await poster.postPrivate(origin.channelId, origin.userId, outcome.reply, origin.responseUrl, render);
    }
  }
  if (outcome.update) await deliverUpdate(deps, outcome.update, origin.message);
}

/** The public message a press traces back to: the pressed one, or the one an ephemeral reply came from. */
function publicMessageTs(message: PressedMessage | undefined): string | undefined {
  if (!message) return undefined;
  return message.ephemeral ? message.sourceTs : message.ts;
}

/**
 * A public update goes to the public message (even when the press was on an ephemeral reply to
 * it); a private one replaces the pressed ephemeral message.
 */
async function deliverUpdate(deps: HandlerDeps, update: Message, target: PressedMessage | undefined): Promise<void> {
  if (!target) {
    deps.log?.warn('slack: update without a pressed message');
    return;
  }
  if (update.visibility === 'public' || !target.ephemeral) {
    const ts = publicMessageTs(target);
    // The press's response_url can only stand in for chat.update on the pressed message itself.
    if (ts) await deps.poster.update(target.channelId, ts, update, target.ephemeral ? undefined : target.responseUrl);
    else deps.log?.debug('slack: public update for an ephemeral message with no known source; skipped');
    return;
  }
  if (target.responseUrl) await deps.poster.replaceEphemeral(target.responseUrl, update);
}

/** The user always hears back: their own mistake, a channel we cannot post in, or our failure. */
async function reportFailure(deps: HandlerDeps, origin: Origin, error: unknown): Promise<void> {
  let text = 'Sorry, something went wrong on my side. Please try again.';
  if (error instanceof UserError) text = error.message;
  else if (error instanceof ChannelUnavailableError) {
    text = "I can't post in this channel. Invite me with `/invite @studybot` (or use a public channel) and try again.";
  }
  if (!(error instanceof UserError)) deps.log?.error({ err: error }, 'slack: handling failed');
  try {
    await deps.poster.postPrivate(origin.channelId, origin.userId, privateText(text), origin.responseUrl);
  } catch (nested) {
    deps.log?.error({ err: nested }, 'slack: could not tell the user about a failure');
  }
}

function readMetadata(raw: string | undefined): ModalMetadata | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<ModalMetadata>;
    if (typeof parsed.c !== 'string') return undefined;
    const m = parsed.m;
    const validMessage = m && typeof m.c === 'string' && typeof m.ts === 'string' && typeof m.e === 'boolean';
    return { c: parsed.c, m: validMessage ? m : undefined };
  } catch {
    return undefined;
  }
}
