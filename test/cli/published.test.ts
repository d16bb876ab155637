/**
 * changed-after-publication from the command line, on real git repositories: with `published: <tag>`
 * in the config, `reqtrace check` compares the clauses and the requirements they ask for with the
 * files at the tag, reports each moved question at its field, and says in one finding on the config
 * when the tag cannot be read.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, git } from '../fixtures/gitEnv';
import { run } from './run';
import { scratchFolders } from './scratch';

const folder = scratchFolders('reqtrace-published-');

const CONFIG = 'published: itt-issued\n';
const NEEDS = `kind: needs
items:
  - id: UN-1
    title: Pay
    as: a payroll officer
    need: I need to pay people on the day
    so-that: staff are paid
`;
const REQS = `kind: requirements
items:
  - id: REQ-1
    title: Pay run
    statement: The solution shall run payroll every month.
    type: functional
    priority: must
    satisfies: [UN-1]
    status: agreed
  - id: REQ-2
    title: Payslips
    statement: The solution shall show payslips.
    acceptance: [A payslip shows net pay]
    type: functional
    priority: must
    satisfies: [UN-1]
    status: agreed
  - id: REQ-3
    title: Not asked
    statement: The solution shall keep pay records.
    type: functional
    priority: should
    satisfies: [UN-1]
    status: agreed
    waiver: { reason: Out of this lot }
`;
const ITT = `kind: itt
weighting-budget: 50
items:
  - id: ITT-1
    title: Payroll
    text: Describe how your solution runs payroll.
    response: scored
    weighting: 30
    minimum-score: 2
    covers: [REQ-1, REQ-2]
    status: agreed
  - id: ITT-2
    title: Records
    text: Confirm that payroll records are kept.
    response: scored
    weighting: 20
    covers: [REQ-1]
    status: agreed
`;

/** A repository whose first commit is tagged itt-issued, then the files as `change` leaves them, uncommitted. */
function published(change: (files: Record<string, string>) => Record<string, string>, config = CONFIG): string {
  const files = { 'reqtrace.config.yaml': config, 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS, 's.itt.yaml': ITT };
  const dir = folder(files);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  commitAll(dir, 'The ITT as issued');
  git(dir, 'tag', 'itt-issued');
  for (const [name, text] of Object.entries(change({ ...files }))) writeFileSync(join(dir, name), text);
  return dir;
}

/** The changed-after-publication lines of `reqtrace check`, and its exit status. */
async function check(dir: string): Promise<{ status: number | null; lines: string[]; stdout: string }> {
  const result = await run(dir, 'check', '.');
  return { status: result.status, stdout: result.stdout + result.stderr, lines: result.stdout.split('\n').filter((line) => line.includes('changed-after-publication')) };
}

