import { describe, expect, it } from 'vitest';
import type { Choice } from '../../../src/core/messages.js';
import { MAX_TYPED_ANSWER } from '../../../src/core/options.js';
import { attachmentName, LIMITS, renderMessage, renderModal } from '../../../src/bot/discord/render.js';

const choices = (n: number): Choice[] => Array.from({ length: n }, (_, i) => ({ id: `sb1:mcq:1:${i}`, label: `Option ${i}` }));

describe('renderMessage', () => {
  it('maps title, text, fields and footer to one embed', () => {
    const rendered = renderMessage({
      title: 'Question',
      text: 'What is **mode collapse**?',
      fields: [{ name: 'Deck', value: 'gan', inline: true }, { name: '', value: '' }],
      footer: '3 answered',
      visibility: 'public',
    });
    expect(rendered.embeds).toEqual([
      {
        title: 'Question',
        description: 'What is **mode collapse**?',
        fields: [
          { name: 'Deck', value: 'gan', inline: true },
          { name: '\u200b', value: '\u200b' },
        ],
        footer: { text: '3 answered' },
      },
    ]);
    expect(rendered.ephemeral).toBe(false);
    expect(rendered.files).toEqual([]);
  });

  it('marks private messages ephemeral', () => {
    expect(renderMessage({ text: 'only you', visibility: 'private' }).ephemeral).toBe(true);
  });

  it('puts at most 5 buttons in a row and at most 5 rows', () => {
    expect(renderMessage({ text: 'q', visibility: 'public', choices: choices(4) }).components).toHaveLength(1);
    const seven = renderMessage({ text: 'q', visibility: 'public', choices: choices(7) }).components;
    expect(seven.map((row) => row.components.length)).toEqual([5, 2]);
    const many = renderMessage({ text: 'q', visibility: 'public', choices: choices(30) }).components;
    expect(many).toHaveLength(LIMITS.rows);
    expect(many.every((row) => row.components.length === 5)).toBe(true);
    expect(many[0]?.components[2]?.custom_id).toBe('sb1:mcq:1:2');
  });

  it('maps button styles and truncates long labels to 80 characters', () => {
    const rendered = renderMessage({
      text: 'q',
      visibility: 'public',
      choices: [
        { id: 'a', label: 'x'.repeat(200), style: 'primary' },
        { id: 'b', label: 'Again', style: 'danger' },
        { id: 'c', label: 'Good', style: 'success' },
        { id: 'd', label: 'Hint' },
      ],
    });
    const buttons = rendered.components[0]!.components;
    expect(buttons.map((b) => b.style)).toEqual([1, 4, 3, 2]);
    expect(Array.from(buttons[0]!.label!)).toHaveLength(80);
    expect(buttons[0]!.label!.endsWith('…')).toBe(true);
  });

  it('drops buttons whose id Discord would reject', () => {
    const rendered = renderMessage({ text: 'q', visibility: 'public', choices: [{ id: 'x'.repeat(101), label: 'bad' }, { id: 'ok', label: 'ok' }] });
    expect(rendered.components[0]!.components.map((b) => b.custom_id)).toEqual(['ok']);
  });

  it('keeps embed text within Discord limits', () => {
    const rendered = renderMessage({ title: 't'.repeat(300), text: 'd'.repeat(5000), visibility: 'public' });
    expect(rendered.embeds[0]!.title).toHaveLength(LIMITS.title);
    expect(rendered.embeds[0]!.description).toHaveLength(LIMITS.description);
  });

  it('attaches an image and points the embed at it', () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const rendered = renderMessage({ text: '', visibility: 'public', image: { png, filename: 'wgan grid.png', alt: 'digits' } });
    expect(rendered.files).toEqual([{ name: 'wgan_grid.png', data: Buffer.from(png), contentType: 'image/png', description: 'digits' }]);
    expect(rendered.embeds[0]!.image).toEqual({ url: 'attachment://wgan_grid.png' });
  });

  it('attaches a message\'s files under their own names, and names those past the upload limit instead', () => {
    const small = { name: 'deck.apkg', bytes: new Uint8Array(1000), mime: 'application/octet-stream' };
    const big = { name: 'deck.csv', bytes: new Uint8Array(LIMITS.uploadBytes), mime: 'text/csv' };
    const rendered = renderMessage({ text: 'Exported.', visibility: 'private', files: [small, big] });
    expect(rendered.files.map((f) => [f.name, f.contentType, f.data.length])).toEqual([['deck.apkg', 'application/octet-stream', 1000]]);
    expect(rendered.embeds[0]!.description).toContain("`deck.csv` (10.0 MB) is over Discord's 10 MB upload limit");
  });

  it('gives the attachment its alt text as description, within Discord\'s 1,024 characters', () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const rendered = renderMessage({ text: 'board', visibility: 'public', image: { png, filename: 'leaderboard.png', alt: 'x'.repeat(2000) } });
    expect([...rendered.files[0]!.description!].length).toBeLessThanOrEqual(1024);
    expect(rendered.files[0]!.description!.startsWith('xxx')).toBe(true);
  });

  it('gives an otherwise empty embed a visible body', () => {
    expect(renderMessage({ text: '', visibility: 'public' }).embeds[0]!.description).toBe('\u200b');
  });
});

