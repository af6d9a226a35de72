/** `/deck import`'s attachment as the core's command: an Anki package as bytes, any other deck file as text. */
import type { Command } from '../../core/commands.js';
import { isPackageName, MAX_PACKAGE_BYTES, packageFileTooBig } from '../../core/decks/package.js';
import { downloadBytes, downloadText, type AttachmentRef } from '../download.js';

export async function deckImportCommand(attachment: AttachmentRef, history?: string): Promise<Command> {
  const options = history === undefined ? {} : { history };
  if (isPackageName(attachment.name)) {
    const bytes = await downloadBytes(attachment, MAX_PACKAGE_BYTES, packageFileTooBig);
    return { type: 'deck_import', filename: attachment.name, content: '', bytes, ...options };
  }
  return { type: 'deck_import', filename: attachment.name, content: await downloadText(attachment), ...options };
}
