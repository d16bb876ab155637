/**
 * `readiness: tender` on the command line, run as a child process: `export matrix` refuses in one
 * line (exit 2) while a requirement asked of bidders is not agreed, and writes with `--draft`; the
 * raised findings make `check` fail; drafting and an agreed workspace write as before.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run';
import { scratchFolders } from './scratch';

const scratch = scratchFolders('reqtrace-readiness-');

const requirement = (id: string, status: string, priority = 'should'): string =>
  `  - id: ${id}\n    title: Pay staff\n    statement: The solution shall pay staff on the agreed date.\n    type: functional\n    priority: ${priority}\n    status: ${status}\n`;

/** A workspace whose clause asks for the requirements given, each with its status; ITT-1 is pass/fail. */
function tenderWorkspace(readiness: string | undefined, statuses: Readonly<Record<string, string>>): string {
  const ids = Object.keys(statuses);
  return scratch({
    'reqtrace.config.yaml': readiness ? `readiness: ${readiness}\n` : 'title: T\n',
    'sor/pay.reqs.yaml': `kind: requirements\nitems:\n${ids.map((id) => requirement(id, statuses[id] ?? 'agreed')).join('')}`,
    'sor/s.itt.yaml': `kind: itt\nitems:\n  - id: ITT-1\n    title: Pay\n    text: Describe how you pay staff.\n    response: pass-fail\n    covers: [${ids.join(', ')}]\n    status: agreed\n`,
  });
}

describe('readiness: tender and export matrix', () => {
  it('refuses in one line, naming how many requirements are not agreed and the first few, and writes nothing', async () => {
    const statuses = Object.fromEntries(['REQ-1', 'REQ-2', 'REQ-3', 'REQ-4', 'REQ-5', 'REQ-6', 'REQ-7', 'REQ-8'].map((id, i) => [id, i % 4 === 0 ? 'agreed' : i % 2 === 0 ? 'draft' : 'proposed']));
    const dir = tenderWorkspace('tender', statuses);
    const result = await run(dir, 'export', 'matrix', 'sor', '--out', 'out.xlsx');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'reqtrace: export matrix is refused under readiness: tender: 6 requirements asked of bidders are not agreed (REQ-2, REQ-3, REQ-4, REQ-6, REQ-7 and 1 more); agree them, or give --draft to write a draft\n',
    );
    expect(existsSync(join(dir, 'out.xlsx'))).toBe(false);
  });

  it('writes the workbook with --draft, and --draft is matrix\'s option only', async () => {
    const dir = tenderWorkspace('tender', { 'REQ-1': 'proposed' });
    const result = await run(dir, 'export', 'matrix', 'sor', '--out', 'out.xlsx', '--draft');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, 'out.xlsx'))).toBe(true);
    const other = await run(dir, 'export', 'reqif', 'sor', '--out', 'out.reqif', '--draft');
    expect(other.status).toBe(2);
    expect(other.stderr).toBe('reqtrace: --draft is not an option of reqif\n');
  });

  it('writes as before when every requirement asked is agreed, or while drafting', async () => {
    for (const dir of [tenderWorkspace('tender', { 'REQ-1': 'agreed' }), tenderWorkspace(undefined, { 'REQ-1': 'draft' }), tenderWorkspace('drafting', { 'REQ-1': 'proposed' })]) {
      const result = await run(dir, 'export', 'matrix', 'sor', '--out', 'out.xlsx');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(existsSync(join(dir, 'out.xlsx'))).toBe(true);
    }
  });

  it("leaves out what bidders are not asked: a Won't Have or withdrawn requirement, a withdrawn clause", async () => {
    const dir = scratch({
      'reqtrace.config.yaml': 'readiness: tender\n',
      'sor/pay.reqs.yaml': `kind: requirements\nitems:\n${requirement('REQ-1', 'agreed')}${requirement('REQ-W', 'draft', 'wont')}${requirement('REQ-X', 'withdrawn')}${requirement('REQ-D', 'draft')}`,
      'sor/s.itt.yaml':
        'kind: itt\nitems:\n  - id: ITT-1\n    title: Pay\n    text: Describe how.\n    response: pass-fail\n    covers: [REQ-1, REQ-W, REQ-X]\n  - id: ITT-2\n    title: Old\n    text: Describe how.\n    response: pass-fail\n    covers: [REQ-D]\n    status: withdrawn\n',
    });
    const result = await run(dir, 'export', 'matrix', 'sor', '--out', 'out.xlsx');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('readiness: tender and check', () => {
  it('raises not-agreed and must-not-evaluated to errors, so check fails; an explicit severity still wins', async () => {
    const files = {
      'sor/pay.reqs.yaml': `kind: requirements\nitems:\n${requirement('REQ-1', 'proposed')}${requirement('REQ-M', 'agreed', 'must')}`,
      'sor/s.itt.yaml': 'kind: itt\nitems:\n  - id: ITT-1\n    title: Pay\n    text: Describe how.\n    response: information\n    covers: [REQ-1, REQ-M]\n',
    };
    const codes = (stdout: string): string[] => stdout.split('\n').filter((line) => / (not-agreed|must-not-evaluated): /.test(line)).map((line) => line.replace(/^[^ ]+ (\w+) ([\w-]+):.*$/, '$2 $1'));
    const drafting = await run(scratch({ ...files, 'reqtrace.config.yaml': 'readiness: drafting\n' }), 'check', 'sor');
    expect(codes(drafting.stdout)).toEqual(['must-not-evaluated warning', 'not-agreed info']);
    expect(drafting.status).toBe(0);
    const tender = await run(scratch({ ...files, 'reqtrace.config.yaml': 'readiness: tender\n' }), 'check', 'sor');
    expect(codes(tender.stdout)).toEqual(['must-not-evaluated error', 'not-agreed error']);
    expect(tender.status).toBe(1);
    const chosen = await run(scratch({ ...files, 'reqtrace.config.yaml': 'readiness: tender\nrules:\n  not-agreed: { severity: warning }\n  must-not-evaluated: { severity: off }\n' }), 'check', 'sor');
    expect(codes(chosen.stdout)).toEqual(['not-agreed warning']);
    expect(chosen.status).toBe(0);
  });

  it('reports social-value-weight on the config file, and drops it when the config turns it off', async () => {
    const files = { 'sor/pay.reqs.yaml': `kind: requirements\nitems:\n${requirement('REQ-1', 'agreed')}` };
    const low = await run(scratch({ ...files, 'reqtrace.config.yaml': 'evaluation:\n  quality: 65\n  price: 30\n  social-value: 5\n' }), 'check', 'sor');
    expect(low.stdout.split('\n').filter((line) => line.includes('social-value-weight'))).toEqual([
      'reqtrace.config.yaml:4:17: warning social-value-weight: Social value is 5% of the whole score, less than the 10% central government guidance (PPN 06/20, now PPN 002) asks for: give it at least 10%.',
    ]);
    const off = await run(scratch({ ...files, 'reqtrace.config.yaml': 'evaluation: { quality: 95, social-value: 5 }\nrules:\n  social-value-weight: { severity: off }\n' }), 'check', 'sor');
    expect(off.stdout).not.toContain('social-value-weight');
  });
});
