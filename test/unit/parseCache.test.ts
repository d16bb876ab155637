import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, parseFile } from '../../server/src/core/parse';
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
});
