/**
 * Files: the bot's uploads (files.getUploadURLExternal, the upload URL, files.completeUploadExternal and a
 * share that lands late), files.info, and files users shared, served by their private URL to the bot token only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formParts } from '../http-bodies.js';
import type { StandInState } from './state.js';
import { STANDIN_TEAM, type ApiMethod, type RecordedUpload } from './types.js';

export function fileMethods(state: StandInState): Record<string, ApiMethod> {
  const { options, uploads, pendingLooks, shared, notJoined } = state;
  return {
    'files.getUploadURLExternal': (args) => {
      const fileId = `F${++state.fileCounter}`;
      uploads.push({ fileId, filename: typeof args.filename === 'string' ? args.filename : undefined, bytes: Buffer.alloc(0) });
      return { file_id: fileId, upload_url: `${state.origin}/upload/${fileId}` };
    },
    'files.info': (args) => {
      const upload = uploadOf(state, String(args.file));
      if (upload) return { file: uploadedFileInfo(state, upload) };
      const file = shared.get(String(args.file));
      if (!file) return { ok: false, error: 'file_not_found' };
      const url = `${state.origin}/files-pri/${STANDIN_TEAM}-${String(args.file)}/${encodeURIComponent(file.name)}`;
      return { file: { id: args.file, name: file.name, size: file.bytes.length, url_private: url, url_private_download: `${url}?download=1` } };
    },
    'files.completeUploadExternal': (args) => {
      if (typeof args.channel_id === 'string' && notJoined.has(args.channel_id)) return { ok: false, error: 'not_in_channel' };
      const files = args.files as Array<{ id: string; title?: string }>;
      for (const f of files) {
        const upload = uploadOf(state, f.id);
        if (upload && typeof args.channel_id === 'string') {
          upload.share = { channel: args.channel_id };
          pendingLooks.set(f.id, options.shareLag ?? 1);
        }
      }
      // As Slack's: the share is not in this answer, it lands later.
      return { files: files.map((f) => ({ id: f.id, title: f.title, shares: {} })) };
    },
  };
}

export function uploadOf(state: StandInState, fileId: string): RecordedUpload | undefined {
  return state.uploads.find((u) => u.fileId === fileId);
}

/** files.info of a file the bot uploaded: its share once landed, `public` or `private` by the channel's kind. */
function uploadedFileInfo(state: StandInState, upload: RecordedUpload): Record<string, unknown> {
  const share = upload.share;
  if (share && !share.ts) {
    const left = state.pendingLooks.get(upload.fileId) ?? 0;
    if (left > 0) state.pendingLooks.set(upload.fileId, left - 1);
    else share.ts = state.nextTs();
  }
  const landed = share?.ts ? share : undefined;
  const kind = landed && state.kindOf(landed.channel) === 'public' ? 'public' : 'private';
  return { id: upload.fileId, name: upload.filename, size: upload.bytes.length, shares: landed ? { [kind]: { [landed.channel]: [{ ts: landed.ts }] } } : {} };
}

/** A POST to an upload URL (`/upload/<file id>`): the bytes are kept on the upload. */
export async function postUpload(state: StandInState, req: IncomingMessage, res: ServerResponse, name: string, body: Buffer): Promise<void> {
  const upload = uploadOf(state, name);
  if (!upload) return void res.writeHead(404).end();
  upload.bytes = await uploadedBytes(req.headers['content-type'], body);
  if (state.takeHang('upload')) return;
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
  return;
}

/** A GET of a shared file's private URL (`/files-pri/<team>-<file id>/<name>`). */
export function getPrivateFile(state: StandInState, req: IncomingMessage, res: ServerResponse, name: string): void {
  // Slack serves private files to a request with the bot token only (a browser session otherwise)
  const file = state.shared.get(name.slice(STANDIN_TEAM.length + 1));
  if (!file) return void res.writeHead(404).end();
  if (!/^Bearer xoxb-\S+$/.test(req.headers.authorization ?? '')) {
    state.violations.push(`files-pri ${name}: fetched without the bot token`);
    return void res.writeHead(302, { location: 'https://standin.slack.com/?redir=login' }).end();
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.length) }).end(file.bytes);
  return;
}

/** SlackStandIn.shareFile: a file a user shared; returns its id. */
export function shareFile(state: StandInState, name: string, bytes: Uint8Array): string {
  const id = `F0SHARED${++state.fileCounter}`;
  state.shared.set(id, { name, bytes: Buffer.from(bytes) });
  return id;
}

/** The upload step posts multipart form data (or raw bytes); return the file's bytes. */
async function uploadedBytes(contentType: string | undefined, body: Buffer): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  const { files } = await formParts(contentType, body);
  return files[0]?.data ?? Buffer.alloc(0);
}
