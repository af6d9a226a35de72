/**
 * files.uploadV2's three steps, done here rather than by the Web API client's filesUploadV2: that
 * helper sends `alt_text`, but files.getUploadURLExternal documents `alt_txt` (max 1,000 characters),
 * so its alt text never reached screen readers.
 */
import type { webApi } from '@slack/bolt';
import { truncate } from '../../core/text.js';
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

export async function uploadToChannel(client: webApi.WebClient, upload: Upload, timeoutMs = SLACK_CALL_TIMEOUT_MS): Promise<void> {
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
}
