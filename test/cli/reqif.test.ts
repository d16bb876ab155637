/**
 * `export reqif`: the CLI as a child process. The file is checked by the ReqIF 1.0 schema (xmllint,
 * offline) and read back by a second reader (fast-xml-parser's XMLParser); what it should hold is
 * worked out here independently, from the YAML files read with the yaml package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { escapeAttribute, escapeText, idPart } from '../../server/src/core/report/reqifXml';
import { linkId } from './links';
import { CLI } from './run';

const ROOT = join(__dirname, '..', '..');
const SCHEMA = join(ROOT, 'test', 'fixtures', 'reqif', 'schema', 'reqif.xsd');
const SAMPLES = { synergy: join(ROOT, 'samples', 'synergy'), broken: join(ROOT, 'samples', 'broken') };
const EPOCH = '1767225600'; // 2026-01-01T00:00:00Z

let scratch: string;
beforeAll(() => {
  // CI installs libxml2-utils (.ci/run): a missing xmllint is a failure to fix, never a skipped test.
  const found = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) throw new Error('xmllint is not installed, so the ReqIF export cannot be validated: install it (Debian: apt-get install libxml2-utils; .ci/run does this)');
  scratch = mkdtempSync(join(tmpdir(), 'reqtrace-reqif-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `export reqif` on `folder` and returns the file's bytes. */
function exportReqif(folder: string, name: string, epoch = EPOCH): Buffer {
  const out = join(scratch, `${name}.reqif`);
  const result = spawnSync(process.execPath, [CLI, 'export', 'reqif', folder, '--out', out], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: epoch, NO_COLOR: '1' } });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return readFileSync(out);
}

function validate(bytes: Buffer, name: string): { status: number | null; output: string } {
  const file = join(scratch, `${name}.validate.reqif`);
  writeFileSync(file, bytes);
  const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, file], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const ARRAYS = new Set(['DATATYPE-DEFINITION-ENUMERATION', 'ENUM-VALUE', 'SPEC-OBJECT-TYPE', 'SPEC-RELATION-TYPE', 'SPEC-OBJECT', 'SPEC-RELATION', 'SPECIFICATION', 'SPEC-HIERARCHY', 'ENUM-VALUE-REF']);
const VALUE_KINDS = ['STRING', 'XHTML', 'ENUMERATION', 'INTEGER'] as const;
for (const kind of VALUE_KINDS) {
  ARRAYS.add(`ATTRIBUTE-VALUE-${kind}`);
  ARRAYS.add(`ATTRIBUTE-DEFINITION-${kind}`);
}

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function read(bytes: Buffer): Node {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, htmlEntities: true, stopNodes: ['*.THE-VALUE'], isArray: (name) => ARRAYS.has(name) });
  return (parser.parse(bytes.toString('utf8')) as Node)['REQ-IF'] as Node;
}

interface YamlItem {
  id: string;
  kind: 'needs' | 'requirements' | 'itt';
  fields: Record<string, unknown>;
}

/** Every item of a folder's requirement files, read with the yaml package, the kind from the file suffix. */
function yamlItems(folder: string): YamlItem[] {
  const items: YamlItem[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      const kind = /\.needs\.ya?ml$/.test(name) ? 'needs' : /\.reqs\.ya?ml$/.test(name) ? 'requirements' : /\.itt\.ya?ml$/.test(name) ? 'itt' : undefined;
      if (!kind) continue;
      const value = parse(readFileSync(path, 'utf8'), { uniqueKeys: false }) as { items?: unknown[] };
      for (const entry of value.items ?? []) {
        const fields = entry as Record<string, unknown>;
        if (fields && typeof fields.id === 'string') items.push({ id: fields.id, kind, fields });
      }
    }
  };
  walk(folder);
  return items;
}

const TARGET_KIND: Record<string, string> = { satisfies: 'needs', parent: 'requirements', covers: 'requirements' };

