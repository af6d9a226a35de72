/**
 * A card's pictures (from an Anki package) on the messages that show it. A message carries one image, so
 * the side's first picture goes along; the platforms show it as they show any image (Discord: the embed's
 * image, Slack: an upload (to the user's DM when private), terminal: a saved file). A public question
 * carries it on its first post only; the edits that follow (answer counts, the reveal) leave the posted
 * picture where it is (Discord keeps a message's attachments when an edit names none).
 */
import type { CoreDeps } from './context.js';
import type { Message } from './messages.js';

export async function withCardPicture(deps: CoreDeps, message: Message, cardId: number, side: 'front' | 'back'): Promise<Message> {
  const images = await deps.store.cardImages(cardId);
  // the answer side shows the question's picture again when it has none of its own, as Anki does
  const picture = side === 'back' ? (images.back[0] ?? images.front[0]) : images.front[0];
  if (!picture) return message;
  const more = images[side].length > 1 ? ` (1 of ${images[side].length} pictures)` : '';
  return {
    ...message,
    image: { png: picture.bytes, mime: picture.mime, filename: `card-${cardId}-${picture.name}`, alt: `Picture on the card: ${picture.name}${more}` },
  };
}
