/**
 * Pictures beside text replies: the one place that asks the PictureRenderer port for a card and keeps a
 * failed picture from costing the answer (the text goes out alone, the failure is reported), and the one
 * place that forgets cached pictures when a user's points or reviews change.
 */
import type { CoreDeps } from './context.js';
import type { Message } from './messages.js';
import { pictureCacheKeys, type PictureCard } from './pictures.js';

/** `message` with the card drawn as its image; unchanged when there is no renderer or drawing fails. */
export async function withPicture(deps: CoreDeps, message: Message, card: () => Promise<PictureCard>, cacheKey: string): Promise<Message> {
  const pictures = deps.pictures;
  if (!pictures) return message;
  let kind: PictureCard['kind'] | 'unknown' = 'unknown';
  try {
    const built = await card();
    kind = built.kind;
    const image = await pictures.render(built, { cacheKey });
    return { ...message, image };
  } catch (error) {
    deps.onPictureError?.(error, kind);
    return message;
  }
}

/** Points or reviews of this user changed in this workspace: their boards and stats card are stale. */
export function pointsChanged(deps: CoreDeps, workspaceId: number, userId: number): void {
  deps.pictures?.invalidate(pictureCacheKeys.changedBy(workspaceId, userId));
}
