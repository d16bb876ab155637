import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../server/src/core/model';
import { DEFAULT_LIMITS, parseFile } from '../../server/src/core/parse/parse';
import { cacheFileFor, cacheStamp, ParseCache } from '../../server/src/node/parseCache';
import { REQ } from './fixture';

const uri = 'file:///ws/r.reqs.yaml';
const text = `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    satisfies: [UN-1, UN-2]\n    parent: REQ-0\n`;

async function saved(stamp: string): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'reqtrace-cache-test-')), 'cache.bin');
  const cache = await ParseCache.open(path, stamp);
  expect(cache.get(uri, text)).toBeUndefined();
  cache.set(parseFile(uri, text));
  await cache.save();
  return path;
}

describe('the on-disk parse cache', () => {
  const stamp = cacheStamp('1.0.0', DEFAULT_LIMITS);

  it('gives back exactly what was parsed, links pointing at their items', async () => {
    const cache = await ParseCache.open(await saved(stamp), stamp);
    const hit = cache.get(uri, text);
    const fresh = parseFile(uri, text);
    expect(hit).toEqual(fresh);
    for (const item of hit?.items ?? []) for (const link of item.links) expect(link.from).toBe(item);
    expect([cache.hits, cache.misses]).toEqual([1, 0]);
  });

  it('misses when the file changed', async () => {
    const cache = await ParseCache.open(await saved(stamp), stamp);
    expect(cache.get(uri, text.replace('REQ-0', 'REQ-9'))).toBeUndefined();
    expect(cache.get('file:///ws/other.reqs.yaml', text)).toBeUndefined();
  });

  it('is dropped for a new version of reqtrace, a changed schema or changed limits', async () => {
    const path = await saved(stamp);
    const schemas = [{ type: 'object' }];
    const stamps = [
      cacheStamp('1.0.1', DEFAULT_LIMITS),
      cacheStamp('1.0.0', { ...DEFAULT_LIMITS, maxFileChars: 1024 }),
      cacheStamp('1.0.0', DEFAULT_LIMITS, schemas),
      cacheStamp('1.0.0', DEFAULT_LIMITS, [{ type: 'array' }]),
    ];
    expect(new Set([stamp, ...stamps]).size).toBe(5);
    for (const other of stamps) expect((await ParseCache.open(path, other)).get(uri, text)).toBeUndefined();
    expect((await ParseCache.open(path, stamp)).get(uri, text)).toBeDefined();
  });

  it('starts empty from a corrupt file and lives outside the workspace', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'reqtrace-cache-test-')), 'cache.bin');
    writeFileSync(path, 'not a cache');
    expect((await ParseCache.open(path, stamp)).get(uri, text)).toBeUndefined();
    expect(cacheFileFor('file:///ws', '/home/me/.cache')).toMatch(/^\/home\/me\/\.cache\/reqtrace\/[0-9a-f]{20}\.bin$/);
  });

  it('keeps a large workspace whole across the frames it is written in, and drops a cut-off file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'reqtrace-cache-test-')), 'cache.bin');
    const cache = await ParseCache.open(path, stamp);
    const files = Array.from({ length: 600 }, (_, i) => ({ uri: `file:///ws/r${i}.reqs.yaml`, text: text.replace('REQ-1', `REQ-${i + 1}`) }));
    for (const file of files) {
      expect(cache.get(file.uri, file.text)).toBeUndefined();
      cache.set(parseFile(file.uri, file.text));
    }
    await cache.save();
    const again = await ParseCache.open(path, stamp);
    for (const file of files) expect(again.get(file.uri, file.text)).toEqual(parseFile(file.uri, file.text));
    expect(again.hits).toBe(600);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    expect((await ParseCache.open(path, stamp)).get(files[0]?.uri ?? '', files[0]?.text ?? '')).toBeUndefined();
  });

  it("keeps a folder's findings and coverage for exactly the files they were worked out on", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'reqtrace-cache-test-')), 'cache.bin');
    const needs = { uri: 'file:///ws/n.needs.yaml', text: 'kind: needs\nitems: []\n' };
    const reqs = { uri, text };
    const edited = { uri, text: text.replace('REQ-0', 'REQ-9') };
    const lookUp = async (...files: { uri: string; text: string }[]): Promise<ParseCache> => {
      const cache = await ParseCache.open(path, stamp);
      for (const file of files) if (!cache.get(file.uri, file.text)) cache.set(parseFile(file.uri, file.text));
      return cache;
    };
    const first = await lookUp(reqs, needs);
    const key = first.resultsKey([reqs, needs]) as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    // No key for a file not looked up in this session, or looked up with other text.
    expect(first.resultsKey([reqs, needs, { uri: 'file:///ws/x.itt.yaml', text: '' }])).toBeUndefined();
    expect(first.resultsKey([edited, needs])).toBeUndefined();
    const finding: Finding = { code: 'broken-link', severity: 'error', message: 'UN-2 does not exist', uri, span: { start: 1, end: 2 } };
    const results = { key, findings: new Map([[uri, [finding]], [needs.uri, []]]), coverage: { needs: 3, covered: 2, traced: 1, requirements: 4, requirementsCovered: 3, waived: 1 } };
    first.setResults(results);
    await first.save();

    // The same files, in any order: the same key and the results back.
    const same = await lookUp(needs, reqs);
    expect(same.resultsKey([needs, reqs])).toBe(key);
    expect(same.results(key)).toEqual(results);
    // The same files under other rule options: another key, so their findings are never reused.
    const optionsKey = same.resultsKey([needs, reqs], { 'broken-link': { suggest: false } }) as string;
    expect(optionsKey).not.toBe(key);
    expect(same.results(optionsKey)).toBeUndefined();
    // One file edited, one file fewer, or another reqtrace version: another key, no results.
    const changed = await lookUp(edited, needs);
    const changedKey = changed.resultsKey([edited, needs]) as string;
    expect(changedKey).not.toBe(key);
    expect(changed.results(changedKey)).toBeUndefined();
    const fewer = await lookUp(reqs);
    const fewerKey = fewer.resultsKey([reqs]) as string;
    expect(fewerKey).not.toBe(key);
    expect(fewer.results(fewerKey)).toBeUndefined();
    const newer = await ParseCache.open(path, cacheStamp('1.0.1', DEFAULT_LIMITS));
    newer.get(reqs.uri, reqs.text);
    newer.get(needs.uri, needs.text);
    expect(newer.resultsKey([reqs, needs])).not.toBe(key);
    // A save after a start on other files keeps those files' parses and drops the old results.
    await changed.save();
    const after = await lookUp(edited, needs);
    expect(after.hits).toBe(2);
    expect(after.results(key)).toBeUndefined();
    expect(after.results(changedKey)).toBeUndefined();
  });
});
