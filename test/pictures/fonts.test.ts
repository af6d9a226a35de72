import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FONT_PACKAGES, openFontBook } from '../../src/pictures/fonts.js';

describe('shipped fonts', () => {
  const book = openFontBook();

  it('finds a font file for every subset of every package, and survives the Docker image’s trim', () => {
    const files = book.files();
    expect(files.length).toBeGreaterThan(300); // the CJK families come in ~100 subsets each
    expect(files.filter((f) => !existsSync(f))).toEqual([]);
    // the Dockerfile deletes every .woff2 of @fontsource-variable but those matching its kept pattern
    const dockerfile = readFileSync(join(import.meta.dirname, '../../Dockerfile'), 'utf8');
    const kept = /find node_modules\/@fontsource-variable -name '\*\.woff2' ! -name '\*([^']+)' -delete/.exec(dockerfile)?.[1];
    expect(kept).toBeDefined();
    expect(files.filter((f) => f.includes('@fontsource-variable') && !basename(f).endsWith(kept!))).toEqual([]);
    expect(FONT_PACKAGES).toContain('emoji');
  });

  it('opens a font file only when a text needs it, and names just the faces that text needs', () => {
    const own = openFontBook();
    expect(own.registeredFiles()).toBe(1); // Latin, for every text
    expect(own.font('Ada', 20)).toBe("400 20px 'studybot noto-sans latin'");
    expect(own.font('Zoë 🎉', 18, 700)).toBe("700 18px 'studybot noto-sans latin', 'studybot emoji'");
    const hangul = own.font('김민준', 20);
    expect(hangul).toMatch(/'studybot noto-sans-kr \d+'/);
    expect(own.font('שלום', 20)).toMatch(/^400 20px 'studybot noto-sans latin', 'studybot noto-sans-hebrew hebrew'$/);
    expect(own.registeredFiles()).toBeGreaterThan(3);
  });
});
