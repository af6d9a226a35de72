/**
 * discord.js's option shapes for a rendered message: a reply or follow-up (which chooses the
 * visibility), and an update or edit (which keeps the message's own: Discord never changes it).
 */
import { MessageFlags, type InteractionEditReplyOptions, type InteractionReplyOptions, type InteractionUpdateOptions } from 'discord.js';
import type { RenderedMessage } from './render.js';

export function replyOptions(rendered: RenderedMessage): InteractionReplyOptions {
  return {
    embeds: rendered.embeds,
    components: rendered.components,
    files: attachmentsOf(rendered),
    ...(rendered.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

export function updateOptions(rendered: RenderedMessage): InteractionUpdateOptions {
  return {
    embeds: rendered.embeds,
    components: rendered.components,
    ...(rendered.files.length ? { files: attachmentsOf(rendered) } : {}),
  };
}

/** The files of a reply, each with its alt text as the attachment's description. */
function attachmentsOf(rendered: RenderedMessage) {
  return rendered.files.map((file) => ({ attachment: file.data, name: file.name, ...(file.description ? { description: file.description } : {}) }));
}

export function editOptions(rendered: RenderedMessage): InteractionEditReplyOptions {
  return updateOptions(rendered) as InteractionEditReplyOptions;
}
