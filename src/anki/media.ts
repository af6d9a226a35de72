/**
 * The images a deck's cards show, out of the package. Media files sit in the zip as `0`, `1`, … and an
 * index names them: JSON in the legacy format, a zstd'd protobuf list (and each file zstd'd) in the
 * current one. Only images that cards reference are extracted, each and all together within the limits.
 */
import { DeckParseError } from '../core/errors.js';
import { readZipEntries, unzstd, type ZipEntry } from './archive.js';
import { ANKI_LIMITS, formatBytes, type AnkiLimits } from './limits.js';
import { decodeProto, protoMessages, protoNumber, protoString } from './protobuf.js';
import type { AnkiMediaFile } from './types.js';

const LEGACY_ZIP_NAME_FIELD = 255;

/** Media file name -> the zip entry that holds it. */
export function mediaIndex(indexBytes: Uint8Array | undefined, current: boolean, limits: AnkiLimits = ANKI_LIMITS): Map<string, string> {
  const index = new Map<string, string>();
  if (!indexBytes || indexBytes.length === 0) return index;
  try {
    if (current) {
      const list = decodeProto(unzstd(indexBytes, limits.maxCollectionBytes, 'media list'));
      protoMessages(list, 1).forEach((entry, i) => {
        const zipName = entry.has(LEGACY_ZIP_NAME_FIELD) ? protoNumber(entry, LEGACY_ZIP_NAME_FIELD) : i;
        index.set(protoString(entry, 1), String(zipName));
      });
    } else {
      const map = JSON.parse(new TextDecoder().decode(indexBytes)) as Record<string, unknown>;
      for (const [zipName, name] of Object.entries(map)) if (typeof name === 'string') index.set(name, zipName);
    }
  } catch (error) {
    if (error instanceof DeckParseError) throw error;
    throw new DeckParseError('The list of media files in this package is damaged. Export it from Anki again and retry.');
  }
  return index;
}

export interface ExtractedMedia {
  files: AnkiMediaFile[];
  warnings: string[];
}

/** Extract the images named in `wanted` (in order), skipping and reporting what is missing, unsafe, not a picture or too big. */
export function extractImages(
  zip: Uint8Array,
  entries: Map<string, ZipEntry>,
  index: Map<string, string>,
  wanted: string[],
  current: boolean,
  limits: AnkiLimits = ANKI_LIMITS,
): ExtractedMedia {
  const problems = { missing: 0, notPicture: 0, tooBig: 0, overTotal: 0 };
  const chosen: { name: string; zipName: string }[] = [];
  let declaredTotal = 0;
  for (const name of wanted) {
    const zipName = index.get(name) ?? index.get(safeDecode(name));
    const entry = zipName === undefined || !isSafeName(name) ? undefined : entries.get(zipName);
    if (!entry || zipName === undefined) problems.missing++;
    else if (entry.size > limits.maxMediaFileBytes) problems.tooBig++;
    else if (declaredTotal + entry.size > limits.maxMediaTotalBytes) problems.overTotal++;
    else {
      declaredTotal += entry.size;
      chosen.push({ name, zipName });
    }
  }
  const raw = readZipEntries(zip, new Set(chosen.map((c) => c.zipName)));
  const files: AnkiMediaFile[] = [];
  let total = 0;
  for (const { name, zipName } of chosen) {
    let bytes = raw.get(zipName);
    if (!bytes) {
      problems.missing++;
      continue;
    }
    if (current) {
      try {
        bytes = unzstd(bytes, limits.maxMediaFileBytes, `picture "${name}"`);
      } catch {
        problems.tooBig++;
        continue;
      }
    }
    if (total + bytes.length > limits.maxMediaTotalBytes) {
      problems.overTotal++;
      continue;
    }
    const mime = sniffImage(bytes);
    if (!mime) {
      problems.notPicture++;
      continue;
    }
    total += bytes.length;
    files.push({ name, mime, bytes });
  }
  const warnings: string[] = [];
  const n = (k: number, one: string) => `${k} ${k === 1 ? one : `${one}s`}`;
  if (problems.missing) warnings.push(`${n(problems.missing, 'picture')} the cards use ${problems.missing === 1 ? 'is' : 'are'} missing from the package.`);
  if (problems.notPicture) warnings.push(`${n(problems.notPicture, 'file')} shown as pictures ${problems.notPicture === 1 ? 'is' : 'are'} not PNG, JPEG, GIF or WebP, and ${problems.notPicture === 1 ? 'was' : 'were'} left out.`);
  if (problems.tooBig) warnings.push(`${n(problems.tooBig, 'picture')} over ${formatBytes(limits.maxMediaFileBytes)} ${problems.tooBig === 1 ? 'was' : 'were'} left out.`);
  if (problems.overTotal) warnings.push(`${n(problems.overTotal, 'picture')} ${problems.overTotal === 1 ? 'was' : 'were'} left out: a deck's pictures may take ${formatBytes(limits.maxMediaTotalBytes)} in all.`);
  return { files, warnings };
}

/** Raster formats Discord and Slack show inline, recognised by their bytes rather than by the name. */
export function sniffImage(b: Uint8Array): AnkiMediaFile['mime'] | null {
  const starts = (sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** A plain file name: no folders, no parent references, no control characters (as Anki itself requires). */
function isSafeName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\x00-\x1f]/.test(name);
}

function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
