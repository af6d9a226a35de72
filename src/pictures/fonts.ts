/**
 * The fonts the cards draw with, shipped as npm packages so a machine without system fonts (the slim Docker
 * image) still draws text. Fontsource splits each family into subset files with the Unicode ranges they
 * cover (unicode.json), as browsers load them: we do the same. Each subset is registered under its own name
 * when a text first needs it, and each text is drawn with a font list naming just the subsets it needs.
 * (A family of 100+ CJK subsets under one name makes every text layout search all of them: ~10 ms a line.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

const require = createRequire(import.meta.url);

/** Packages in the order they are preferred for a character that several cover. */
export const FONT_PACKAGES = [
  '@fontsource-variable/noto-sans', // Latin, Greek, Cyrillic, Vietnamese, Devanagari
  '@fontsource-variable/noto-sans-arabic',
  '@fontsource-variable/noto-sans-hebrew',
  'emoji', // Twemoji in colour; before the CJK fonts, whose subsets carry black-and-white emoji
  '@fontsource-variable/noto-sans-sc', // Han (simplified and many traditional forms) and kana
  '@fontsource-variable/noto-sans-jp', // the Japanese kanji SC lacks
  '@fontsource-variable/noto-sans-kr', // Hangul
] as const;
export type FontPackage = (typeof FONT_PACKAGES)[number];

const EMOJI_FILE = 'twemoji-colr-font/twemoji.woff2';
/** A grapheme drawn as an emoji: a pictograph, a flag, a keycap or anything asking for emoji style. */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3|\ufe0f/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

interface Face {
  /** The name it is registered under (unique: one file per family name). */
  alias: string;
  file: string;
  registered: boolean;
}

export interface FontBook {
  /** A CSS font shorthand for drawing `text`: just the faces it needs, the Latin one always first. */
  font(text: string, px: number, weight?: number): string;
  /** Font files registered so far (they are registered on first use). */
  registeredFiles(): number;
  /** Every font file it may load. */
  files(): string[];
}

function parseRanges(ranges: string): [number, number][] {
  return ranges.split(',').map((range) => {
    const [lo, hi] = range.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(lo!, 16), parseInt(hi ?? lo!, 16)];
  });
}

/** The subsets of one Fontsource package, with the code points each covers. */
function packageFaces(name: string): { face: Face; ranges: [number, number][] }[] {
  const dir = dirname(require.resolve(name)); // the package's main file is its index.css
  const { id } = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as { id: string };
  const subsets = Object.entries(JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>);
  // 'latin' first: other subsets repeat some of its punctuation
  subsets.sort(([a], [b]) => Number(b === 'latin') - Number(a === 'latin'));
  return subsets.map(([key, ranges]) => {
    const subset = key.replace(/[[\]]/g, '');
    return {
      face: { alias: `studybot ${id} ${subset}`, file: join(dir, 'files', `${id}-${subset}-wght-normal.woff2`), registered: false },
      ranges: parseRanges(ranges),
    };
  });
}

/**
 * Fontsource cuts CJK fonts into slices by frequency, and a slice's unicode-range can list characters it has
 * no glyph for (SC's list Hangul syllables it lacks). For these, every package claiming a character is listed
 * in the font list, so the next one draws what the first lacks; the other packages' ranges are exact.
 */
const SLICED = new Set<FontPackage>(['@fontsource-variable/noto-sans-sc', '@fontsource-variable/noto-sans-jp', '@fontsource-variable/noto-sans-kr']);

/**
 * Reads the packages' subset tables (no font file is opened yet, but the Latin one). Throws when a package
 * or the Latin font file is missing. `packages` leaves some out (tests: to see what a missing font does).
 */
export function openFontBook(packages: readonly FontPackage[] = FONT_PACKAGES): FontBook {
  const faces: Face[] = [];
  /** Per package, in priority order: each code point's face (its first subset that lists it). */
  const tables: { sliced: boolean; faceOf: Map<number, number> }[] = [];
  let emoji: Face | undefined;
  for (const name of packages) {
    if (name === 'emoji') {
      emoji = { alias: 'studybot emoji', file: require.resolve(EMOJI_FILE), registered: false };
      faces.push(emoji);
      continue;
    }
    const faceOf = new Map<number, number>();
    for (const { face, ranges } of packageFaces(name)) {
      faces.push(face);
      for (const [lo, hi] of ranges) for (let cp = lo; cp <= hi; cp++) if (!faceOf.has(cp)) faceOf.set(cp, faces.length - 1);
    }
    tables.push({ sliced: SLICED.has(name), faceOf });
  }
  const latin = faces[0];
  if (!latin) throw new Error('no font package to draw with');
  const emojiIndex = emoji ? faces.indexOf(emoji) : -1;

  const register = (face: Face) => {
    if (face.registered) return;
    if (!GlobalFonts.registerFromPath(face.file, face.alias)) throw new Error(`could not load the font ${face.file}`);
    face.registered = true;
  };

  const addFaces = (cp: number, used: Set<number>) => {
    for (const { sliced, faceOf } of tables) {
      const index = faceOf.get(cp);
      if (index === undefined) continue;
      used.add(index);
      if (!sliced) return;
    }
  };

  const families = new Map<string, string>();
  const familiesFor = (text: string): string => {
    const cached = families.get(text);
    if (cached !== undefined) return cached;
    const used = new Set<number>([0]);
    for (const { segment } of graphemes.segment(text)) {
      if (emojiIndex >= 0 && EMOJI.test(segment)) used.add(emojiIndex);
      for (const ch of segment) addFaces(ch.codePointAt(0)!, used);
    }
    const list = [...used].sort((a, b) => a - b).map((i) => faces[i]!);
    list.forEach(register);
    const value = list.map((f) => `'${f.alias}'`).join(', ');
    if (families.size > 2000) families.clear(); // names come and go; keep the memo small
    families.set(text, value);
    return value;
  };

  register(latin);
  return {
    font: (text, px, weight = 400) => `${weight} ${px}px ${familiesFor(text)}`,
    registeredFiles: () => faces.filter((f) => f.registered).length,
    files: () => faces.map((f) => f.file),
  };
}