describe('renderModal', () => {
  it('builds a modal with one required paragraph input within Discord limits', () => {
    const modal = renderModal({
      id: 'sb1:typed:4',
      title: 'Answer: what does the discriminator of a GAN output?',
      prompt: 'What does the discriminator output?',
      inputLabel: 'Your answer in a few words, as precise as you can',
    });
    expect(modal.custom_id).toBe('sb1:typed:4');
    expect(Array.from(modal.title).length).toBeLessThanOrEqual(45);
    // The question shows as a Text Display; the input sits in a Label (not the deprecated action row).
    expect(modal.components[0]).toEqual({ type: 10, content: 'What does the discriminator output?' });
    const label = modal.components[1] as any;
    expect(label.type).toBe(18);
    expect(Array.from(label.label as string).length).toBeLessThanOrEqual(45);
    expect(label.component).toMatchObject({ type: 4, style: 2, custom_id: 'answer', required: true, max_length: MAX_TYPED_ANSWER });
    expect(label.component.label).toBeUndefined();
  });

  it('caps the input at the core limit or the smaller one the modal asks for', () => {
    const modal = renderModal({ id: 'm', title: 'T', prompt: '', inputLabel: 'A', maxLength: 300 });
    expect(modal.components).toHaveLength(1);
    expect((modal.components[0] as any).component.max_length).toBe(300);
  });
});

