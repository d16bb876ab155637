/** What every importer shares: valid ids and file names from foreign ones, the YAML it writes, and writing all or nothing. */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeImport, importedFileName, importedId, ImportRefusal, type Importer, type ImportedFile } from '../../server/src/core/import/importer';
import { importedYaml } from '../../server/src/core/import/writeYaml';
import { importInto } from '../../server/src/node/importFiles';
import { workspace } from './fixture';

describe('importedId', () => {
  it('keeps a valid id and makes a foreign one valid', () => {
    expect(importedId('REQ-HR-001', 'REQ')).toBe('REQ-HR-001');
    expect(importedId('  ITT-3.2.1 ', 'ITT')).toBe('ITT-3.2.1');
    expect(importedId('12', 'REQ')).toBe('REQ-12');
    expect(importedId('req_hr 7', 'REQ')).toBe('REQ-HR-7');
    expect(importedId('SRS\u2013001', 'REQ')).toBe('SRS-001');
    expect(importedId('a..b--c', 'REQ')).toBe('A.B-C');
    expect(importedId('_1a', 'UN')).toBe('UN-1A');
    expect(importedId('!!!', 'REQ')).toBeUndefined();
    expect(importedId('', 'REQ')).toBeUndefined();
    const long = importedId('X'.repeat(40) + '-' + 'Y'.repeat(40), 'REQ');
    expect(long?.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^X+-Y+$/);
  });
});

describe('importedFileName', () => {
  it('makes a file name with the kind suffix, unique among those taken', () => {
    const taken = new Set<string>();
    expect(importedFileName('HR Requirements (v2)', 'requirements', taken)).toBe('hr-requirements-v2.reqs.yaml');
    expect(importedFileName('HR requirements v2', 'requirements', taken)).toBe('hr-requirements-v2-2.reqs.yaml');
    expect(importedFileName('../../etc/passwd', 'needs', taken)).toBe('etc-passwd.needs.yaml');
    expect(importedFileName('***', 'itt', taken)).toBe('itt.itt.yaml');
  });
});

const FILE: ImportedFile = {
  path: 'hr.reqs.yaml',
  kind: 'requirements',
  title: 'HR: imported',
  comment: 'Imported from hr.reqif by reqtrace import reqif.',
  items: [
    {
      id: 'REQ-HR-001',
      comment: 'Foreign id 12',
      fields: {
        status: 'agreed',
        satisfies: ['UN-HR-001'],
        priority: 'must',
        type: 'functional',
        title: 'Single record: "one" per person',
        statement: 'The solution shall hold one record per person, with a long sentence that goes past the width of one line so that it is folded.\nA second line # not a comment',
        acceptance: ['- starts with a dash', 'key: value'],
        waiver: { reason: 'Out of scope' },
      },
    },
    { id: 'REQ-HR-002', fields: { title: 'yes', statement: "It's 'quoted' & 100%", type: 'non-functional', priority: 'should', tags: ['a b', 'c'] } },
  ],
};

