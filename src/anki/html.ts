/**
 * Anki field HTML -> the plain text a chat message shows: line breaks kept (<br>, block elements),
 * entities decoded, other markup dropped, `<img>` kept as a list of image file names and sounds dropped.
 * htmlparser2 does the tokenising and entity decoding, forgivingly, as browsers do.
 */
import { Parser } from 'htmlparser2';

export interface FieldText {
  text: string;
  /** `src` of each local <img>, in order, without duplicates. Remote images (http:, data:) are left out. */
  images: string[];
}

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'ol', 'p', 'pre', 'section', 'table', 'tr', 'ul',
]);
const SKIP_CONTENT = new Set(['script', 'style', 'head', 'title', 'template']);
const SOUND = /\[sound:[^\]]*\]/g;

export function htmlToText(html: string): FieldText {
  const images: string[] = [];
  let out = '';
  let skipping = 0;
  let pre = 0;
  const newline = () => {
    out = out.replace(/[ \t]+$/, '');
    if (out !== '' && !out.endsWith('\n')) out += '\n';
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (SKIP_CONTENT.has(name)) skipping++;
        else if (name === 'br') out = `${out.replace(/[ \t]+$/, '')}\n`;
        else if (name === 'img') {
          const src = attribs.src?.trim() ?? '';
          if (isLocalFile(src) && !images.includes(src)) images.push(src);
        } else if (BLOCK.has(name)) {
          newline();
          if (name === 'li') out += '• ';
          if (name === 'pre') pre++;
        }
      },
      onclosetag(name) {
        if (SKIP_CONTENT.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK.has(name)) {
          if (name === 'pre') pre = Math.max(0, pre - 1);
          newline();
        }
      },
      ontext(text) {
        if (skipping > 0) return;
        // HTML collapses source whitespace (outside <pre>); a line break is only a <br> or a block
        const noSound = text.replace(SOUND, '');
        const t = pre > 0 ? noSound : noSound.replace(/[ \t\r\n\f]+/g, ' ');
        out += out === '' || out.endsWith('\n') || out.endsWith(' ') ? t.replace(/^ +/, '') : t;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const text = out
    .replace(/\u00a0/g, ' ') // &nbsp; is how Anki's editor keeps repeated spaces
    .replace(/\u200b/g, '')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, images };
}

/** Whether a field counts as filled, as Anki decides for {{#Field}} and card generation: text or an image. */
export function fieldIsFilled(html: string): boolean {
  const { text, images } = htmlToText(html);
  return text !== '' || images.length > 0;
}

function isLocalFile(src: string): boolean {
  return src !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('//');
}
