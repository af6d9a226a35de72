import { describe, expect, it } from 'vitest';
import { LIMITS, renderMessage, renderModal, toMrkdwn, TRIMMED_NOTE } from '../../../src/bot/slack/render.js';
import { messageProblems } from '../../support/slack-rules.js';
import type { Message } from '../../../src/core/messages.js';

type AnyBlock = { type: string; block_id?: string; text?: { type: string; text: string }; fields?: Array<{ text: string }>; elements?: Array<Record<string, unknown>> };

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

describe('block_ids', () => {
  const ids = (message: Message) => (renderMessage(message).blocks as AnyBlock[]).flatMap((b) => (b.block_id ? [b.block_id] : []));
  it('are unique in a message and new in every rendering, so an update never repeats one ("use a new block_id")', () => {
    const round = (n: number): Message => ({ text: 'Q', choices: Array.from({ length: 8 }, (_, i) => ({ id: `sb1:mcq:${n}:${i}`, label: `${i}` })), visibility: 'public' });
    const first = ids(round(1));
    expect(first).toHaveLength(2);
    expect(new Set(first).size).toBe(first.length);
    expect(ids(round(2)).filter((id) => first.includes(id))).toEqual([]);
    // A count update re-sends the same buttons: still new block_ids.
    expect(ids(round(1)).filter((id) => first.includes(id))).toEqual([]);
  });
});

describe('long text: split over sections, never cut', () => {
  const sectionTexts = (message: Message) => (renderMessage(message).blocks as AnyBlock[]).filter((b) => b.type === 'section' && b.text).map((b) => b.text!.text);
  const words = (chars: number) => Array.from({ length: chars }, (_, i) => `w${i}`).join(' ').slice(0, chars).trim();

  it.each([
    ['a reveal', { name: 'Answer', value: words(4000) }],
    ['a verdict', { name: 'Reference answer', value: words(4000) }],
  ])('shows %s\'s 4,000-character answer whole, in sections of at most 3,000 split between words', (_what, field) => {
    const message: Message = { title: 'Q', text: 'What is a GAN?', fields: [field], choices: [{ id: 'sb1:next', label: 'Next' }], visibility: 'public' };
    const rendered = renderMessage(message);
    expect(messageProblems(rendered)).toEqual({ problems: [], error: undefined });
    const texts = sectionTexts(message).slice(1);
    expect(texts.length).toBe(2);
    for (const text of texts) expect(Array.from(text).length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(texts.join(' ')).toBe(`*${field.name}*\n${field.value}`);
    expect(JSON.stringify(rendered.blocks)).not.toContain('…');
  });

  it.each([
    // A field's section starts with its name: the emoji is still its 3,000th character.
    ['body text', '', (value: string): Message => ({ text: value, visibility: 'public' })],
    ['a field', '*A*\n', (value: string): Message => ({ text: '', fields: [{ name: 'A', value }], visibility: 'public' })],
  ])('splits %s after an emoji at the 3,000 boundary, not inside it', (_what, prefix, make) => {
    const head = `${prefix}${'x'.repeat(LIMITS.sectionText - 1 - prefix.length)}😀`;
    const message = make(`${head}y`.slice(prefix.length));
    expect(messageProblems(renderMessage(message))).toEqual({ problems: [], error: undefined });
    expect(sectionTexts(message)).toEqual([head, 'y']);
  });
});

describe('message size', () => {
  const choices = [0, 1, 2, 3, 4, 5].map((i) => ({ id: `sb1:page:${i}`, label: `Button ${i}` }));
  it.each([
    ['a /decks list of 60 decks (fields)', { fields: Array.from({ length: 60 }, (_, i) => ({ name: `Deck ${i}`, value: `${'card topic, '.repeat(25)}` })) }],
    ['a reveal with 300 winners (text)', { text: Array.from({ length: 300 }, (_, i) => `${i + 1}. <@U${i}> winner-${'x'.repeat(90)} 🏆`).join('\n') }],
  ])('trims %s to what Slack accepts, says so, and keeps footer and buttons', (_what, body) => {
    const rendered = renderMessage({ title: 'Big', text: '', ...body, footer: 'page 1', choices, visibility: 'public' });
    expect(messageProblems(rendered)).toEqual({ problems: [], error: undefined });
    const json = JSON.stringify(rendered.blocks);
    expect(json).toContain(TRIMMED_NOTE);
    expect(json).toContain('page 1');
    expect(json).toContain('sb1:page:5');
    expect(json).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('cuts an over-long body at a line end even when emoji come before it', () => {
    // Each 🏆 is two UTF-16 units: counting the cut in those lands it past the line end, mid-line.
    const line = (i: number) => `${i}. 🏆 ${'w'.repeat(60)}`;
    const text = Array.from({ length: 400 }, (_, i) => line(i)).join('\n');
    const rendered = renderMessage({ text, visibility: 'public' });
    expect(messageProblems(rendered)).toEqual({ problems: [], error: undefined });
    const kept = (rendered.blocks as AnyBlock[]).filter((b) => b.type === 'section').flatMap((b) => b.text!.text.split('\n'));
    expect(kept.length).toBeGreaterThan(100);
    kept.forEach((l, i) => expect(l).toBe(line(i)));
  });

  it('leaves a message that fits alone', () => {
    const rendered = renderMessage({ text: 'short', fields: [{ name: 'a', value: 'b' }], visibility: 'public' });
    expect(JSON.stringify(rendered.blocks)).not.toContain(TRIMMED_NOTE);
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
    // A long prompt goes on in the next section rather than being cut.
    const prompt = `${'x'.repeat(LIMITS.sectionText - 1)}😀 and the rest`;
    const long = renderModal({ id: 'sb1:typed:4', title: 'A', prompt, inputLabel: 'B' }, '{}');
    expect((long.blocks as AnyBlock[]).filter((b) => b.type === 'section').map((b) => b.text!.text).join(' ')).toBe(prompt);
    // Without a limit from the core, Slack's own cap applies.
    const uncapped = renderModal({ id: 'sb1:typed:4', title: 'A', prompt: '', inputLabel: 'B' }, '{}');
    expect(uncapped.blocks).toHaveLength(1);
    expect(uncapped.blocks[0]).toMatchObject({ element: { max_length: LIMITS.inputLength } });
  });
});
