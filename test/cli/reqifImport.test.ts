/**
 * `reqtrace import reqif`, run as a user runs it. Every ReqIF file written by a real tool imports
 * without a crash, and what it writes plus what it says it left out adds up to the objects and
 * relations the test counts in the XML itself; `reqtrace check` reads the files with no schema
 * error but the required fields the summary says the source did not have. Hostile and broken
 * files are refused in one line with nothing written. Export then import of samples/synergy gives
 * the same items, links, findings and coverage.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from './run';

const REPO = join(__dirname, '..', '..');
const TOOLS = join(REPO, 'test', 'fixtures', 'reqif', 'tools');
const root = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-reqif-import-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
function folder(): string {
  const path = join(root, `t${++folders}`);
  mkdirSync(path);
  return path;
}

interface Item {
  id: string;
  [field: string]: unknown;
}
interface YamlFile {
  path: string;
  kind: string;
  title?: string;
  items: Item[];
}
/** Every requirement file under `dir`, parsed by the yaml package (not by reqtrace). */
function yamlFiles(dir: string): YamlFile[] {
  const files: YamlFile[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(needs|reqs|itt)\.yaml$/.test(entry.name)) files.push({ path: relative(dir, path), ...(parse(readFileSync(path, 'utf8')) as Omit<YamlFile, 'path'>) });
    }
  };
  walk(dir);
  return files;
}
function linksIn(files: readonly YamlFile[]): number {
  let links = 0;
  for (const file of files) {
    for (const item of file.items) {
      for (const field of ['satisfies', 'covers']) links += Array.isArray(item[field]) ? (item[field] as unknown[]).length : 0;
      if (typeof item['parent'] === 'string') links++;
    }
  }
  return links;
}

/** The lines under a heading of the summary ('Not imported (3):'), without their indent. */
function section(stdout: string, heading: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0) return [];
  const found: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    found.push(line.trim());
  }
  return found;
}
/** The sum of the counts that start the lines saying '<n> objects …' (or relations). */
function counted(lines: readonly string[], noun: 'object' | 'relation'): number {
  let total = 0;
  for (const line of lines) {
    const match = new RegExp(`^([\\d,]+) ${noun}s? `).exec(line);
    if (match) total += Number((match[1] as string).replace(/,/g, ''));
  }
  return total;
}

/** Counts made from the XML text with regular expressions, independent of the importer. */
function xmlCounts(xml: string): { objects: number; relations: number; typeRefs: string[] } {
  const objects = (xml.match(/<(?:\w+:)?SPEC-OBJECT[\s>]/g) ?? []).length;
  const relations = (xml.match(/<(?:\w+:)?SPEC-RELATION[\s>]/g) ?? []).length;
  const objectBlocks = xml.match(/<(?:\w+:)?SPEC-OBJECT[\s>][\s\S]*?<\/(?:\w+:)?SPEC-OBJECT>/g) ?? [];
  const typeRefs = new Set<string>();
  for (const block of objectBlocks) {
    const ref = /<(?:\w+:)?SPEC-OBJECT-TYPE-REF>\s*([^<\s]+)\s*</.exec(block)?.[1];
    if (ref) typeRefs.add(ref);
  }
  return { objects, relations, typeRefs: [...typeRefs] };
}