describe('changed-after-publication', () => {
  it('is quiet while the ITT is as published, and when only the layout changed', async () => {
    const relaid = published((files) => ({
      // Re-wrapped and re-quoted text, covers in another order and stamped: the same questions.
      's.itt.yaml': (files['s.itt.yaml'] as string).replace('text: Describe how your solution runs payroll.', "text: >\n      Describe how your solution\n      runs payroll.").replace('covers: [REQ-1, REQ-2]', 'covers: [REQ-2, "REQ-1"]'),
      'r.reqs.yaml': (files['r.reqs.yaml'] as string).replace('statement: The solution shall run payroll every month.', "statement: 'The solution shall run payroll   every month.'"),
    }));
    const { status, lines, stdout } = await check(relaid);
    expect(lines, stdout).toEqual([]);
    expect(status).toBe(0);
  });

  it("reports each moved question at its field, naming the tag: a clause's text, weighting, minimum score and covers, a new clause, and the statement and acceptance of a requirement a clause asks for", async () => {
    const dir = published((files) => ({
      's.itt.yaml': `${(files['s.itt.yaml'] as string)
        .replace('text: Describe how your solution runs payroll.', 'text: Describe how your solution runs payroll and pensions.')
        .replace('weighting: 30', 'weighting: 25')
        .replace('    minimum-score: 2\n', '')
        .replace('covers: [REQ-1]', 'covers: [REQ-1, REQ-3]')}  - id: ITT-3
    title: Pensions
    text: Describe your pensions service.
    response: information
    covers: [REQ-3]
    status: agreed
`,
      'r.reqs.yaml': (files['r.reqs.yaml'] as string)
        .replace('statement: The solution shall run payroll every month.', 'statement: The solution shall run payroll every week.')
        .replace('acceptance: [A payslip shows net pay]', 'acceptance: [A payslip shows net and gross pay]')
        .replace('statement: The solution shall keep pay records.', 'statement: The solution shall keep pay records for six years.'),
    }));
    const { status, lines, stdout } = await check(dir);
    expect(lines, stdout).toEqual([
      "r.reqs.yaml:5:16: error changed-after-publication: REQ-1's statement has changed since the ITT was published as 'itt-issued', and ITT-1 and 1 more ask bidders for it: they answer the published words. Put them back, or issue the change to every bidder as a clarification.",
      "r.reqs.yaml:13:17: error changed-after-publication: REQ-2's acceptance has changed since the ITT was published as 'itt-issued', and ITT-1 asks bidders for it: they answer the published words. Put them back, or issue the change to every bidder as a clarification.",
      // The minimum score was removed: on the clause's id.
      "s.itt.yaml:4:9: error changed-after-publication: ITT-1's minimum-score has changed since the ITT was published as 'itt-issued' (published: 2): bidders answer the published question. Put it back, or issue the change to every bidder as a clarification.",
      "s.itt.yaml:6:11: error changed-after-publication: ITT-1's text has changed since the ITT was published as 'itt-issued': bidders answer the published question. Put it back, or issue the change to every bidder as a clarification.",
      "s.itt.yaml:8:16: error changed-after-publication: ITT-1's weighting has changed since the ITT was published as 'itt-issued' (published: 30): bidders answer the published question. Put it back, or issue the change to every bidder as a clarification.",
      "s.itt.yaml:16:13: error changed-after-publication: ITT-2's covers has changed since the ITT was published as 'itt-issued': bidders answer the published question. Put it back, or issue the change to every bidder as a clarification.",
      "s.itt.yaml:18:9: error changed-after-publication: ITT-3 was not in the ITT published as 'itt-issued': a question added after the ITT was issued must go to every bidder as a clarification.",
    ]);
    // REQ-3 was reworded too, but no clause asked bidders for it at the tag: ITT-2's covers and ITT-3 are what changed for them.
    expect(status).toBe(1);
  });

  it('reports a published clause that is gone on the file it was published in, and one whose file is gone too on the first ITT file; not one that moved to another file or was withdrawn', async () => {
    const second = `kind: itt
items:
  - id: ITT-5
    title: Pensions
    text: Describe your pensions service.
    response: information
    covers: [REQ-1]
    status: agreed
  - id: ITT-6
    title: Payslips
    text: Describe your payslips.
    response: information
    covers: [REQ-2]
    status: agreed
  - id: ITT-7
    title: Archive
    text: Describe your archive.
    response: information
    covers: [REQ-1]
    status: agreed
`;
    const third = 'kind: itt\nitems:\n  - id: ITT-9\n    title: Audit\n    text: Describe your audit trail.\n    response: information\n    covers: [REQ-1]\n    status: agreed\n';
    const dir = folder({ 'reqtrace.config.yaml': CONFIG, 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS, 's.itt.yaml': ITT, 't.itt.yaml': second, 'u.itt.yaml': third });
    git(dir, 'init', '--quiet', '--initial-branch=main');
    commitAll(dir, 'The ITT as issued');
    git(dir, 'tag', 'itt-issued');
    // ITT-2 deleted; t.itt.yaml deleted, its ITT-6 moved to s.itt.yaml (not gone) and ITT-7 withdrawn there first (gone with its file).
    const moved = (second.split('  - id: ITT-6')[1] as string).split('  - id: ITT-7')[0] as string;
    writeFileSync(join(dir, 's.itt.yaml'), `${(ITT.split('  - id: ITT-2')[0] as string)}  - id: ITT-6${moved}`);
    rmSync(join(dir, 't.itt.yaml'));
    // u.itt.yaml keeps ITT-9, withdrawn: not reported.
    writeFileSync(join(dir, 'u.itt.yaml'), third.replace('status: agreed', 'status: withdrawn'));
    const { lines, stdout } = await check(dir);
    expect(lines, stdout).toEqual([
      "s.itt.yaml:1:7: error changed-after-publication: ITT-2, ITT-5 (of t.itt.yaml, a file that is gone) and ITT-7 (of t.itt.yaml, a file that is gone) were in the ITT published as 'itt-issued' and are gone: bidders were asked them. Put them back, or keep them with status: withdrawn and tell every bidder in a clarification.",
    ]);
    // Put back, each in a file of its own choosing: nothing is gone.
    writeFileSync(join(dir, 'v.itt.yaml'), `kind: itt\nitems:\n${second.split('items:\n')[1]?.replace(/  - id: ITT-6[\s\S]*?(?=  - id: ITT-7)/, '')}  - id: ITT-2\n    title: Records\n    text: Confirm that payroll records are kept.\n    response: scored\n    weighting: 20\n    covers: [REQ-1]\n    status: agreed\n`);
    expect((await check(dir)).lines.filter((line) => line.includes('gone')), stdout).toEqual([]);
  });

  it('says on the config, in one finding, when the tag cannot be read, and compares nothing', async () => {
    const dir = published((files) => ({ 's.itt.yaml': (files['s.itt.yaml'] as string).replace('weighting: 30', 'weighting: 25') }), 'published: itt-isued\n');
    const { lines, stdout } = await check(dir);
    expect(lines, stdout).toEqual([expect.stringMatching(/^reqtrace\.config\.yaml:1:12: error changed-after-publication: The ITT published as 'itt-isued' cannot be read, so nothing is compared with it: .*itt-isued.*\.$/)]);
    const plain = folder({ 'reqtrace.config.yaml': CONFIG, 's.itt.yaml': ITT });
    const outside = await check(plain);
    expect(outside.lines, outside.stdout).toEqual([expect.stringMatching(/^reqtrace\.config\.yaml:1:12: error changed-after-publication: The ITT published as 'itt-issued' cannot be read, so nothing is compared with it: .*not in a git repository.*\.$/)]);
  });

  it('refuses a revision git would read as an option, at the value, and runs no git for it', async () => {
    const dir = published((files) => files, 'published: --output=/tmp/x\n');
    const { stdout } = await run(dir, 'check', '.').then((r) => ({ stdout: r.stdout }));
    expect(stdout).toMatch(/^reqtrace\.config\.yaml:1:12: error schema: /m);
    expect(stdout).not.toContain('changed-after-publication');
  });
});
