/**
 * `reqtrace export needs`: a sphinx-needs needs.json, checked against the schema sphinx-needs
 * publishes for the file (test/fixtures/needs) and against the schema of a need it carries itself;
 * items and links counted independently from the YAML; the same bytes for the same
 * SOURCE_DATE_EPOCH. The CLI runs as a child process.
 */
import Ajv from 'ajv';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fingerprintOf } from '../../server/src/core/fingerprint';
import type { Item } from '../../server/src/core/model';
import { parseFile } from '../../server/src/core/parse/parse';
import { linkId } from './links';
import { run } from './run';
import { scratchFolders } from './scratch';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const PUBLISHED_SCHEMA = join(__dirname, '..', 'fixtures', 'needs', 'needsfile.schema.json');

interface NeedsJson {
  created: string;
  current_version: string;
  project: string;
  versions: Record<string, { created: string; creator: unknown; needs: Record<string, Record<string, unknown>>; needs_amount: number; needs_schema: object }>;
}

const folder = scratchFolders('reqtrace-needs-');
afterEach(() => {
  delete process.env.SOURCE_DATE_EPOCH;
});

/** Runs `export needs` with SOURCE_DATE_EPOCH set (the child inherits it) and reads what it wrote. */
async function exportNeeds(cwd: string, ...args: string[]): Promise<{ text: string; json: NeedsJson }> {
  process.env.SOURCE_DATE_EPOCH = '1700000000';
  const result = await run(cwd, 'export', 'needs', ...args);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return { text: result.stdout, json: JSON.parse(result.stdout) as NeedsJson };
}

/** Every requirement file under `dir`, read with the yaml package: the items and links (the ids, stamps aside) the export must hold. */
function itemsInYaml(dir: string): { id: string; kind: string; links: { field: string; to: string }[] }[] {
  const found: { id: string; kind: string; links: { field: string; to: string }[] }[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(needs|reqs|itt)\.ya?ml$/.test(name)) {
        const doc = parse(readFileSync(path, 'utf8')) as { kind: string; items: Record<string, unknown>[] };
        for (const item of doc.items) {
          const links = ['satisfies', 'covers', 'parent'].flatMap((field) => [item[field] ?? []].flat().map((to) => ({ field, to: linkId(to as string) })));
          found.push({ id: String(item.id), kind: doc.kind, links });
        }
      }
    }
  };
  walk(dir);
  return found;
}

