/**
 * files.uploadV2's three steps, done here rather than by the Web API client's filesUploadV2: that
 * helper sends `alt_text`, but files.getUploadURLExternal documents `alt_txt` (max 1,000 characters),
 * so its alt text never reached screen readers.
 */
import type { webApi } from '@slack/bolt';
import { truncate } from '../../core/text.js';
import { sleep } from '../../timeouts.js';
import { SLACK_CALL_TIMEOUT_MS } from './clients.js';

const ALT_TEXT_MAX = 1000;

export interface Upload {
  channelId: string;
  bytes: Uint8Array;
  filename: string;
  title: string;
  alt: string;
  /** The file's type; image/png unless given. */
  mime?: string;
}

/** Uploads and shares the file in the channel; returns its id. */
export async function uploadToChannel(client: webApi.WebClient, upload: Upload, timeoutMs = SLACK_CALL_TIMEOUT_MS): Promise<string> {
  const alt = truncate(upload.alt, ALT_TEXT_MAX);
  const target = (await client.apiCall('files.getUploadURLExternal', {
    filename: upload.filename,
    length: upload.bytes.byteLength,
    alt_txt: alt,
  })) as { upload_url?: string; file_id?: string };
  if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal gave no upload_url');
  const form = new FormData();
  form.append('file', new Blob([upload.bytes], { type: upload.mime ?? 'image/png' }), upload.filename);
  // Outside the Web API client, so without its timeout unless given one: a silent upload would hold the reply.
  const sent = await fetch(target.upload_url, { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs) });
  if (!sent.ok) throw new Error(`Slack's upload URL answered ${sent.status}`);
  await client.apiCall('files.completeUploadExternal', {
    files: [{ id: target.file_id, title: upload.title }],
    channel_id: upload.channelId,
  });
  return target.file_id;
}

/** The pauses between files.info looks for a share (2.75 s in all): Slack usually shares within a second. */
export const SHARE_LOOK_PAUSES_MS = [250, 500, 1000, 1000];

/**
 * Resolves once files.info shows the file shared in the channel, or after the last look (false). Slack
 * shares a completed upload asynchronously, and a channel sorts its messages by ts: a caption posted before
 * the share lands would sit above its picture for good. A failed look counts as one that found nothing.
 */
export async function waitForShare(
  client: webApi.WebClient,
  fileId: string,
  channelId: string,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<boolean> {
  for (let look = 0; ; look++) {
    const info = (await client.apiCall('files.info', { file: fileId }).catch(() => undefined)) as { file?: { shares?: Shares } } | undefined;
    if (sharedIn(info?.file?.shares, channelId)) return true;
    const pause = SHARE_LOOK_PAUSES_MS[look];
    if (pause === undefined) return false;
    await wait(pause);
  }
}

type Shares = Partial<Record<'public' | 'private', Record<string, unknown[] | undefined>>>;

function sharedIn(shares: Shares | undefined, channelId: string): boolean {
  return Boolean(shares?.public?.[channelId]?.length || shares?.private?.[channelId]?.length);
}
