/**
 * Builders for the INTERACTION_CREATE payloads Discord sends (API v10 shapes), for driving the
 * adapter through the stand-in: slash commands, button presses, modal submits, autocomplete.
 */
import { randomBytes } from 'node:crypto';
import type { DiscordStandIn, StoredMessage } from './discord-standin.js';

export interface TestUser {
  id: string;
  username: string;
  globalName?: string;
  /** Server nickname. */
  nick?: string;
  /** Permission bits as Discord sends them (decimal string). Default: ordinary member. */
  permissions?: bigint;
}

export interface Place {
  guildId?: string;
  channelId: string;
}

/** Send Messages + View Channel + Use Application Commands: what an ordinary member has. */
export const MEMBER_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 31n);
export const MANAGE_GUILD = 1n << 5n;

export type SlashOption =
  | { name: string; type: 3; value: string; focused?: boolean }
  | { name: string; type: 4; value: number; focused?: boolean }
  | { name: string; type: 5; value: boolean }
  | { name: string; type: 11; value: string }
  | { name: string; type: 1; options?: SlashOption[] };

export const str = (name: string, value: string): SlashOption => ({ name, type: 3, value });
export const int = (name: string, value: number): SlashOption => ({ name, type: 4, value });
export const bool = (name: string, value: boolean): SlashOption => ({ name, type: 5, value });
export const sub = (name: string, options: SlashOption[] = []): SlashOption => ({ name, type: 1, options });

export class InteractionFactory {
  constructor(
    private readonly standIn: DiscordStandIn,
    private readonly place: Place,
  ) {}

  slash(user: TestUser, name: string, options: SlashOption[] = [], resolved?: unknown): any {
    return this.base(user, 2, {
      id: this.standIn.id(),
      name,
      type: 1,
      options,
      ...(resolved ? { resolved } : {}),
    });
  }

  /** `/deck import file:<attachment>` with the file served by the stand-in. */
  deckImport(user: TestUser, filename: string, content: string | Buffer | Uint8Array, reportedSize?: number, more: SlashOption[] = []): any {
    const attachmentId = this.standIn.id();
    const served = this.standIn.serveFile(filename, typeof content === 'string' ? content : Buffer.from(content));
    return this.slash(user, 'deck', [sub('import', [{ name: 'file', type: 11, value: attachmentId }, ...more])], {
      attachments: {
        [attachmentId]: {
          id: attachmentId,
          filename,
          size: reportedSize ?? served.size,
          url: served.url,
          proxy_url: served.url,
          content_type: 'text/plain; charset=utf-8',
        },
      },
    });
  }

  autocomplete(user: TestUser, name: string, options: SlashOption[]): any {
    return this.base(user, 4, { id: this.standIn.id(), name, type: 1, options });
  }

  button(user: TestUser, message: StoredMessage, customId: string): any {
    return this.base(user, 3, { custom_id: customId, component_type: 2 }, message);
  }

  modalSubmit(user: TestUser, customId: string, text: string, message?: StoredMessage): any {
    return this.base(
      user,
      5,
      {
        custom_id: customId,
        // The shape Discord submits for a Text Display (the question) and a Label around the input.
        components: [
          { type: 10, id: 1 },
          { type: 18, id: 2, component: { type: 4, id: 3, custom_id: 'answer', value: text } },
        ],
      },
      message,
    );
  }

  private base(user: TestUser, type: number, data: unknown, message?: StoredMessage): any {
    const apiUser = {
      id: user.id,
      username: user.username,
      global_name: user.globalName ?? null,
      discriminator: '0',
      avatar: null,
    };
    const inGuild = Boolean(this.place.guildId);
    const permissions = (user.permissions ?? MEMBER_PERMISSIONS).toString();
    return {
      id: this.standIn.id(),
      application_id: this.standIn.options.applicationId,
      type,
      data,
      token: `tok_${randomBytes(12).toString('hex')}`,
      version: 1,
      locale: 'en-US',
      channel_id: this.place.channelId,
      channel: inGuild
        ? { id: this.place.channelId, type: 0, guild_id: this.place.guildId, name: 'study', permissions }
        : { id: this.place.channelId, type: 1, recipients: [apiUser] },
      app_permissions: '2248473465835073',
      entitlements: [],
      authorizing_integration_owners: {},
      context: inGuild ? 0 : 1,
      ...(inGuild
        ? {
            guild_id: this.place.guildId,
            guild_locale: 'en-US',
            guild: { id: this.place.guildId, locale: 'en-US', features: [] },
            member: {
              user: apiUser,
              roles: [],
              permissions,
              nick: user.nick ?? null,
              joined_at: '2026-01-01T00:00:00.000Z',
              deaf: false,
              mute: false,
              flags: 0,
            },
          }
        : { user: apiUser }),
      ...(message ? { message } : {}),
    };
  }
}