describe('reqtrace export needs', () => {
  it('writes a needs.json that validates against the schema sphinx-needs publishes, every need against its own needs_schema, with every item and link of the YAML', async () => {
    const { json } = await exportNeeds(SAMPLES, 'synergy');
    // The published schema names itself with the draft-07 meta-schema's own $id, which ajv already holds.
    const published = JSON.parse(readFileSync(PUBLISHED_SCHEMA, 'utf8')) as Record<string, unknown>;
    delete published.$id;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validateFile = ajv.compile(published);
    expect(validateFile(json), JSON.stringify(validateFile.errors)).toBe(true);

    const version = json.versions['1.0'];
    if (!version) throw new Error('no version 1.0');
    const validateNeed = ajv.compile(version.needs_schema);
    for (const need of Object.values(version.needs)) expect(validateNeed(need), `${String(need.id)}: ${JSON.stringify(validateNeed.errors)}`).toBe(true);
    // Every field written is described, so the Sphinx project knows what to declare.
    const described = Object.keys((version.needs_schema as { properties: object }).properties);
    for (const need of Object.values(version.needs)) expect(described).toEqual(expect.arrayContaining(Object.keys(need)));

    const yaml = itemsInYaml(join(SAMPLES, 'synergy'));
    expect(version.needs_amount).toBe(yaml.length);
    expect(Object.keys(version.needs).sort()).toEqual(yaml.map((item) => item.id).sort());
    const type = { needs: 'need', requirements: 'req', itt: 'itt' } as Record<string, string>;
    for (const item of yaml) {
      const need = version.needs[item.id] as Record<string, string[]>;
      expect(need.type).toBe(type[item.kind]);
      for (const field of ['satisfies', 'covers', 'parent']) expect([item.id, field, need[field]]).toEqual([item.id, field, item.links.filter((l) => l.field === field).map((l) => l.to)]);
    }
    // Each link once forward and once back (every target exists in the sample).
    const links = yaml.flatMap((item) => item.links.map((link) => `${item.id} ${link.field} ${link.to}`)).sort();
    const back = Object.values(version.needs).flatMap((need) => ['satisfies', 'covers', 'parent'].flatMap((field) => (need[`${field}_back`] as string[]).map((from) => `${from} ${field} ${String(need.id)}`)));
    expect(links.length).toBeGreaterThan(200);
    expect(back.sort()).toEqual(links);
  });

  it('writes every field of each kind under the names the README gives, sorted, with the file and line it comes from', async () => {
    const needsText =
      'kind: needs\nitems:\n  - id: UN-1\n    title: Get paid\n    as: a nurse\n    need: I need to be paid on time\n    so-that: so that I can pay my rent\n    departments: [DWP, HO]\n    priority: must\n    pain-points: [late pay]\n    opportunities: [a payslip app]\n    source: interviews\n    tags: [pay]\n    notes: From the 2025 discovery.\n';
    // Fingerprints as reqtrace works them out (the fields' words, not their layout).
    const fingerprint = (uri: string, text: string, at = 0): string => fingerprintOf(parseFile(uri, text).items[at] as Item);
    const un1 = fingerprint('file:///n.needs.yaml', needsText);
    const dir = folder({
      'sor/pay.needs.yaml': needsText,
      'sor/pay.reqs.yaml':
        `kind: requirements\nitems:\n  - id: REQ-1\n    title: Pay run\n    statement: The solution shall run payroll monthly.\n    type: functional\n    category: payroll\n    priority: should\n    satisfies: [UN-1@${un1}]\n    acceptance: [A run finishes in an hour]\n    verification: test\n    status: agreed\n    reviewed: abcdef0123\n\n  - id: REQ-2\n    title: Pension feed\n    statement: The solution shall send pension data.\n    type: non-functional\n    priority: could\n    parent: REQ-1\n    waiver: { reason: Out of scope }\n    silence: { vague-term: Pension data is defined in Annex C }\n`,
      'sor/pay.itt.yml': 'kind: itt\nitems:\n  - id: ITT-1\n    title: Payroll\n    text: Describe your payroll service.\n    response: scored\n    weighting: 20\n    covers: [REQ-1, REQ-1]\n',
    });
    const { text, json } = await exportNeeds(dir, 'sor', '--project', 'Pay', '--needs-version', '2.3');
    const reqsText = readFileSync(join(dir, 'sor/pay.reqs.yaml'), 'utf8');
    const ittText = readFileSync(join(dir, 'sor/pay.itt.yml'), 'utf8');
    expect(Object.keys(json)).toEqual(['created', 'current_version', 'project', 'versions']);
    expect({ created: json.created, current_version: json.current_version, project: json.project }).toEqual({ created: '2023-11-14T22:13:20+00:00', current_version: '2.3', project: 'Pay' });
    const version = json.versions['2.3'];
    if (!version) throw new Error('no version 2.3');
    expect(Object.keys(version)).toEqual(['created', 'creator', 'needs', 'needs_amount', 'needs_schema']);
    expect(version.needs_amount).toBe(4);
    const empty = { links: [], links_back: [], satisfies: [], satisfies_back: [], covers: [], covers_back: [], parent: [], parent_back: [] };
    expect(version.needs).toEqual({
      'ITT-1': {
        ...empty,
        id: 'ITT-1',
        type: 'itt',
        type_name: 'ITT clause',
        title: 'Payroll',
        content: 'Describe your payroll service.',
        status: 'draft',
        tags: [],
        docname: 'sor/pay.itt',
        doctype: '.yml',
        lineno: 3,
        covers: ['REQ-1'],
        response: 'scored',
        weighting: 20,
        fingerprint: fingerprint('file:///i.itt.yml', ittText),
      },
      'REQ-1': {
        ...empty,
        id: 'REQ-1',
        type: 'req',
        type_name: 'Requirement',
        title: 'Pay run',
        content: 'The solution shall run payroll monthly.',
        status: 'agreed',
        tags: [],
        docname: 'sor/pay.reqs',
        doctype: '.yaml',
        lineno: 3,
        satisfies: ['UN-1'],
        covers_back: ['ITT-1'],
        parent_back: ['REQ-2'],
        req_type: 'functional',
        category: 'payroll',
        priority: 'should',
        acceptance: ['A run finishes in an hour'],
        verification: 'test',
        fingerprint: fingerprint('file:///r.reqs.yaml', reqsText),
        reviewed: 'abcdef0123',
        link_stamps: `UN-1@${un1}`,
      },
      'REQ-2': {
        ...empty,
        id: 'REQ-2',
        type: 'req',
        type_name: 'Requirement',
        title: 'Pension feed',
        content: 'The solution shall send pension data.',
        status: 'draft',
        tags: [],
        docname: 'sor/pay.reqs',
        doctype: '.yaml',
        lineno: 15,
        parent: ['REQ-1'],
        req_type: 'non-functional',
        priority: 'could',
        waiver: 'Out of scope',
        silence: 'vague-term: Pension data is defined in Annex C',
        fingerprint: fingerprint('file:///r.reqs.yaml', reqsText, 1),
      },
      'UN-1': {
        ...empty,
        id: 'UN-1',
        type: 'need',
        type_name: 'User need',
        title: 'Get paid',
        content: 'As a nurse, I need to be paid on time so that I can pay my rent.',
        status: 'draft',
        tags: ['pay'],
        docname: 'sor/pay.needs',
        doctype: '.yaml',
        lineno: 3,
        satisfies_back: ['REQ-1'],
        as_a: 'a nurse',
        i_need: 'I need to be paid on time',
        so_that: 'so that I can pay my rent',
        departments: ['DWP', 'HO'],
        priority: 'must',
        pain_points: ['late pay'],
        opportunities: ['a payslip app'],
        source: 'interviews',
        notes: 'From the 2025 discovery.',
        fingerprint: un1,
      },
    });
    // Keys sorted at every level, as sphinx-needs' json.dump(sort_keys=True) writes them.
    const unsorted: string[] = [];
    JSON.parse(text, (key, value: unknown) => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.join('\n') !== [...keys].sort().join('\n')) unsorted.push(key);
      }
      return value;
    });
    expect(unsorted).toEqual([]);
  });

  it('gives the same bytes for the same SOURCE_DATE_EPOCH, created from it, and names the folder as the project by default', async () => {
    const first = await exportNeeds(SAMPLES, 'synergy');
    const out = join(folder({}), 'needs.json');
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    const second = await run(SAMPLES, 'export', 'needs', 'synergy', '--out', out);
    expect(second.stdout).toMatch(/^Wrote the needs export to .*needs\.json\n$/);
    expect(readFileSync(out, 'utf8')).toBe(first.text);
    expect(first.json.created).toBe('2023-11-14T22:13:20+00:00');
    expect(first.json.versions['1.0']?.created).toBe(first.json.created);
    expect(first.json.project).toBe('synergy');
    process.env.SOURCE_DATE_EPOCH = '1700000001';
    expect((await run(SAMPLES, 'export', 'needs', 'synergy')).stdout).toBe(first.text.replaceAll('22:13:20', '22:13:21'));
  });

  it('keeps the first of two items with one id, and a link to a missing id forward only', async () => {
    const dir = folder({
      'a.reqs.yaml':
        'kind: requirements\nitems:\n  - id: REQ-1\n    title: First\n    statement: S.\n    type: functional\n    priority: must\n    satisfies: [UN-404]\n  - id: REQ-1\n    title: Second\n    statement: S.\n    type: functional\n    priority: must\n',
    });
    const { json } = await exportNeeds(dir, '.');
    const version = json.versions['1.0'];
    expect(version?.needs_amount).toBe(1);
    expect(version?.needs['REQ-1']).toMatchObject({ title: 'First', satisfies: ['UN-404'] });
  });
});
