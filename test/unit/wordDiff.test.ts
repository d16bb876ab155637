/** The word diff `reqtrace diff` shows a changed field with: words matched by LCS, layout ignored as fingerprints ignore it, and bounded. */
import { describe, expect, it } from 'vitest';
import { WORD_DIFF_MAX_CELLS, wordDiff } from '../../server/src/core/change/wordDiff';

describe('wordDiff', () => {
  it('marks a replaced word as removed then added, between the words both texts share', () => {
    expect(wordDiff('I need to pay people on the day', 'I need to reimburse people on payday')).toEqual([
      { kind: 'same', text: 'I need to' },
      { kind: 'removed', text: 'pay' },
      { kind: 'added', text: 'reimburse' },
      { kind: 'same', text: 'people on' },
      { kind: 'removed', text: 'the day' },
      { kind: 'added', text: 'payday' },
    ]);
  });

  it('finds words inserted and deleted in the middle, punctuation part of its word', () => {
    expect(wordDiff('The solution shall pay staff every month.', 'The solution shall pay all staff each month.')).toEqual([
      { kind: 'same', text: 'The solution shall pay' },
      { kind: 'added', text: 'all' },
      { kind: 'same', text: 'staff' },
      { kind: 'removed', text: 'every' },
      { kind: 'added', text: 'each' },
      { kind: 'same', text: 'month.' },
    ]);
    expect(wordDiff('pay staff.', 'pay staff')).toEqual([
      { kind: 'same', text: 'pay' },
      { kind: 'removed', text: 'staff.' },
      { kind: 'added', text: 'staff' },
    ]);
  });

  it('ignores layout as the fingerprint does: wrapping, indentation, tabs and Unicode composition', () => {
    expect(wordDiff('The  solution\n   shall\tpay', ' The solution shall pay ')).toEqual([{ kind: 'same', text: 'The solution shall pay' }]);
    expect(wordDiff('caf\u0065\u0301 menu', 'caf\u00e9 menu')).toEqual([{ kind: 'same', text: 'caf\u00e9 menu' }]);
  });

  it('gives a text added from nothing, or removed to nothing, as one run', () => {
    expect(wordDiff('', 'staff are paid')).toEqual([{ kind: 'added', text: 'staff are paid' }]);
    expect(wordDiff('staff are paid', '   ')).toEqual([{ kind: 'removed', text: 'staff are paid' }]);
    expect(wordDiff('', '')).toEqual([]);
  });

  it('puts every removed word of a stretch before its added words, never interleaved', () => {
    expect(wordDiff('a b c d', 'a x c y')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'removed', text: 'd' },
      { kind: 'added', text: 'y' },
    ]);
    expect(wordDiff('one two three', 'four five six')).toEqual([
      { kind: 'removed', text: 'one two three' },
      { kind: 'added', text: 'four five six' },
    ]);
  });

  it('replaces a long middle whole beyond the bound, keeping the words shared at the ends', () => {
    const before = Array.from({ length: 600 }, (_, i) => `w${i}`);
    const after = before.map((word, i) => (i % 2 === 1 && i > 0 && i < 599 ? `${word}x` : word));
    // 597 × 597 middle words (w1 to w597) are more cells than the bound: one removed run and one added run.
    expect(597 * 597).toBeGreaterThan(WORD_DIFF_MAX_CELLS);
    const bounded = wordDiff(before.join(' '), after.join(' '));
    expect(bounded).toEqual([
      { kind: 'same', text: 'w0' },
      { kind: 'removed', text: before.slice(1, 598).join(' ') },
      { kind: 'added', text: after.slice(1, 598).join(' ') },
      { kind: 'same', text: 'w598 w599' },
    ]);
    // With room in the table the same texts are matched word by word.
    const matched = wordDiff(before.join(' '), after.join(' '), 600 * 600);
    expect(matched).toHaveLength(1 + 299 * 3);
    expect(matched.slice(0, 4)).toEqual([
      { kind: 'same', text: 'w0' },
      { kind: 'removed', text: 'w1' },
      { kind: 'added', text: 'w1x' },
      { kind: 'same', text: 'w2' },
    ]);
  });

  it('keeps every word of both texts, in order, whatever the texts', () => {
    const texts = ['a b a b', 'b a b a', 'the cat sat on the mat', 'on the mat the cat sat', 'x', ''];
    for (const before of texts) {
      for (const after of texts) {
        const segments = wordDiff(before, after);
        const side = (kind: string): string => segments.filter((s) => s.kind === 'same' || s.kind === kind).map((s) => s.text).join(' ');
        expect(side('removed')).toBe(before);
        expect(side('added')).toBe(after);
        for (let i = 1; i < segments.length; i++) expect(segments[i]?.kind).not.toBe(segments[i - 1]?.kind);
      }
    }
  });
});