/** "SOURCE field TARGET" for every link whose target is an item of the kind the field points to (TARGET the id, its stamp aside). */
function expectedRelations(items: readonly YamlItem[]): string[] {
  const defined = new Set(items.map((item) => `${item.kind} ${item.id}`));
  const relations: string[] = [];
  for (const item of items) {
    for (const field of ['satisfies', 'parent', 'covers']) {
      const value = item.fields[field];
      const targets = Array.isArray(value) ? value : value === undefined ? [] : [value];
      for (const target of targets) if (typeof target === 'string' && defined.has(`${TARGET_KIND[field]} ${linkId(target)}`)) relations.push(`${item.id} ${field} ${linkId(target)}`);
    }
  }
  return relations.sort();
}

function foreignId(object: Node): string {
  const value = (object.VALUES['ATTRIBUTE-VALUE-STRING'] as Node[]).find((v) => String(v.DEFINITION['ATTRIBUTE-DEFINITION-STRING-REF']).endsWith('-ReqIF.ForeignID'));
  return String(value?.['THE-VALUE']);
}

describe.each(Object.entries(SAMPLES))('export reqif of samples/%s', (name, folder) => {
  let bytes: Buffer;
  let reqif: Node;
  let content: Node;
  beforeAll(() => {
    bytes = exportReqif(folder, name);
    reqif = read(bytes);
    content = reqif['CORE-CONTENT']['REQ-IF-CONTENT'] as Node;
  });

  it('validates against the ReqIF 1.0 schema', () => {
    const result = validate(bytes, name);
    expect(result.output).toMatch(/validates/);
    expect(result.status).toBe(0);
    expect(bytes.subarray(0, 38).toString()).toBe('<?xml version="1.0" encoding="UTF-8"?>');
  });

  it('has one SPEC-OBJECT per item, with its id as ReqIF.ForeignID, and one SPECIFICATION per file listing its items in order', () => {
    const items = yamlItems(folder);
    const objects = content['SPEC-OBJECTS']['SPEC-OBJECT'] as Node[];
    expect(objects.length).toBe(items.length);
    expect(objects.map(foreignId).sort()).toEqual(items.map((item) => item.id).sort());
    const specifications = content.SPECIFICATIONS.SPECIFICATION as Node[];
    const hierarchy = specifications.flatMap((spec) => ((spec.CHILDREN?.['SPEC-HIERARCHY'] ?? []) as Node[]).map((h) => String(h.OBJECT['SPEC-OBJECT-REF'])));
    const byIdentifier = new Map(objects.map((o) => [String(o.IDENTIFIER), foreignId(o)]));
    expect(hierarchy.map((identifier) => byIdentifier.get(identifier))).toEqual(items.map((item) => item.id));
    for (const spec of specifications) expect(spec.TYPE['SPECIFICATION-TYPE-REF']).toBe('reqtrace-type-file');
    // Withdrawn items are there too, with their status.
    const withdrawn = items.filter((item) => item.fields.status === 'withdrawn');
    if (name === 'broken') expect(withdrawn.length).toBeGreaterThan(0);
    for (const item of withdrawn) {
      const object = objects.find((o) => foreignId(o) === item.id) as Node;
      expect(JSON.stringify(object.VALUES['ATTRIBUTE-VALUE-ENUMERATION'])).toContain('reqtrace-ev-status-withdrawn');
    }
  });

  it('has one SPEC-RELATION per link whose target exists, of the type named after the link field', () => {
    const items = yamlItems(folder);
    const objects = new Map((content['SPEC-OBJECTS']['SPEC-OBJECT'] as Node[]).map((o) => [String(o.IDENTIFIER), foreignId(o)]));
    const types = new Map((content['SPEC-TYPES']['SPEC-RELATION-TYPE'] as Node[]).map((t) => [String(t.IDENTIFIER), String(t['LONG-NAME'])]));
    const relations = ((content['SPEC-RELATIONS']?.['SPEC-RELATION'] ?? []) as Node[]).map(
      (r) => `${objects.get(String(r.SOURCE['SPEC-OBJECT-REF']))} ${types.get(String(r.TYPE['SPEC-RELATION-TYPE-REF']))} ${objects.get(String(r.TARGET['SPEC-OBJECT-REF']))}`,
    );
    const expected = expectedRelations(items);
    expect(expected.length).toBeGreaterThan(name === 'synergy' ? 200 : 5);
    expect(relations.sort()).toEqual(expected);
  });

  it('gives every value a definition of its object type, and every enumeration value one its datatype declares', () => {
    const datatypes = new Map((content.DATATYPES['DATATYPE-DEFINITION-ENUMERATION'] as Node[]).map((d) => [String(d.IDENTIFIER), new Set(((d['SPECIFIED-VALUES']?.['ENUM-VALUE'] ?? []) as Node[]).map((v) => String(v.IDENTIFIER)))]));
    const types = new Map<string, Map<string, string | undefined>>();
    for (const type of content['SPEC-TYPES']['SPEC-OBJECT-TYPE'] as Node[]) {
      const definitions = new Map<string, string | undefined>();
      for (const kind of VALUE_KINDS) {
        for (const definition of (type['SPEC-ATTRIBUTES'][`ATTRIBUTE-DEFINITION-${kind}`] ?? []) as Node[]) {
          definitions.set(`${kind} ${String(definition.IDENTIFIER)}`, definition.TYPE['DATATYPE-DEFINITION-ENUMERATION-REF'] as string | undefined);
        }
      }
      types.set(String(type.IDENTIFIER), definitions);
    }
    let values = 0;
    for (const object of content['SPEC-OBJECTS']['SPEC-OBJECT'] as Node[]) {
      const definitions = types.get(String(object.TYPE['SPEC-OBJECT-TYPE-REF'])) as Map<string, string | undefined>;
      expect(definitions).toBeDefined();
      for (const kind of VALUE_KINDS) {
        for (const value of (object.VALUES[`ATTRIBUTE-VALUE-${kind}`] ?? []) as Node[]) {
          values++;
          const key = `${kind} ${String(value.DEFINITION[`ATTRIBUTE-DEFINITION-${kind}-REF`])}`;
          expect(definitions.has(key), key).toBe(true);
          if (kind === 'ENUMERATION') {
            const allowed = datatypes.get(definitions.get(key) as string) as Set<string>;
            for (const ref of value.VALUES['ENUM-VALUE-REF'] as string[]) expect(allowed.has(ref), ref).toBe(true);
          }
        }
      }
    }
    expect(values).toBeGreaterThan(content['SPEC-OBJECTS']['SPEC-OBJECT'].length * 3);
  });
});

