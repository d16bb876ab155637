/**
 * The diff's page for a webview (core/change/diffHtml.ts) on models made by hand: every piece of
 * user text escaped, words struck through and in bold, ids linked to the places the caller numbers
 * only when a valid nonce lets the page's one script run, and a CSP that loads nothing else.
 */
import { describe, expect, it } from 'vitest';
import { diffHtml, type ShownId } from '../../server/src/core/change/diffHtml';
import { changedItem, item, model } from './diffModel';

const HOSTILE = '<img src=x onerror="alert(1)"> & \'quoted\'';

describe('diffHtml', () => {
  it('escapes user text in titles, words, ids and places', () => {
    const page = diffHtml(changedItem(HOSTILE, '<b>pay</b>', '"</del><script>x()</script>'), { placeOf: () => 0, nonce: 'bm9uY2U=' });
    expect(page).toContain('<span class="title">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;quoted&#39;</span>');
    expect(page).toContain('The solution shall <del>&lt;b&gt;pay&lt;/b&gt;</del> <ins>&quot;&lt;/del&gt;&lt;script&gt;x()&lt;/script&gt;</ins>');
    expect(page).not.toMatch(/<img|<b>|<script>x/);
    // One script, with the nonce; nothing else may load.
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-bm9uY2U='">`);
    expect(page).toContain('<script nonce="bm9uY2U=">');
  });

  it('links an id to the number of its place only with a nonce, and asks for every id it shows either way', () => {
    const diff = model({ items: { added: [{ ...item('REQ-<9>'), fingerprint: '0123456789' }], removed: [{ ...item('REQ-8'), fingerprint: '0123456789' }], renamed: [], changed: [] } });
    const asked: ShownId[] = [];
    const placeOf = (shown: ShownId): number | undefined => (asked.push(shown), shown.side === 'head' ? 7 : undefined);
    const linked = diffHtml(diff, { placeOf, nonce: 'bm9uY2U=' });
    expect(linked).toContain('<a class="id" href="#" data-place="7">REQ-&lt;9&gt;</a>');
    // A removed item has no place now: its id is text.
    expect(linked).toContain('<span class="id">REQ-8</span>');
    expect(asked.map(({ id, side }) => [id, side])).toEqual([
      ['REQ-<9>', 'head'],
      ['REQ-8', 'base'],
    ]);

    for (const nonce of [undefined, '"><script>']) {
      const page = diffHtml(diff, { placeOf, ...(nonce === undefined ? {} : { nonce }) });
      expect(page).not.toContain('<script');
      expect(page).not.toContain('<a ');
      expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    }
  });

  it('says when no item or link differs', () => {
    expect(diffHtml(model({}), { placeOf: () => undefined })).toContain('<p class="none">No item or link differs.</p>');
    expect(diffHtml(changedItem('T', 'a', 'b'), { placeOf: () => undefined })).not.toContain('No item or link differs');
  });
});
