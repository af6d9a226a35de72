/**
 * A deck file shared in Slack, for `/deck import file:<link>`: slash commands carry no file, so the user
 * shares it (in a channel or a DM with the bot) and passes its link or id. Its private URL wants the bot
 * token (scope files:read); the size caps are the core's, checked before and while downloading.
 */
import type { webApi } from '@slack/bolt';
import { deckFileTooBig, MAX_DECK_BYTES } from '../../core/decks/limits.js';
import { isPackageName, MAX_PACKAGE_BYTES, packageFileTooBig } from '../../core/decks/package.js';
import { UserError } from '../../core/errors.js';
import { downloadBytes } from '../download.js';

/** A file id as Slack writes it in ids and links (…/files/U123/F0ABCDEF/deck.apkg, files-pri/T1-F0ABCDEF/…). */
const FILE_ID = /(?:^|[^A-Z0-9])(F[A-Z0-9]{6,})(?![A-Z0-9])/;

export async function downloadSharedFile(client: webApi.WebClient, ref: string): Promise<{ name: string; bytes: Uint8Array; isPackage: boolean }> {
  const id = FILE_ID.exec(ref.replace(/^<|>$/g, ''))?.[1];
  if (!id) throw new UserError('`file:` takes the link of a file shared in Slack (in the file\'s ⋮ menu: "Copy link").');
  let file: { name?: string; size?: number; url_private_download?: string; url_private?: string } | undefined;
  try {
    file = (await client.files.info({ file: id })).file;
  } catch {
    file = undefined;
  }
  const url = file?.url_private_download ?? file?.url_private;
  if (!file || !url) throw new UserError("I can't open that file. Share it in a channel I am in, or in a direct message with me, and copy its link again.");
  const name = file.name ?? `${id}.txt`;
  const isPackage = isPackageName(name);
  const bytes = await downloadBytes(
    { url, name, size: file.size ?? 0, headers: { authorization: `Bearer ${client.token ?? ''}` } },
    isPackage ? MAX_PACKAGE_BYTES : MAX_DECK_BYTES,
    isPackage ? packageFileTooBig : deckFileTooBig,
  );
  return { name, bytes, isPackage };
}