describe('export reqif, reproducibility and names', () => {
  it('gives the same bytes for the same SOURCE_DATE_EPOCH, and only the times change with another', () => {
    const first = exportReqif(SAMPLES.synergy, 'again-1');
    const second = exportReqif(SAMPLES.synergy, 'again-2');
    expect(second.equals(first)).toBe(true);
    const later = exportReqif(SAMPLES.synergy, 'again-3', '1767312000');
    expect(later.equals(first)).toBe(false);
    expect(first.toString()).toContain('<CREATION-TIME>2026-01-01T00:00:00Z</CREATION-TIME>');
    expect(later.toString().replaceAll('2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z')).toBe(first.toString());
  });

  it('names identifiers after ids, kinds and field names, and uses the standard attribute names', () => {
    const text = exportReqif(SAMPLES.broken, 'names').toString();
    for (const identifier of ['reqtrace-obj-REQ-PAY-001', 'reqtrace-type-requirements', 'reqtrace-ad-requirements-ReqIF.Text', 'reqtrace-ad-needs-so-that', 'reqtrace-ev-priority-must', 'reqtrace-rt-satisfies', 'reqtrace-dt-enum-status']) {
      expect(text, identifier).toContain(`IDENTIFIER="${identifier}"`);
    }
    for (const name of ['ReqIF.ForeignID', 'ReqIF.Name', 'ReqIF.Text']) expect(text).toContain(`LONG-NAME="${name}"`);
    // A duplicate id gets a second object of its own.
    expect(text).toMatch(/IDENTIFIER="reqtrace-obj-[A-Z0-9.-]+_dup2"/);
    // A link to nothing is kept as text, with no relation.
    expect(text).toContain('THE-VALUE="UN-PAY-02"');
    expect(text).not.toMatch(/__satisfies__UN-PAY-02</);
    // A value the schema does not allow (priority: mus) and a field it does not know (acceptence) are kept as YAML.
    expect(text).toMatch(/reqtrace\.Unmapped[^]*priority: mus/);
    expect(text).toMatch(/THE-VALUE="[^"]*acceptence:/);
  });

  it('writes valid XML for text full of markup, control characters, emoji and right-to-left script', () => {
    const folder = mkdtempSync(join(scratch, 'hostile-'));
    const hostile = 'a < b && c > d ]]> <![CDATA[x]]> "quoted" \'single\' \u0001\u0008\u000b\u000c\u001f\ufffe tab\there 😀 مرحبا שלום \u202e';
    writeFileSync(
      join(folder, 'x.reqs.yaml'),
      `kind: requirements\ntitle: ${JSON.stringify(hostile)}\nitems:\n  - id: REQ-X-001\n    title: ${JSON.stringify(hostile)}\n    statement: ${JSON.stringify(`${hostile}\nsecond line\r\nthird`)}\n    type: functional\n    priority: must\n    tags: [${JSON.stringify(hostile)}, "&"]\n    notes: ${JSON.stringify(hostile)}\n    acceptance: [${JSON.stringify(hostile)}]\n    category: ${JSON.stringify(hostile)}\n`,
    );
    const bytes = exportReqif(folder, 'hostile');
    const result = validate(bytes, 'hostile');
    expect(result.output).toMatch(/validates/);
    const content = read(bytes)['CORE-CONTENT']['REQ-IF-CONTENT'] as Node;
    const object = (content['SPEC-OBJECTS']['SPEC-OBJECT'] as Node[])[0] as Node;
    const strings = new Map((object.VALUES['ATTRIBUTE-VALUE-STRING'] as Node[]).map((v) => [String(v.DEFINITION['ATTRIBUTE-DEFINITION-STRING-REF']), String(v['THE-VALUE'])]));
    const kept = hostile.replace(/[\u0001\u0008\u000b\u000c\u001f\ufffe]/g, '');
    expect(strings.get('reqtrace-ad-requirements-ReqIF.Name')).toBe(kept);
    expect(strings.get('reqtrace-ad-requirements-notes')).toBe(kept);
    const xhtml = (object.VALUES['ATTRIBUTE-VALUE-XHTML'] as Node[]).map((v) => String(v['THE-VALUE'])).join('');
    expect(xhtml).toContain(']]&gt;');
    expect(xhtml).toContain('😀 مرحبا שלום');
    expect(xhtml).toContain('<xhtml:br/>second line&#13;<xhtml:br/>third');
  });

  it('escapes and names with the writer: every character XML forbids removed, ids one to one', () => {
    expect(escapeText('a<b>&]]>\r\u0000\ud800x')).toBe('a&lt;b&gt;&amp;]]&gt;&#13;x');
    expect(escapeAttribute('"a"\tb\nc\r')).toBe('&quot;a&quot;&#9;b&#10;c&#13;');
    expect(idPart('REQ-HR-001')).toBe('REQ-HR-001');
    expect(idPart('ITT-3.2.1')).toBe('ITT-3.2.1');
    expect(idPart('req fin/4_x')).toBe('req_0020fin_002F4_005Fx');
    expect(idPart('a_0020')).not.toBe(idPart('a '));
  });
});

