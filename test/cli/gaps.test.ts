/**
 * The built CLI on small temporary workspaces, for behaviour that one code path alone holds: the
 * --fail-on threshold when only errors are found, and columns counted in UTF-16 code units after
 * characters outside the Basic Multilingual Plane. `npm test` builds dist/cli.js first.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './output';
import { run } from './run';
import { scratchFolders } from './scratch';

const workspace = scratchFolders('reqtrace-cli-gaps-');

const NEEDS = 'kind: needs\nitems:\n  - id: UN-1\n    title: T\n    as: a clerk\n    need: I need to pay people\n    so-that: staff are paid\n';

describe('--fail-on', () => {
  // One schema error and no warning: the need is met, the requirement is waived.
  const errorsOnly = (): string =>
    workspace({
      'a.needs.yaml': NEEDS,
      'a.reqs.yaml': 'kind: requirements\nitems:\n  - id: REQ-1\n    title: T\n    statement: The solution shall pay people.\n    type: functional\n    priority: high\n    satisfies: [UN-1]\n    waiver: { reason: Bought separately }\n',
    });
  const OUTPUT = `a.reqs.yaml:7:15: error schema: priority must be one of must, should, could, wont (found "high").
2 files, 2 items: 1 error, 0 warnings.
Needs traced end to end: 0 of 1 (0%). Requirements covered by the ITT: 0 of 0 (100%), 1 waived.
`;

  it('warning: exits 1 on a workspace with errors and no warnings', async () => {
    const result = await run(errorsOnly(), 'check', '--fail-on', 'warning');
    expect(result).toEqual({ status: 1, stdout: OUTPUT, stderr: '' });
  });

  it('error and never: exit 1 and 0 on the same workspace', async () => {
    const root = errorsOnly();
    expect(await run(root, 'check', '--fail-on', 'error')).toEqual({ status: 1, stdout: OUTPUT, stderr: '' });
    expect(await run(root, 'check', '--fail-on', 'never')).toEqual({ status: 0, stdout: OUTPUT, stderr: '' });
  });
});

describe('columns', () => {
  // 💷 and 𝔘 are two UTF-16 code units each, as editors count them: 'REQ-1' starts at code unit 36 of
  // its line (column 37), though at code point 34; 'UN-9' at code unit 103.
  const LINE = '  - { title: "Pay 💷 staff 𝔘", id: REQ-1, statement: s, type: functional, priority: must, satisfies: [UN-9] }';

  it('count UTF-16 code units after an astral character on the same line', async () => {
    expect([LINE.indexOf('REQ-1'), [...LINE.slice(0, LINE.indexOf('REQ-1'))].length, LINE.indexOf('UN-9')]).toEqual([36, 34, 103]);
    const root = workspace({ 'a.reqs.yaml': `kind: requirements\nitems:\n${LINE}\n` });
    const result = await run(root, 'check', '--format', 'json');
    const diagnostics = (JSON.parse(result.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
    expect(diagnostics).toEqual([
      {
        file: 'a.reqs.yaml', line: 3, column: 37, endLine: 3, endColumn: 42, severity: 'warning', code: 'uncovered-requirement',
        message: "No ITT clause covers REQ-1, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.",
      },
      // The statement 's' states no obligation: a wording finding, also after the astral characters.
      { file: 'a.reqs.yaml', line: 3, column: 55, endLine: 3, endColumn: 56, severity: 'warning', code: 'no-shall', message: "This statement has no 'shall' or 'must', so it binds nobody: say what the solution shall do." },
      { file: 'a.reqs.yaml', line: 3, column: 104, endLine: 3, endColumn: 108, severity: 'error', code: 'broken-link', message: 'UN-9 does not exist: no need has this id.' },
    ]);
    const text = await run(root, 'check');
    expect(text.stdout.split('\n').slice(0, 3).map((line) => line.split(': ')[0])).toEqual(['a.reqs.yaml:3:37', 'a.reqs.yaml:3:55', 'a.reqs.yaml:3:104']);
  });
});