describe('long text', () => {
  it('keeps a 4,000-character card answer whole, in the description', () => {
    const back = 'b'.repeat(3990) + ' end.';
    const rendered = renderMessage({ title: 'Answer', text: '**Q?**', fields: [{ name: 'Answer', value: back }], visibility: 'private' });
    const embed = rendered.embeds[0]!;
    expect(embed.description).toBe(`**Q?**\n\n**Answer**\n${back}`);
    expect(embed.fields).toBeUndefined();
  });

  it('splits a long answer over fields when the description is taken, within 6,000 in all', () => {
    const back = 'x'.repeat(3000);
    const rendered = renderMessage({ text: 'q'.repeat(2000), fields: [{ name: 'Reference answer', value: back }], visibility: 'private' });
    const embed = rendered.embeds[0]!;
    expect(embed.fields!.map((f) => f.value).join('')).toBe(back);
    expect(embed.fields![0]!.name).toBe('Reference answer');
    expect(embed.fields!.every((f) => f.value.length <= LIMITS.fieldValue)).toBe(true);
    const total = [embed.description, ...embed.fields!.flatMap((f) => [f.name, f.value])].join('').length;
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  });

  it('keeps a verdict on the longest card under 6,000 characters in all, its text whole and its lists cut', () => {
    // A 4,000-character answer whose 40 key points are listed as got and missed (found by review: 6,100 in all).
    const points = Array.from({ length: 20 }, (_, i) => `key point number ${i} of a long card, in a sentence of some length`);
    const rendered = renderMessage({
      title: 'Partly right',
      text: 'Your answer: ' + 'a'.repeat(1900),
      fields: [
        { name: 'Reference answer', value: 'r'.repeat(4000) },
        { name: 'You got', value: points.join('\n') },
        { name: 'Missed', value: points.join('\n') },
      ],
      footer: 'Score 50% · rated Hard',
      visibility: 'private',
    });
    const embed = rendered.embeds[0]!;
    const total = [embed.title, embed.description, embed.footer?.text, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])].join('').length;
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(embed.description!.startsWith('Your answer: ' + 'a'.repeat(1900))).toBe(true);
    expect(embed.fields![0]!.name).toBe('Reference answer');
    expect(embed.fields!.at(-1)!.value.endsWith('…')).toBe(true);
  });

  it('says how many list lines were left out (a long /decks list)', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `\`deck-${i}\` — Deck number ${i} with a descriptive title (25 cards)`);
    const description = renderMessage({ title: 'Decks', text: lines.join('\n'), visibility: 'private' }).embeds[0]!.description!;
    expect(description.length).toBeLessThanOrEqual(LIMITS.description);
    const shown = description.split('\n').filter((line) => line.startsWith('`deck-'));
    expect(shown.every((line) => lines.includes(line))).toBe(true);
    expect(description.endsWith(`… and ${lines.length - shown.length} more`)).toBe(true);
  });

  it('says how many winners were left out of a long reveal', () => {
    const names = Array.from({ length: 400 }, (_, i) => `Player ${i} (+10)`);
    const text = `**Q**\n\n**Answer:** A\n\nGot it right (400 of 400): ${names.join(', ')}`;
    const description = renderMessage({ text, visibility: 'public' }).embeds[0]!.description!;
    expect(description.length).toBeLessThanOrEqual(LIMITS.description);
    const match = description.match(/, … and (\d+) more$/);
    expect(match).not.toBeNull();
    const shown = description.slice(description.indexOf('): ') + 3).split(', ').length - 1;
    expect(shown + Number(match![1])).toBe(400);
  });
});

/** Every key of `json`, however deep. */
function keysOf(json: unknown): string[] {
  if (Array.isArray(json)) return json.flatMap(keysOf);
  if (!json || typeof json !== 'object') return [];
  return Object.entries(json).flatMap(([key, value]) => [key, ...keysOf(value)]);
}

describe('API JSON', () => {
  // The clients send components, embeds and modals untransformed (client-options.ts asApiJson): a
  // camelCase key would reach Discord as it is, where discord.js's default would have snake-cased it.
  it('has snake_case keys only, in messages with every part, and in modals', () => {
    const message = renderMessage({
      title: 'Question',
      text: 'What is mode collapse?',
      fields: [{ name: 'Deck', value: 'gan', inline: true }],
      footer: '3 answered',
      visibility: 'public',
      choices: [...choices(6), { id: 'sb1:x:1', label: 'Reveal', style: 'danger' }],
      image: { png: new Uint8Array([1, 2, 3]), filename: 'sample.png', alt: 'a sample' },
      countdown: { closesAt: new Date('2026-12-03T12:00:00Z'), secondsLeft: 60 },
    });
    const modal = renderModal({ id: 'sb1:modal:1', title: 'Your answer', inputLabel: 'Answer', prompt: 'What is a GAN?', placeholder: 'Type here' });
    const keys = keysOf([message.embeds, message.components, modal]);
    expect(keys).toEqual(expect.arrayContaining(['custom_id', 'max_length', 'footer', 'image', 'fields', 'inline', 'style', 'component']));
    for (const key of keys) expect(key).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
  });
});

describe('helpers', () => {
  it('attachmentName makes a safe png name', () => {
    expect(attachmentName('a b/c.png')).toBe('a_b_c.png');
    expect(attachmentName('grid')).toBe('grid.png');
    expect(attachmentName('..png')).toBe('png.png');
  });
});
