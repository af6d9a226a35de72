import { describe, expect, it } from 'vitest';
import { buildId, parseId, type ActionId } from '../../src/core/ids.js';

describe('button and form ids', () => {
  const every: ActionId[] = [
    { kind: 'mcq', round: 12, choice: 3 },
    { kind: 'type', round: 12 },
    { kind: 'typed', round: 12 },
    { kind: 'show', round: 12 },
    { kind: 'rate', round: 12, rating: 4 },
    { kind: 'reveal', round: 12 },
    { kind: 'rshow', card: 7 },
    { kind: 'rrate', card: 7, rating: 1, nonce: 5 },
    { kind: 'rnext' },
    { kind: 'gstop', game: 99 },
    { kind: 'rtype', card: 7, nonce: 5 },
    { kind: 'rtyped', card: 7, nonce: 5 },
    { kind: 'rright', appeal: 3 },
    { kind: 'appeal', round: 12 },
    { kind: 'aview', appeal: 3 },
    { kind: 'aok', appeal: 3 },
    { kind: 'ano', appeal: 3 },
  ];

  it.each(every)('reads back what it built: %j', (action) => {
    const id = buildId(action);
    expect(id.length).toBeLessThanOrEqual(100);
    // The largest ids the parser takes still fit Discord's custom_id (100) and Slack's action_id (255).
    expect(id.replace(/\d+/g, '9'.repeat(15)).length).toBeLessThanOrEqual(100);
    expect(parseId(id)).toEqual(action);
  });

  it.each([
    'sb1:reveal', // missing the round
    'sb1:reveal:1:2', // one number too many
    'sb2:reveal:1', // another version
    'sb1:mcq:1:4', // no fifth choice
    'sb1:rate:1:0', // ratings are 1..4
    'sb1:nope:1',
    'sb1:show:-1',
    'sb1:show:1e3',
    `sb1:show:${'9'.repeat(16)}`,
    `sb1:show:1${' '.repeat(100)}`,
  ])('refuses %j', (raw) => {
    expect(parseId(raw)).toBeNull();
  });

  it('refuses what is not a string', () => {
    expect(parseId(undefined)).toBeNull();
    expect(parseId(42)).toBeNull();
  });
});