interface Diagnostic {
  file: string;
  code: string;
  message: string;
}
async function diagnostics(cwd: string, dir: string): Promise<Diagnostic[]> {
  const result = await run(cwd, 'check', dir, '--format', 'json', '--fail-on', 'never');
  expect(result.stderr).toBe('');
  return (JSON.parse(result.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}

/** The schema findings must all be required fields the import said the source did not have. */
async function expectOnlyMissingFields(cwd: string, dir: string, stdout: string): Promise<void> {
  const missing = new Set(section(stdout, 'Changed on the way').flatMap((line) => /without ([\w-]+) in the source/.exec(line)?.slice(1) ?? []));
  const found = await diagnostics(cwd, dir);
  const parseStage = found.filter((d) => d.code === 'schema' || d.code === 'yaml-syntax' || d.code === 'duplicate-id');
  for (const d of parseStage) {
    const field = /is missing the required field '([\w-]+)'/.exec(d.message)?.[1];
    expect(field, `${d.code}: ${d.message}`).toBeDefined();
    expect(missing.has(field as string), `${d.message} (the summary names ${[...missing].join(', ') || 'none'})`).toBe(true);
  }
}

describe('import reqif: files written by real tools', () => {
  const fixtures = readdirSync(TOOLS).filter((name) => name.endsWith('.reqif'));

  it('has the twelve copied fixtures', () => {
    expect(fixtures).toHaveLength(12);
  });

  for (const name of fixtures) {
    it(`imports ${name}: counts add up, check reads it`, async () => {
      const cwd = folder();
      const xml = readFileSync(join(TOOLS, name), 'utf8');
      const { objects, relations, typeRefs } = xmlCounts(xml);

      // Without --map: imported, or a clear refusal that says how to map the types.
      const plain = await run(cwd, 'import', 'reqif', join(TOOLS, name), '--out', 'plain');
      if (plain.status === 2) {
        expect(plain.stderr.trim().split('\n')).toHaveLength(1);
        expect(plain.stderr).toMatch(/^reqtrace: nothing to import in .*--map ".+=requirements"/);
        expect(existsSync(join(cwd, 'plain'))).toBe(false);
      } else {
        expect(plain.status, plain.stderr).toBe(0);
      }

      // Every type mapped (by IDENTIFIER, which works for types with no name or no definition).
      const maps = typeRefs.flatMap((ref) => ['--map', `${ref}=requirements`]);
      const mapped = await run(cwd, 'import', 'reqif', join(TOOLS, name), '--out', 'mapped', ...maps);
      expect(mapped.status, mapped.stderr).toBe(0);
      expect(mapped.stderr).toBe('');
      const files = yamlFiles(join(cwd, 'mapped'));
      const items = files.reduce((sum, file) => sum + file.items.length, 0);
      const skipped = section(mapped.stdout, 'Not imported');
      expect(items + counted(skipped, 'object'), mapped.stdout).toBe(objects);
      expect(items).toBeGreaterThan(0);
      expect(linksIn(files) + counted(skipped, 'relation'), mapped.stdout).toBe(relations);
      expect(mapped.stdout).toMatch(new RegExp(`^Imported ${items.toLocaleString('en-GB')} requirements? from `));
      await expectOnlyMissingFields(cwd, 'mapped', mapped.stdout);
    });
  }

  it('reads the ReqIF Studio export by its type name, with its relations as parents', async () => {
    const cwd = folder();
    const result = await run(cwd, 'import', 'reqif', join(TOOLS, 'ReqIF_Studio-01_anonimized_example.reqif'), '--out', 'out');
    expect(result.status, result.stderr).toBe(0);
    const files = yamlFiles(join(cwd, 'out'));
    expect(files.map((file) => file.path)).toEqual(['anonymized.reqs.yaml']);
    // 14 relations: 12 parents, 2 beyond a first parent, named with their identifiers.
    expect(linksIn(files)).toBe(12);
    expect(section(result.stdout, 'Not imported')).toContainEqual(expect.stringMatching(/^2 relations beyond a requirement's first parent .*\(_4zNcIGyLEeuM1tJZu08zdg\)/));
    // Every ForeignID is '...Anonymized...': the ids are made valid and unique, the original kept in a comment.
    const ids = files[0]?.items.map((item) => item.id) ?? [];
    expect(new Set(ids).size).toBe(137);
    expect(readFileSync(join(cwd, 'out', 'anonymized.reqs.yaml'), 'utf8')).toContain('# ReqIF.ForeignID: ...Anonymized...\n  - id: ANONYMIZED-2\n');
    expect(result.stdout).toContain('137 requirements without priority in the source: written without it; reqtrace check reports it');
  });
});

describe('import reqif: refusals are one line, with nothing written', () => {
  const header = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const cases: [string, string | Buffer, RegExp][] = [
    [
      'billion laughs',
      `${header}<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n<REQ-IF><THE-HEADER>&lol3;</THE-HEADER></REQ-IF>\n`,
      /has a DOCTYPE \(line 2\).*does not read ReqIF with document types or entities/,
    ],
    ['XXE', `${header}<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<REQ-IF><THE-HEADER>&xxe;</THE-HEADER></REQ-IF>\n`, /has a DOCTYPE/],
    ['an entity declaration with no DOCTYPE', `${header}<REQ-IF>\n<!ENTITY x "y">\n</REQ-IF>\n`, /has an ENTITY declaration \(line 3\)/],
    ['a file that is not XML', 'id,title\nREQ-1,Hello\n', /is not XML/],
    ['an empty file', '', /is empty/],
    ['XML that is not ReqIF', `${header}<html><body/></html>\n`, /is XML but not ReqIF: its root element is 'html'/],
    ['UTF-16', Buffer.from(`\ufeff${header}<REQ-IF/>`, 'utf16le'), /is UTF-16: reqtrace reads ReqIF in UTF-8/],
    ['Latin-1 declared', '<?xml version="1.0" encoding="ISO-8859-1"?>\n<REQ-IF/>\n', /says it is encoded in ISO-8859-1/],
    ['bytes that are not UTF-8', Buffer.concat([Buffer.from(`${header}<REQ-IF><THE-HEADER>`), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('</THE-HEADER></REQ-IF>')]), /is not valid UTF-8/],
    ['mismatched tags', `${header}<REQ-IF><CORE-CONTENT></THE-HEADER></REQ-IF>\n`, /is not well-formed XML: line 2/],
    ['ReqIF with no content', `${header}<REQ-IF><THE-HEADER/></REQ-IF>\n`, /no CORE-CONTENT/],
  ];
  for (const [what, content, message] of cases) {
    it(`refuses ${what}`, async () => {
      const cwd = folder();
      writeFileSync(join(cwd, 'in.reqif'), content);
      const result = await run(cwd, 'import', 'reqif', 'in.reqif', '--out', 'out');
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/internal error|    at /);
      expect(existsSync(join(cwd, 'out'))).toBe(false);
    });
  }

  it('refuses a truncated export, saying where', async () => {
    const cwd = folder();
    const whole = readFileSync(join(TOOLS, 'ReqIF_Studio-01_anonimized_example.reqif'), 'utf8');
    writeFileSync(join(cwd, 'cut.reqif'), whole.slice(0, Math.floor(whole.length / 2)));
    const result = await run(cwd, 'import', 'reqif', 'cut.reqif', '--out', 'out');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^reqtrace: 'cut\.reqif' is not well-formed XML \(it does not end with <\/REQ-IF>: cut short\?\): line \d+/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });
});

describe('import reqif: --map and --force', () => {
  const tc1300 = join(TOOLS, 'ci.eclipse.org-TC1300.reqif');

  it('maps a type by its name; the relation between the two becomes a parent', async () => {
    const cwd = folder();
    const result = await run(cwd, 'import', 'reqif', tc1300, '--out', 'out', '--map', 'TC1300 SpecObjectType=requirements');
    expect(result.status, result.stderr).toBe(0);
    const files = yamlFiles(join(cwd, 'out'));
    expect(files.map((file) => [file.path, file.kind, file.items.map((item) => item.id)])).toEqual([
      ['ci-eclipse-org-tc1300.reqs.yaml', 'requirements', ['ID-TC1300-SPECOBJECT1', 'ID-TC1300-SPECOBJECT2']],
    ]);
    expect(files[0]?.items[0]?.['parent']).toBe('ID-TC1300-SPECOBJECT2');
  });

  it('refuses a --map naming a type the file does not have, listing the types, in one line', async () => {
    const cwd = folder();
    const result = await run(cwd, 'import', 'reqif', tc1300, '--out', 'out', '--map', 'Stakeholder Need=needs');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--map "Stakeholder Need=needs": '.*TC1300\.reqif' has no spec object type 'Stakeholder Need'; its types are 'TC1300 SpecObjectType' \(2 objects\)/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('refuses a --map with no kind or an unknown kind, in one line', async () => {
    const cwd = folder();
    for (const [map, message] of [
      ['TC1300 SpecObjectType', /give it as "TYPE NAME=kind"/],
      ['TC1300 SpecObjectType=epics', /'epics' is not a kind: use needs, requirements, itt or skip/],
    ] as const) {
      const result = await run(cwd, 'import', 'reqif', tc1300, '--out', 'out', '--map', map);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it('does not overwrite an existing file without --force', async () => {
    const cwd = folder();
    const args = ['import', 'reqif', tc1300, '--out', 'out', '--map', 'TC1300 SpecObjectType=requirements'];
    expect((await run(cwd, ...args)).status).toBe(0);
    const path = join(cwd, 'out', 'ci-eclipse-org-tc1300.reqs.yaml');
    writeFileSync(path, 'kind: requirements\nitems: []\n');
    const again = await run(cwd, ...args);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/ci-eclipse-org-tc1300\.reqs\.yaml already exists in the output folder; give --force to overwrite/);
    expect(readFileSync(path, 'utf8')).toBe('kind: requirements\nitems: []\n');
    const forced = await run(cwd, ...args, '--force');
    expect(forced.status).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('ID-TC1300-SPECOBJECT1');
  });
});

describe('import reqif: export then import gives the workspace back', () => {
  it('samples/synergy: the same items with every field, the same links, findings and coverage', async () => {
    const cwd = folder();
    const synergy = join(REPO, 'samples', 'synergy');
    const exported = await run(cwd, 'export', 'reqif', synergy, '--out', 'synergy.reqif');
    expect(exported.status, exported.stderr).toBe(0);
    const imported = await run(cwd, 'import', 'reqif', 'synergy.reqif', '--out', 'back');
    expect(imported.status, imported.stderr).toBe(0);
    expect(section(imported.stdout, 'Not imported')).toEqual([]);
    expect(section(imported.stdout, 'Changed on the way')).toEqual([]);

    const byId = (dir: string): Map<string, unknown> =>
      new Map(yamlFiles(dir).flatMap((file) => file.items.map((item) => [item.id, { kind: file.kind, ...item }] as const)));
    const before = byId(synergy);
    const after = byId(join(cwd, 'back'));
    expect(after.size).toBe(before.size);
    expect(before.size).toBe(220);
    for (const [id, item] of before) expect(after.get(id), id).toEqual(item);
    // The files come back under the paths they were exported from, with their titles and items in order.
    const layout = (dir: string) => yamlFiles(dir).map((file) => [file.path, file.title, file.items.map((item) => item.id)]);
    expect(layout(join(cwd, 'back'))).toEqual(layout(synergy));

    const findings = async (dir: string): Promise<string[]> =>
      (await diagnostics(cwd, dir)).map((d) => `${d.code}: ${d.message}`).sort();
    expect(await findings('back')).toEqual(await findings(synergy));
    const coverage = async (dir: string): Promise<unknown> => {
      const result = await run(cwd, 'report', dir, '--format', 'json');
      expect(result.status, result.stderr).toBe(0);
      return stripPaths(JSON.parse(result.stdout));
    };
    expect(await coverage('back')).toEqual(await coverage(synergy));
  });
});

/** A report with every file path and line left out: the copies live elsewhere, the rest must match. */
function stripPaths(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPaths);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (['file', 'path', 'uri', 'line', 'column', 'root', 'generated', 'generatedAt'].includes(key)) continue;
    result[key] = stripPaths(entry);
  }
  return result;
}
