import { describe, expect, it } from 'vitest';
import type { Choice } from '../../../src/core/messages.js';
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
    expect(rendered.files).toEqual([{ name: 'wgan_grid.png', data: Buffer.from(png) }]);
    expect(rendered.embeds[0]!.image).toEqual({ url: 'attachment://wgan_grid.png' });
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
    const input = (modal.components[0] as any).components[0];
    expect(input).toMatchObject({ type: 4, style: 2, custom_id: 'answer', required: true, placeholder: 'What does the discriminator output?' });
    expect(Array.from(input.label as string).length).toBeLessThanOrEqual(45);
  });
});

describe('helpers', () => {
  it('attachmentName makes a safe png name', () => {
    expect(attachmentName('a b/c.png')).toBe('a_b_c.png');
    expect(attachmentName('grid')).toBe('grid.png');
    expect(attachmentName('..png')).toBe('png.png');
  });
});
