/**
 * The .apkg container: a zip (fflate) whose collection and media may be zstd-compressed (fzstd). Sizes are
 * checked before anything is inflated: the zip's declared sizes against the limits first, and fflate then
 * inflates into a buffer of exactly the declared size, so an entry that lies about its size cannot grow
 * past it. zstd streams carry no trustworthy size, so they are counted while they decompress.
 */
import { unzipSync } from 'fflate';
import { Decompress } from 'fzstd';
import { DeckParseError } from '../core/errors.js';
import { formatBytes } from './limits.js';

export interface ZipEntry {
  name: string;
  /** The uncompressed size the zip declares. */
  size: number;
  compressedSize: number;
}

const DAMAGED = 'The file is damaged or incomplete (was the upload cut off?). Export it from Anki again and retry.';

/** The entries of a zip, without inflating any of them. */
export function listZip(bytes: Uint8Array): ZipEntry[] {
  if (!looksLikeZip(bytes)) {
    throw new DeckParseError('This is not an Anki deck package: an .apkg file is a zip archive, and this file is not one.');
  }
  const entries: ZipEntry[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.originalSize, compressedSize: f.size });
        return false;
      },
    });
  } catch {
    throw new DeckParseError(DAMAGED);
  }
  return entries;
}

/**
 * Inflate the named entries (each already checked against its limit by the caller through `listZip`).
 * Entries that are missing from the zip are missing from the result.
 */
export function readZipEntries(bytes: Uint8Array, names: ReadonlySet<string>): Map<string, Uint8Array> {
  try {
    const files = unzipSync(bytes, { filter: (f) => names.has(f.name) });
    return new Map(Object.entries(files));
  } catch {
    throw new DeckParseError(DAMAGED);
  }
}

/** Refuse an entry whose declared size is past `limit` (a zip bomb, or just too big), naming what it is. */
export function checkDeclaredSize(entry: ZipEntry, limit: number, what: string): void {
  if (entry.size > limit) {
    throw new DeckParseError(`The ${what} in this file unpacks to ${formatBytes(entry.size)}; the limit is ${formatBytes(limit)}.`);
  }
}

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

export function isZstd(bytes: Uint8Array): boolean {
  return ZSTD_MAGIC.every((b, i) => bytes[i] === b);
}

/** Decompress a zstd stream, stopping as soon as the output passes `limit` bytes. */
export function unzstd(bytes: Uint8Array, limit: number, what: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooBig = false;
  const stream = new Decompress((chunk) => {
    total += chunk.length;
    if (total > limit) {
      tooBig = true;
      throw new RangeError('limit');
    }
    chunks.push(chunk);
  });
  try {
    stream.push(bytes, true);
  } catch {
    if (tooBig) throw new DeckParseError(`The ${what} in this file unpacks to more than ${formatBytes(limit)}, the limit.`);
    throw new DeckParseError(DAMAGED);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A zip starts with a local file header (PK\3\4), or is an empty archive (PK\5\6). */
function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}
