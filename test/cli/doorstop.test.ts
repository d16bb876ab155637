/**
 * `reqtrace import doorstop TREE --out DIR`, run as a child process on a Doorstop tree written by
 * hand in Doorstop's on-disk format (test/fixtures/doorstop/tree): a needs document UN at the top,
 * REQ below it (a heading, a stamped link, an item with extended attributes, one that is not YAML,
 * a derived one with a broken link, a link written REQ2), ITT below REQ in the markdown item format,
 * and a test document TST. The files written are read back with the yaml package and checked by
 * `reqtrace check`.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Diagnostic } from './output';
import { run } from './run';
import { scratchFolders } from './scratch';

const TREE = join(__dirname, '..', 'fixtures', 'doorstop', 'tree');

interface Written {
  kind: string;
  title?: string;
  items: Record<string, unknown>[];
}

const scratch = scratchFolders('reqtrace-doorstop-');

function read(dir: string, file: string): Written {
  return parse(readFileSync(join(dir, file), 'utf8')) as Written;
}

const DEFAULTS = ['--default', 'type=functional', '--default', 'priority=should', '--default', 'response=pass-fail'];

describe('reqtrace import doorstop', () => {
  it('imports each document as a file of its kind, in level order, with the links the kinds allow, and says what it changed and left out', async () => {
    const dir = scratch();
    const result = await run(dir, 'import', 'doorstop', TREE, '--out', 'out');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`Imported 3 needs, 4 requirements and 2 clauses from ${TREE} into 3 files in out:`);
    expect(lines.slice(1, 4)).toEqual(['  out/un.needs.yaml: 3 needs', '  out/req.reqs.yaml: 4 requirements', '  out/itt.itt.yaml: 2 clauses']);
    for (const line of [
      '  Doorstop document UN (needs/) read as needs: by its prefix (--map UN=KIND to choose)',
      '  Doorstop document TST (tests/, 1 item) left out: its prefix names tests or design, which are not needs, requirements or clauses; give --map TST=requirements (or needs, itt) to import it',
      '  1 inactive item (active: false) imported as withdrawn: UN003',
      "  2 link review stamps (Doorstop's fingerprints of the linked item) dropped: reqtrace does not record reviews",
      '  1 heading (non-normative, level ending in .0), which reqtrace has no item for; each is a comment above the item after it: REQ001',
      '  1 link from itt to needs, which reqtrace has no link for: ITT-02 → UN001',
      '  1 link to a UID no item in the tree has: REQ005 → UN999',
      "  the attribute 'invented-by' of 1 item: reqtrace requirements have no such field: REQ005",
      'Still to fill in for reqtrace check (3):',
      '  requirements: 3 items without type, which Doorstop has no place for: give --default type=functional (or non-functional), or write each: REQ002, REQ006, REQ005',
    ]) {
      expect(lines).toContain(line);
    }
    expect(lines.find((line) => line.startsWith('  reqs/REQ004.yml: not valid YAML'))).toMatch(/; skipped$/);

    const needs = read(dir, 'out/un.needs.yaml');
    expect(needs).toMatchObject({ kind: 'needs', title: 'Payroll user needs' });
    expect(needs.items).toEqual([
      { id: 'UN001', title: 'Get paid on time', as: 'a nurse on shifts', need: 'I need to be paid on the same day each month', 'so-that': 'so that I can pay my rent' },
      {
        id: 'UN002',
        title: 'As a payroll officer I need to correct a payment before it is sent so that…',
        as: 'a **payroll officer**',
        need: 'I need to correct a payment before it is sent',
        'so-that': 'so that nobody is overpaid',
      },
      { id: 'UN003', title: 'Paper payslips', as: 'a retired member', need: 'I need a paper payslip', 'so-that': 'so that I can keep records', status: 'withdrawn' },
    ]);
    const reqs = read(dir, 'out/req.reqs.yaml');
    // Level order: 1.1, 1.1.5, 1.2, 1.3; the link written REQ2 is REQ002, as Doorstop reads it.
    expect(reqs.items).toEqual([
      { id: 'REQ002', title: 'Monthly pay run', statement: 'The solution **shall** run payroll on a fixed day each month.', satisfies: ['UN001'] },
      { id: 'REQ006', title: 'Pay on a bank holiday', statement: 'When the pay day is a bank holiday, the solution shall pay on the working day before it.', parent: 'REQ002' },
      {
        id: 'REQ003',
        title: 'Correct before sending',
        statement: 'The solution shall let a payroll officer correct a payment until the pay run is sent.',
        type: 'functional',
        priority: 'must',
        satisfies: ['UN002'],
        parent: 'REQ002',
      },
      { id: 'REQ005', title: 'Audit log', statement: 'The solution shall log every change to a payment.', tags: ['derived'] },
    ]);
    expect(readFileSync(join(dir, 'out/req.reqs.yaml'), 'utf8')).toContain('items:\n  # 1.0 Payroll\n  - id: REQ002\n');
    expect(read(dir, 'out/itt.itt.yaml').items).toEqual([
      { id: 'ITT-01', title: 'Payroll service', text: 'Describe how your service runs payroll each month,\nand how you recover a missed pay run.', covers: ['REQ002'] },
      { id: 'ITT-02', title: 'Corrections', text: 'Describe how payroll officers correct payments.', covers: ['REQ003'] },
    ]);
  });

  it('writes files reqtrace check reads with no error once --default fills what Doorstop lacks, and without it the errors are the ones the summary lists', async () => {
    const dir = scratch();
    expect((await run(dir, 'import', 'doorstop', TREE, '--out', 'filled', ...DEFAULTS)).status).toBe(0);
    const filled = await run(dir, 'check', 'filled', '--format', 'json');
    const errors = (JSON.parse(filled.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
    expect(filled.status).toBe(0);
    expect(read(dir, 'filled/req.reqs.yaml').items.map((item) => [item.id, item.type, item.priority])).toEqual([
      ['REQ002', 'functional', 'should'],
      ['REQ006', 'functional', 'should'],
      ['REQ003', 'functional', 'must'],
      ['REQ005', 'functional', 'should'],
    ]);

    const imported = await run(dir, 'import', 'doorstop', TREE, '--out', 'bare');
    const listed = imported.stdout.split('Still to fill in for reqtrace check (3):\n')[1]?.split('\nCheck them with')[0]?.split('\n') ?? [];
    // Each listed line names its field and items: 3 × type, 3 × priority, 2 × response.
    const expected = listed.flatMap((line) => {
      const [, field, ids] = /without (\S+), .*: (.*)$/.exec(line) ?? [];
      return (ids ?? '').split(', ').map((id) => `${id} ${field ?? ''}`);
    });
    const bare = JSON.parse((await run(dir, 'check', 'bare', '--format', 'json')).stdout) as { diagnostics: Diagnostic[] };
    const found = bare.diagnostics.filter((d) => d.severity === 'error').map((d) => /^(?:Clause|Requirement) (\S+) is missing the required field '(\w+)'\.$/.exec(d.message)?.slice(1).join(' ') ?? d.message);
    expect(found.sort()).toEqual(expected.sort());
    expect(expected.sort()).toEqual(['ITT-01 response', 'ITT-02 response', 'REQ002 priority', 'REQ002 type', 'REQ005 priority', 'REQ005 type', 'REQ006 priority', 'REQ006 type']);
  });

  it('reads a document as --map says, and refuses a --map or --default it cannot use in one line', async () => {
    const dir = scratch();
    const mapped = await run(dir, 'import', 'doorstop', TREE, '--out', 'out', '--map', 'TST=requirements', '--map', 'un=needs');
    expect(mapped.status).toBe(0);
    expect(mapped.stdout).toContain('  Doorstop document TST (tests/) read as requirements: --map says so\n');
    expect(read(dir, 'out/tst.reqs.yaml').items).toEqual([{ id: 'TST001', title: 'Pay run test', statement: 'Run payroll for a test month and check every payslip.', parent: 'REQ002' }]);
    for (const [args, message] of [
      [['--map', 'SDD=requirements'], 'reqtrace: --map "SDD=requirements": the tree has no document with the prefix SDD; its documents are ITT, REQ, TST, UN'],
      [['--map', 'REQ=tests'], `reqtrace: --map "REQ=tests": 'tests' is not a kind: use needs, requirements, itt or skip`],
      [['--default', 'priority=high'], 'reqtrace: --default "priority=high": priority must be one of must, should, could, wont'],
      [['--default', 'title=x'], "reqtrace: --default \"title=x\": 'title' is not a field --default sets; it sets type, priority, category, verification, response, weighting, status, source"],
    ] as const) {
      const refused = await run(dir, 'import', 'doorstop', TREE, '--out', 'refused', ...args);
      expect({ status: refused.status, stderr: refused.stderr, stdout: refused.stdout }).toEqual({ status: 2, stderr: `${message}\n`, stdout: '' });
    }
  });

  it('never writes over a file unless --force, and refuses a folder that is not a Doorstop tree in one line', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'req.reqs.yaml'), 'mine\n');
    const stopped = await run(dir, 'import', 'doorstop', TREE, '--out', 'out');
    expect({ status: stopped.status, stderr: stopped.stderr }).toEqual({
      status: 2,
      stderr: 'reqtrace: not imported: req.reqs.yaml already exists in the output folder; give --force to overwrite, or another --out\n',
    });
    expect(readFileSync(join(dir, 'out', 'req.reqs.yaml'), 'utf8')).toBe('mine\n');
    expect((await run(dir, 'import', 'doorstop', TREE, '--out', 'out', '--force')).status).toBe(0);
    expect(read(dir, 'out/req.reqs.yaml').items).toHaveLength(4);

    const plain = join(dir, 'plain');
    cpSync(join(TREE, 'reqs', 'REQ002.yml'), join(plain, 'REQ002.yml'), { recursive: true });
    const refused = await run(dir, 'import', 'doorstop', 'plain', '--out', 'out2');
    expect({ status: refused.status, stderr: refused.stderr, stdout: refused.stdout }).toEqual({ status: 2, stderr: "reqtrace: 'plain' is not a Doorstop tree: no folder in it has a .doorstop.yml\n", stdout: '' });
  });

  it('skips item files it cannot read safely, each with its reason, and imports the rest', async () => {
    const dir = scratch();
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, '.doorstop.yml'), "settings:\n  digits: 3\n  prefix: SRS\n  sep: ''\n");
    writeFileSync(join(tree, 'SRS001.yml'), 'text: |\n  The solution shall work.\n');
    writeFileSync(join(tree, 'SRS002.yml'), `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `b${i}: &b${i} [${i === 0 ? '*a' : `*b${i - 1}`}, ${i === 0 ? '*a' : `*b${i - 1}`}]`).join('\n')}\ntext: x\n`);
    writeFileSync(join(tree, 'SRS003.yml'), Buffer.from([0x74, 0x65, 0x78, 0x74, 0x3a, 0x20, 0xff, 0x0a]));
    writeFileSync(join(tree, 'SRS004.yml'), '- just\n- a list\n');
    writeFileSync(join(tree, 'SRS005.yml'), 'text: !!python/object:os.system echo hi\nheader: Tagged\n');
    const result = await run(dir, 'import', 'doorstop', 'tree', '--out', 'out');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Imported 2 requirements from tree into 1 file in out:');
    expect(result.stdout).toMatch(/ {2}SRS002\.yml: not readable YAML \(.*\); skipped\n/);
    expect(result.stdout).toContain('  SRS003.yml: not UTF-8 text; skipped\n');
    expect(result.stdout).toContain('  SRS004.yml: not a mapping of item attributes; skipped\n');
    // An unknown tag is text, never acted on.
    expect(read(dir, 'out/srs.reqs.yaml').items.map((item) => [item.id, item.title, item.statement])).toEqual([
      ['SRS001', 'The solution shall work.', 'The solution shall work.'],
      ['SRS005', 'Tagged', 'echo hi'],
    ]);
  });
});
