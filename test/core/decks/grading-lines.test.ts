import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeckParseError } from '../../../src/core/errors.js';
import { MAX_KEY_POINTS } from '../../../src/core/decks/grading-lines.js';
import { parseDeck } from '../../../src/core/decks/parse.js';

function errorOf(filename: string, content: string): DeckParseError {
  try {
    parseDeck(filename, content);
  } catch (e) {
    expect(e).toBeInstanceOf(DeckParseError);
    return e as DeckParseError;
  }
  throw new Error('expected a DeckParseError');
}

describe('Key: and Accept: lines in plain-text decks', () => {
  const deck = [
    'Networks',
    'What does TCP add over IP?',
    'Reliable, ordered delivery with flow control.',
    'Key: reliable delivery; ordered delivery',
    'Key: flow control',
    'Accept: retransmission, ordering and a sliding window',
    'Accept: it makes delivery reliable and in order',
    'What is UDP?',
    'Connectionless datagrams without delivery guarantees.',
  ].join('\n');

  it('gives a card its key points (";" between them, several lines) and accepted answers (one a line)', () => {
    const [tcp, udp] = parseDeck('net.txt', deck).cards;
    expect(tcp).toMatchObject({
      back: 'Reliable, ordered delivery with flow control.',
      keyPoints: ['reliable delivery', 'ordered delivery', 'flow control'],
      accepted: ['retransmission, ordering and a sliding window', 'it makes delivery reliable and in order'],
    });
    expect(udp).toEqual({ front: expect.any(String), back: expect.any(String), tags: expect.any(Array) });
  });

  it('names the line of a Key: line before the answer, outside a card, empty, or followed by more answer text', () => {
    expect(errorOf('a.txt', 'T\nWhat is X?\nKey: x\nThe answer')).toMatchObject({ line: 3 });
    expect(errorOf('a.txt', 'T\nWhat is X?\nKey: x\nThe answer').message).toMatch(/after the card's answer/);
    expect(errorOf('a.txt', '# T\nKey: x\nWhat is X?\nY')).toMatchObject({ line: 2 });
    expect(errorOf('a.txt', 'T\nWhat is X?\nY\nKey:   ;  ')).toMatchObject({ line: 4 });
    expect(errorOf('a.txt', 'T\nWhat is X?\nY\nAccept:')).toMatchObject({ line: 4 });
    const trailing = errorOf('a.txt', 'T\nWhat is X?\nY\nKey: y\nmore of the answer');
    expect(trailing).toMatchObject({ line: 5 });
    expect(trailing.message).toMatch(/after the whole answer/);
  });

  it('reads a card whose whole answer is an "Accept:" or "Key:" line as that answer (an HTTP header card)', () => {
    const deck = parseDeck('http.txt', 'HTTP\nWhich header asks for JSON?\nAccept: application/json\n\nWhat is a cookie?\nA small piece of data.\nKey: data; stored\n');
    expect(deck.cards).toEqual([
      { front: 'Which header asks for JSON?', back: 'Accept: application/json', tags: [] },
      expect.objectContaining({ front: 'What is a cookie?', back: 'A small piece of data.', keyPoints: ['data', 'stored'] }),
    ]);
    const md = parseDeck('http.md', '# HTTP\n\n## Which header asks for JSON?\nAccept: application/json\n\n## What is a cookie?\nA small piece of data.\nKey: data\n');
    expect(md.cards.map((c) => [c.back, c.keyPoints ?? []])).toEqual([['Accept: application/json', []], ['A small piece of data.', ['data']]]);
    // With more answer after it, it is a misplaced Key: line, as before.
    expect(errorOf('a.md', '# T\n\n## What is X?\nKey: x\nThe answer\n').message).toMatch(/after the card's answer/);
  });

  it('limits the number of key points per card, naming the line that goes over', () => {
    const many = Array.from({ length: MAX_KEY_POINTS + 1 }, (_, i) => `point ${i}`).join('; ');
    expect(errorOf('a.txt', `T\nWhat is X?\nY\nKey: ${many}`)).toMatchObject({ line: 4 });
  });

  it('reads the key points of the built-in gan deck: every card has some', () => {
    const gan = parseDeck('gan.txt', readFileSync(new URL('../../../decks/gan.txt', import.meta.url), 'utf8'));
    expect(gan.cards).toHaveLength(8);
    for (const c of gan.cards) {
      expect(c.keyPoints!.length, c.front).toBeGreaterThan(0);
      expect(c.back, c.front).not.toMatch(/Key:/);
    }
    expect(gan.cards[0]!.keyPoints).toEqual(['the encoder downsizes the input', 'the decoder reconstructs the input as close to the original as possible']);
  });
});

describe('Key: and Accept: lines in Markdown decks', () => {
  it('reads them in Q:/A: cards, bold or not, after the answer', () => {
    const md = ['# Nets', 'Q: What is TCP?', 'A: A reliable stream', 'over IP.', '**Key:** reliable; stream', 'Accept: reliable byte stream on IP', 'Q: What is UDP?', 'A: Datagrams.'].join('\n');
    const [tcp, udp] = parseDeck('n.md', md).cards;
    expect(tcp).toMatchObject({ back: 'A reliable stream\nover IP.', keyPoints: ['reliable', 'stream'], accepted: ['reliable byte stream on IP'] });
    expect(udp).toEqual({ front: expect.any(String), back: expect.any(String), tags: expect.any(Array) });
  });

  it('reads them under heading-style cards', () => {
    const md = ['# Nets', '## What is TCP?', 'A reliable stream.', 'Key points: reliable', 'Accepted: a dependable stream'].join('\n');
    expect(parseDeck('n.md', md).cards[0]).toMatchObject({ back: 'A reliable stream.', keyPoints: ['reliable'], accepted: ['a dependable stream'] });
  });

  it('names the line of a Key: line before the A: line, and of an empty one', () => {
    expect(errorOf('n.md', '# Nets\nQ: What is TCP?\nKey: reliable\nA: A stream')).toMatchObject({ line: 3 });
    expect(errorOf('n.md', '# Nets\nQ: What is TCP?\nA: A stream\nKey:')).toMatchObject({ line: 4 });
  });
});

describe('key and accept columns in CSV / TSV decks', () => {
  it('reads columns named key and accept in the header; other extra columns stay tags', () => {
    const csv = ['front,back,tags,key,accept', '"What is TCP?","A reliable stream",net,"reliable; stream","a dependable stream|reliable bytes"', 'What is UDP?,Datagrams,net,,'].join('\n');
    const [tcp, udp] = parseDeck('n.csv', csv).cards;
    expect(tcp).toMatchObject({ tags: ['net'], keyPoints: ['reliable', 'stream'], accepted: ['a dependable stream', 'reliable bytes'] });
    expect(udp).toEqual({ front: 'What is UDP?', back: 'Datagrams', tags: ['net'] });
    const tsv = 'question\tanswer\tkey\nWhat is TCP?\tA reliable stream\treliable';
    expect(parseDeck('n.tsv', tsv).cards[0]).toEqual({ front: 'What is TCP?', back: 'A reliable stream', tags: [], keyPoints: ['reliable'] });
  });

  it('keeps extra columns as tags without a header row', () => {
    expect(parseDeck('n.csv', 'What is TCP?,A stream,reliable;stream').cards[0]).toEqual({ front: 'What is TCP?', back: 'A stream', tags: ['reliable', 'stream'] });
  });

  it('names the row of a key cell with too many key points', () => {
    const many = Array.from({ length: MAX_KEY_POINTS + 1 }, (_, i) => `p${i}`).join(';');
    expect(errorOf('n.csv', `front,back,key\nQ one?,A one,x\nQ two?,A two,"${many}"`)).toMatchObject({ line: 3 });
  });
});
