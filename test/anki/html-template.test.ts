import { describe, expect, it } from 'vitest';
import { clozeAnswers, clozeNumbers, clozeQuestion } from '../../src/anki/cloze.js';
import { htmlToText } from '../../src/anki/html.js';
import { renderTemplate, type TemplateContext } from '../../src/anki/template.js';

describe('field HTML to text', () => {
  it('keeps line breaks from <br> and blocks, collapses source whitespace', () => {
    expect(htmlToText('one<br>two<div>three</div><p>four</p>\n   five').text).toBe('one\ntwo\nthree\nfour\nfive');
    expect(htmlToText('a\n  b\t c').text).toBe('a b c');
  });

  it('decodes entities and keeps &nbsp; spaces', () => {
    expect(htmlToText('Tom &amp; Jerry &lt;3 &quot;hi&quot; &#39;x&#39; caf&eacute; &#x1F600;').text).toBe('Tom & Jerry <3 "hi" \'x\' café 😀');
    expect(htmlToText('a&nbsp;&nbsp;b').text).toBe('a  b');
  });

  it('drops markup, scripts and styles, and sound tags', () => {
    expect(htmlToText('<b>bold</b> <span style="color:red">red</span><script>alert(1)</script><style>b{}</style>').text).toBe('bold red');
    expect(htmlToText('Hear it [sound:word.mp3] now').text).toBe('Hear it now');
  });

  it('lists items one per line', () => {
    expect(htmlToText('Parts:<ul><li>head</li><li>tail</li></ul>').text).toBe('Parts:\n• head\n• tail');
  });

  it('collects local images once, in order, and leaves remote ones out', () => {
    const r = htmlToText('<img src="a.png"> x <IMG SRC="b b.jpg"><img src="a.png"><img src="https://example.com/c.png"><img src="data:image/png;base64,AAA">');
    expect(r).toEqual({ text: 'x', images: ['a.png', 'b b.jpg'] });
  });

  it('survives broken HTML', () => {
    expect(htmlToText('<div><b>unclosed <i>tags</div> & stray < brackets').text).toBe('unclosed tags\n& stray < brackets');
  });
});

describe('cloze deletions', () => {
  it('numbers, questions and answers', () => {
    const text = '{{c1::Paris}} is the capital of {{c2::France::country}}; {{c1::Berlin}} of Germany';
    expect(clozeNumbers(text)).toEqual([1, 2]);
    expect(clozeQuestion(text, 1)).toBe('[...] is the capital of France; [...] of Germany');
    expect(clozeQuestion(text, 2)).toBe('Paris is the capital of [country]; Berlin of Germany');
    expect(clozeAnswers(text, 1)).toEqual(['Paris', 'Berlin']);
    expect(clozeAnswers(text, 2)).toEqual(['France']);
  });

  it('nested and shared deletions', () => {
    const text = '{{c1::The {{c2::mitochondria}} make ATP}}, {{c3,4::both}}';
    expect(clozeNumbers(text)).toEqual([1, 2, 3, 4]);
    expect(clozeQuestion(text, 1)).toBe('[...], both');
    expect(clozeQuestion(text, 2)).toBe('The [...] make ATP, both');
    expect(clozeAnswers(text, 1)).toEqual(['The mitochondria make ATP']);
    expect(clozeQuestion(text, 4)).toBe('The mitochondria make ATP, [...]');
  });

  it('treats an unclosed deletion and stray braces as text', () => {
    expect(clozeNumbers('{{c1::open and a::b }} extra }}')).toEqual([1]);
    expect(clozeQuestion('a {{c1::never closed', 1)).toBe('a {{c1::never closed');
    expect(clozeNumbers('a {{c1::never closed')).toEqual([]);
  });
});

describe('card templates', () => {
  const ctx = (fields: Record<string, string>, extra: Partial<TemplateContext> = {}): TemplateContext => ({
    fields: new Map(Object.entries(fields)),
    tags: 'tag1 tag2',
    deck: 'Top::Sub',
    noteType: 'Basic',
    cardName: 'Card 1',
    side: 'question',
    ...extra,
  });

  it('fills fields and special fields', () => {
    expect(renderTemplate('{{Front}} / {{Deck}} / {{Subdeck}} / {{Tags}} / {{Type}} / {{Card}}', ctx({ Front: 'F' })).html).toBe(
      'F / Top::Sub / Sub / tag1 tag2 / Basic / Card 1',
    );
    expect(renderTemplate('{{ front }}', ctx({ Front: 'case-insensitive fallback' })).html).toBe('case-insensitive fallback');
    expect(renderTemplate('[{{Missing}}]', ctx({})).html).toBe('[]');
  });

  it('shows sections when a field is filled (text or picture), inverted ones when empty', () => {
    const t = '{{#Extra}}has {{Extra}}{{/Extra}}{{^Extra}}none{{/Extra}}';
    expect(renderTemplate(t, ctx({ Extra: 'x' })).html).toBe('has x');
    expect(renderTemplate(t, ctx({ Extra: ' <br> &nbsp;' })).html).toBe('none');
    expect(renderTemplate(t, ctx({ Extra: '<img src="a.png">' })).html).toBe('has <img src="a.png">');
    expect(renderTemplate('{{#A}}a{{#B}}b{{/B}}{{/A}}', ctx({ A: '1', B: '' })).html).toBe('a');
  });

  it('type: shows nothing on the question and reports the typed field', () => {
    const q = renderTemplate('{{Front}}\n{{type:Back}}', ctx({ Front: 'Q', Back: 'A' }));
    expect(q.html).toBe('Q\n');
    expect(q.typedFields).toEqual(['Back']);
    expect(renderTemplate('{{type:Back}}', ctx({ Back: 'A' }, { side: 'answer' })).html).toBe('A');
  });

  it('cloze: hides this number on the question, collects it on the answer', () => {
    const fields = { Text: '{{c1::a}} {{c2::b}}' };
    expect(renderTemplate('{{cloze:Text}}', ctx(fields, { clozeOrd: 2 })).html).toBe('a [...]');
    const a = renderTemplate('{{cloze:Text}}<br>{{Extra}}', ctx({ ...fields, Extra: 'more' }, { clozeOrd: 2, side: 'answer' }));
    expect(a.clozeAnswers).toEqual(['b']);
    expect(a.html).toBe('<br>more');
  });

  it('hint and tts render as nothing; furigana filters', () => {
    expect(renderTemplate('{{hint:Notes}}{{tts en_US:Front}}', ctx({ Notes: 'n', Front: 'f' })).html).toBe('');
    const f = { Word: '日本[にほん] 語[ご]' };
    expect(renderTemplate('{{kanji:Word}}', ctx(f)).html).toBe('日本語');
    expect(renderTemplate('{{kana:Word}}', ctx(f)).html).toBe('にほんご');
    expect(renderTemplate('{{furigana:Word}}', ctx(f)).html).toBe('日本(にほん)語(ご)');
  });

  it('FrontSide only on the answer', () => {
    expect(renderTemplate('{{FrontSide}}|', ctx({}, { side: 'answer', frontSide: 'Q' })).html).toBe('Q|');
    expect(renderTemplate('{{FrontSide}}|', ctx({})).html).toBe('|');
  });
});
