import { describe, expect, it } from 'vitest';
import { LIMITS, renderMessage, renderModal, toMrkdwn } from '../../../src/bot/slack/render.js';
import type { Message } from '../../../src/core/messages.js';

type AnyBlock = { type: string; text?: { type: string; text: string }; fields?: Array<{ text: string }>; elements?: Array<Record<string, unknown>> };

describe('toMrkdwn', () => {
  it('turns **bold** into *bold*, keeps _italic_ and `code`, escapes &, <, >', () => {
    expect(toMrkdwn('**Bold** and _it_ `x<y>` & **more**')).toBe('*Bold* and _it_ `x&lt;y&gt;` &amp; *more*');
  });
});

describe('renderMessage', () => {
  it('lays out title, text, fields, footer and buttons as Block Kit', () => {
    const message: Message = {
      title: 'Leaderboard',
      text: 'This **week**',
      fields: [
        { name: '1. alice', value: '30 pts', inline: true },
        { name: '2. bob', value: '10 pts', inline: true },
        { name: 'Note', value: 'ties share a place' },
      ],
      footer: 'Resets Monday',
      choices: [{ id: 'sb1:rnext', label: 'Next', style: 'success' }, { id: 'sb1:rshow:1', label: 'Show', style: 'danger' }],
      visibility: 'public',
    };
    const { text, blocks } = renderMessage(message) as { text: string; blocks: AnyBlock[] };
    expect(text).toBe('Leaderboard\nThis week');
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'actions']);
    expect(blocks[1]?.text).toEqual({ type: 'mrkdwn', text: 'This *week*' });
    expect(blocks[2]?.fields?.map((f) => f.text)).toEqual(['*1. alice*\n30 pts', '*2. bob*\n10 pts']);
    expect(blocks[3]?.text?.text).toBe('*Note*\nties share a place');
    expect(blocks[5]?.elements).toEqual([
      { type: 'button', action_id: 'sb1:rnext', value: 'sb1:rnext', text: { type: 'plain_text', text: 'Next', emoji: true }, style: 'primary' },
      { type: 'button', action_id: 'sb1:rshow:1', value: 'sb1:rshow:1', text: { type: 'plain_text', text: 'Show', emoji: true }, style: 'danger' },
    ]);
  });

  it('keeps within Block Kit limits: ≤5 buttons a row, button text ≤75, sections ≤3000, header ≤150', () => {
    const message: Message = {
      title: 'T'.repeat(400),
      text: 'x'.repeat(7000),
      choices: Array.from({ length: 12 }, (_, i) => ({ id: `sb1:mcq:1:${i}`, label: 'L'.repeat(200) })),
      visibility: 'public',
    };
    const { blocks } = renderMessage(message) as { blocks: AnyBlock[] };
    const header = blocks.find((b) => b.type === 'header')!;
    expect(header.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    const sections = blocks.filter((b) => b.type === 'section');
    expect(sections.map((s) => s.text!.text).join('')).toHaveLength(7000);
    for (const s of sections) expect(s.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    const rows = blocks.filter((b) => b.type === 'actions');
    expect(rows.map((r) => r.elements!.length)).toEqual([5, 5, 2]);
    for (const row of rows) {
      for (const button of row.elements!) expect((button.text as { text: string }).text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    }
  });

  it('cuts long text between characters, never inside an emoji (no lone surrogates on the wire)', () => {
    const title = `${'T'.repeat(LIMITS.headerText - 2)}😀😀😀`;
    const { blocks } = renderMessage({ title, text: 'x', visibility: 'public' }) as { blocks: AnyBlock[] };
    const header = blocks.find((b) => b.type === 'header')!.text!.text;
    expect(header).toBe(`${'T'.repeat(LIMITS.headerText - 2)}😀…`);
  });

  it('escapes user content everywhere Slack parses mrkdwn, so a card cannot ping <!channel>', () => {
    const { text, blocks } = renderMessage({ title: 'Q', text: 'Hi <!channel> & <@U1>', visibility: 'public' });
    expect(text).toBe('Q\nHi &lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
  });

  it('renders no empty section for a message with only a title', () => {
    const { blocks } = renderMessage({ title: 'Hi', text: '', visibility: 'private' }) as { blocks: AnyBlock[] };
    expect(blocks.map((b) => b.type)).toEqual(['header']);
  });
});

describe('renderModal', () => {
  it('builds a modal with the prompt, a multiline input and the core id as callback_id', () => {
    const view = renderModal(
      { id: 'sb1:typed:4', title: 'Answer the question please', prompt: 'What is **WGAN**?', inputLabel: 'Your answer', placeholder: 'Type', maxLength: 500 },
      '{"c":"C1"}',
    );
    expect(view.callback_id).toBe('sb1:typed:4');
    expect(view.private_metadata).toBe('{"c":"C1"}');
    expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect(view.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'What is *WGAN*?' } },
      {
        type: 'input',
        block_id: 'answer',
        label: { type: 'plain_text', text: 'Your answer' },
        element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 500, placeholder: { type: 'plain_text', text: 'Type' } },
      },
    ]);
    // Without a limit from the core, Slack's own cap applies.
    const uncapped = renderModal({ id: 'sb1:typed:4', title: 'A', prompt: '', inputLabel: 'B' }, '{}');
    expect(uncapped.blocks).toHaveLength(1);
    expect(uncapped.blocks[0]).toMatchObject({ element: { max_length: LIMITS.inputLength } });
  });
});
