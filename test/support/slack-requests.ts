/**
 * Plays Slack's side of HTTP mode: builds slash-command, block-action and view-submission
 * payloads the way Slack sends them, signs them (v0 HMAC-SHA256 over `v0:<ts>:<body>`) and
 * posts them to the running Bolt app.
 */
import { createHmac } from 'node:crypto';
import { postText } from './http-bodies.js';
import { STANDIN_TEAM, type SlackStandIn } from './slack-standin.js';

/** What FakeSlack needs of the stand-in: the URLs and trigger_ids Slack hands out, and rendered buttons. */
export type SlackSide = Pick<SlackStandIn, 'responseUrl' | 'issueTrigger' | 'pressed'>;

export interface SendOptions {
  /** Unix seconds for X-Slack-Request-Timestamp (default now). */
  timestamp?: number;
  /** Override the computed signature (to forge one). */
  signature?: string;
  /** Sets X-Slack-Retry-Num / X-Slack-Retry-Reason like a Slack re-delivery. */
  retryNum?: number;
}

export interface SlackReply {
  status: number;
  body: string;
}

export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface Who {
  userId: string;
  userName?: string;
  channelId: string;
  teamId?: string;
}

export interface Press {
  actionId: string;
  messageTs: string;
  ephemeral?: boolean;
  /** Same on every re-delivery of one press. */
  actionTs?: string;
  triggerId?: string;
}

export class FakeSlack {
  private actionCounter = 0;

  constructor(
    private readonly appUrl: string,
    private readonly signingSecret: string,
    /** The stand-in: it issues response_urls and trigger_ids and knows the buttons the bot rendered. */
    private readonly slack: SlackSide,
  ) {}

  /** `replaces`: the pressed message's ts, which a replace_original through this URL replaces. */
  private responseUrl(id: string, replaces?: string): string {
    return this.slack.responseUrl(id, replaces);
  }

  /** A trigger_id issued now (good once, for 3 s); `id` names it for a test to find. */
  nextTriggerId(id?: string): string {
    return this.slack.issueTrigger(id);
  }

  /** Form body of a slash command, as Slack posts it. */
  slashCommandBody(who: Who, command: string, text: string, triggerId = this.nextTriggerId()): string {
    return new URLSearchParams(this.slashCommandPayload(who, command, text, triggerId)).toString();
  }

  /** The slash command's fields (Socket Mode sends them as the envelope payload). */
  slashCommandPayload(who: Who, command: string, text: string, triggerId = this.nextTriggerId()): Record<string, string> {
    return {
      token: 'legacy-verification-token',
      team_id: who.teamId ?? STANDIN_TEAM,
      team_domain: 'standin',
      channel_id: who.channelId,
      channel_name: 'study',
      user_id: who.userId,
      user_name: who.userName ?? who.userId.toLowerCase(),
      command,
      // Slack entity-encodes its three control characters in the typed text.
      text: text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      api_app_id: 'A0STUDY',
      is_enterprise_install: 'false',
      response_url: this.responseUrl(`cmd-${triggerId}`),
      trigger_id: triggerId,
    };
  }

  /** Form body (payload=JSON) of a button press on a message. */
  blockActionBody(who: Who, press: Press): string {
    return new URLSearchParams({ payload: JSON.stringify(this.blockActionPayload(who, press)) }).toString();
  }

  /** The block_actions payload (Socket Mode sends it as the envelope payload). */
  blockActionPayload(who: Who, press: Press): Record<string, unknown> {
    const triggerId = this.nextTriggerId(press.triggerId);
    // Slack sends back the button's own value and block_id; a press of a message it never showed throws.
    const rendered = this.slack.pressed(press.messageTs, press.actionId);
    const actionTs = press.actionTs ?? `1764000100.${String(++this.actionCounter).padStart(6, '0')}`;
    const teamId = who.teamId ?? STANDIN_TEAM;
    const payload = {
      type: 'block_actions',
      user: { id: who.userId, username: who.userName ?? who.userId.toLowerCase(), name: who.userName ?? who.userId.toLowerCase(), team_id: teamId },
      api_app_id: 'A0STUDY',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: press.messageTs, channel_id: who.channelId, is_ephemeral: press.ephemeral ?? false },
      trigger_id: triggerId,
      team: { id: teamId, domain: 'standin' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: who.channelId, name: 'study' },
      message: press.ephemeral ? undefined : { type: 'message', ts: press.messageTs, text: 'quiz', user: 'U0BOT' },
      response_url: this.responseUrl(`act-${triggerId}`, press.messageTs),
      actions: [
        {
          action_id: press.actionId,
          block_id: rendered.blockId,
          text: { type: 'plain_text', text: rendered.label, emoji: true },
          value: rendered.value,
          type: 'button',
          action_ts: actionTs,
        },
      ],
    };
    return payload;
  }

  /** Form body of a modal submission; `view` is what the bot passed to views.open (plus its id). */
  viewSubmissionBody(who: Who, view: { id: string; callback_id: string; private_metadata?: string }, text: string): string {
    const teamId = who.teamId ?? STANDIN_TEAM;
    const payload = {
      type: 'view_submission',
      team: { id: teamId, domain: 'standin' },
      user: { id: who.userId, username: who.userName ?? who.userId.toLowerCase(), name: who.userName ?? who.userId.toLowerCase(), team_id: teamId },
      api_app_id: 'A0STUDY',
      token: 'legacy-verification-token',
      trigger_id: this.nextTriggerId(),
      view: {
        id: view.id,
        team_id: teamId,
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata ?? '',
        state: { values: { answer: { text: { type: 'plain_text_input', value: text } } } },
        hash: `${view.id}.hash`,
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  /** Signs and posts a form body to the app, like Slack would. */
  async send(body: string, options: SendOptions = {}): Promise<SlackReply> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signSlackRequest(this.signingSecret, timestamp, body),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const response = await postText(this.appUrl, headers, body);
    return { status: response.status, body: response.text };
  }

  command(who: Who, command: string, text = '', options?: SendOptions): Promise<SlackReply> {
    return this.send(this.slashCommandBody(who, command, text), options);
  }
}
