/**
 * Pictures beside text replies: the one place that asks the PictureRenderer port for a card and keeps a
 * failed picture from costing the answer (the text goes out alone, the failure is reported), and the one
 * place that forgets cached pictures when a user's points or reviews change.
 */
import type { CoreDeps } from './context.js';
import type { Message } from './messages.js';
import { pictureCacheKeys, type PictureCard } from './pictures.js';

/**
 * `message` with the card drawn as its image; unchanged when there is no renderer, or when reading the
 * card's data or drawing it fails (then reported under `kind`).
 */
export async function withPicture<K extends PictureCard['kind']>(
  deps: CoreDeps,
  message: Message,
  picture: { kind: K; card: () => Promise<Extract<PictureCard, { kind: K }>>; cacheKey: string },
): Promise<Message> {
  const pictures = deps.pictures;
  if (!pictures) return message;
  try {
    const image = await pictures.render(await picture.card(), { cacheKey: picture.cacheKey });
    return { ...message, image: { ...image, supplementary: true } };
  } catch (error) {
    deps.onPictureError?.(error, picture.kind);
    return message;
  }
}

/** Points or reviews of this user changed in this workspace: their boards and stats card are stale. */
export function pointsChanged(deps: CoreDeps, workspaceId: number, userId: number): void {
  deps.pictures?.invalidate(pictureCacheKeys.changedBy(workspaceId, userId));
}