describe('importedYaml', () => {
  it('writes text that parses back to the same values, fields in the README order', () => {
    const text = importedYaml(FILE);
    const back = parse(text) as { kind: string; title: string; items: Record<string, unknown>[] };
    expect(back.kind).toBe('requirements');
    expect(back.title).toBe('HR: imported');
    expect(back.items).toEqual(FILE.items.map((item) => ({ id: item.id, ...item.fields })));
    expect(Object.keys(back.items[0] as object)).toEqual(['id', 'title', 'statement', 'type', 'priority', 'satisfies', 'acceptance', 'waiver', 'status']);
    expect(text).toContain('satisfies: [UN-HR-001]');
    expect(text).toMatch(/^# Imported from hr\.reqif/);
    expect(text).toContain('# Foreign id 12\n');
    expect(text).toMatch(/\n\n {2}- id: REQ-HR-002/);
  });

  it('writes files reqtrace reads without a finding', () => {
    const needs: ImportedFile = { path: 'hr.needs.yaml', kind: 'needs', items: [{ id: 'UN-HR-001', fields: { title: 'One record', as: 'an HR adviser', need: 'one record', 'so-that': 'I trust it', departments: ['DWP'] } }] };
    const fixture = workspace({ 'hr.reqs.yaml': importedYaml(FILE), 'hr.needs.yaml': importedYaml(needs) });
    const findings = [...fixture.findings('hr.reqs.yaml'), ...fixture.findings('hr.needs.yaml')].filter((f) => f.severity === 'error');
    expect(findings).toEqual([]);
  });
  it('writes any text so that it reads back unchanged, and keeps lines within 100 characters where it breaks them', () => {
    // Text made of pieces YAML gives a meaning to, joined at random (seeded): whatever is written
    // plain or folded here, and whatever is left to the yaml package, must read back the same.
    const pieces = ['word', 'Shall', ' ', '  ', ': ', ':', ' #', '#', '- ', '-', '? ', ',', '[', ']', '{', '}', '"', "'", '&a', '*b', '!t', '%', '@', '`', '|', '>', '\n', '\t', '\u00a0', '\u2028', '\ufeff', '\u0085', '\u00e9t\u00e9', '\u{1F600}', 'true', 'no', 'null', '~', '12', '0x1F', '1e3', '.inf', 'http://x.test/a#b', 'a'.repeat(120)];
    let seed = 20261205;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const texts = Array.from({ length: 400 }, () => Array.from({ length: 1 + random(30) }, () => pieces[random(pieces.length)]).join(''));
    const file: ImportedFile = {
      path: 'x.reqs.yaml',
      kind: 'requirements',
      items: texts.map((text, index) => ({ id: `REQ-${index + 1}`, fields: { title: text, statement: `The solution shall ${text}`, acceptance: [text, 'Plain words'], tags: [text.slice(0, 10), 'plain'], weighting: index - 200 } })),
    };
    const yaml = importedYaml(file);
    const back = parse(yaml) as { items: Record<string, unknown>[] };
    expect(back.items).toEqual(file.items.map((item) => ({ id: item.id, ...item.fields })));
    const long = { path: 'y.reqs.yaml', kind: 'requirements' as const, items: [{ id: 'REQ-1', fields: { statement: 'The solution shall '.repeat(30).trim() } }] };
    const lines = importedYaml(long).split('\n');
    expect(lines.filter((line) => /^ {6}\S/.test(line)).length).toBeGreaterThan(4);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('importInto', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const importer = (files: ImportedFile[], skipped: string[] = []): Importer => ({
    name: 'fake',
    summary: 'test',
    reads: 'file',
    source: 'FILE',
    options: [],
    read: () => Promise.resolve({ files, skipped, changed: [] }),
  });
  const source = { name: 'in', type: 'file' as const, list: () => Promise.resolve(['']), read: () => Promise.resolve(new Uint8Array()) };

  it('writes every file, and refuses before writing any when one exists, unless forced', async () => {
    dir = await mkdtemp(join(tmpdir(), 'reqtrace-import-'));
    const second: ImportedFile = { ...FILE, path: 'sub/more.reqs.yaml' };
    await writeFile(join(dir, 'hr.reqs.yaml'), 'mine');
    await expect(importInto(importer([second, FILE]), source, {}, dir, false)).rejects.toThrow(ImportRefusal);
    await expect(importInto(importer([second, FILE]), source, {}, dir, false)).rejects.toThrow('hr.reqs.yaml already exists in the output folder; give --force');
    expect(await readdir(dir)).toEqual(['hr.reqs.yaml']);
    expect(await readFile(join(dir, 'hr.reqs.yaml'), 'utf8')).toBe('mine');
    const done = await importInto(importer([second, FILE]), source, {}, dir, true);
    expect(done.written.map((path) => path.slice(dir!.length + 1))).toEqual(['sub/more.reqs.yaml', 'hr.reqs.yaml']);
    expect(await readFile(join(dir, 'hr.reqs.yaml'), 'utf8')).toBe(importedYaml(FILE));
  });

  it('refuses in one line when a file or folder cannot be written, with the other writes settled', async () => {
    dir = await mkdtemp(join(tmpdir(), 'reqtrace-import-'));
    const many = Array.from({ length: 20 }, (_, index): ImportedFile => ({ ...FILE, path: `f${index}.reqs.yaml` }));
    await mkdir(join(dir, 'f7.reqs.yaml'));
    await expect(importInto(importer(many), source, {}, dir, true)).rejects.toThrow(/^cannot write 'f7\.reqs\.yaml': /);
    await writeFile(join(dir, 'blocked'), 'a file where a folder should be');
    await expect(importInto(importer([{ ...FILE, path: 'blocked/x.reqs.yaml' }]), source, {}, dir, true)).rejects.toThrow(/^cannot write 'blocked': /);
  });

  it('refuses a path outside the output folder and an import of nothing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'reqtrace-import-'));
    await expect(importInto(importer([{ ...FILE, path: '../x.reqs.yaml' }]), source, {}, dir, true)).rejects.toThrow('outside the output folder');
    await expect(importInto(importer([], ['no specification objects']), source, {}, dir, true)).rejects.toThrow("nothing to import in 'in': no specification objects");
  });
});

describe('describeImport', () => {
  it('counts what each file holds and lists what was changed and left out', () => {
    const lines = describeImport({ files: [FILE, { path: 'a.needs.yaml', kind: 'needs', items: [] }], skipped: ['relation R1: no such object'], changed: ['12 became REQ-12'] }, 'x.reqif', 'out', (file) => `out/${file.path}`);
    expect(lines).toEqual([
      'Imported 0 needs and 2 requirements from x.reqif into 2 files in out:',
      '  out/hr.reqs.yaml: 2 requirements',
      '  out/a.needs.yaml: 0 needs',
      'Changed on the way (1):',
      '  12 became REQ-12',
      'Not imported (1):',
      '  relation R1: no such object',
    ]);
  });
});
