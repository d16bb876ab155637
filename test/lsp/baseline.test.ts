/**
 * Compare with Baseline over the real protocol, in a real git repository: reqtrace/baselines lists
 * the branches, tags and recent commits with their subjects and dates; reqtrace/diff compares the
 * folder as the editor has it (an unsaved reword included) with a revision, naming the reworded
 * need with its word diff in the model, the Markdown and the webview page, and placing every id it
 * links; what git cannot give (an unknown revision, no repository) is one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequirementsDiff } from '../../server/src/core/change/diff';
import type { BaselinesReply, DiffPlace, DiffReply } from '../../server/src/lsp/protocol';
import { scratchFolders } from '../cli/scratch';
import { commitAll, git, GIT_ENV, writeFiles } from '../fixtures/gitEnv';
import { TestClient } from './client';

const scratch = scratchFolders('reqtrace-lsp-baseline-');

const NEEDS = (need: string): string => `kind: needs
items:
  - id: UN-1
    title: Pay <staff> & "agents"
    as: a payroll officer
    need: ${need}
    so-that: staff are paid
`;
const REQS = `kind: requirements
items:
  - id: REQ-1
    title: Pay run
    statement: The solution shall run the payroll.
    type: functional
    priority: must
    satisfies: [UN-1]
`;
const ITT = `kind: itt
items:
  - id: ITT-1
    title: Payroll
    text: Describe the payroll.
    response: scored
    weighting: 100
    covers: [REQ-1]
`;

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$/;

describe('compare with baseline', () => {
  let root: string;
  let client: TestClient;
  let first: string;
  let second: string;

  beforeAll(async () => {
    root = scratch();
    git(root, 'init', '--quiet', '--initial-branch=main');
    writeFiles(root, { 'needs/pay.needs.yaml': NEEDS('I need to pay people on the day'), 'requirements/pay.reqs.yaml': REQS, 'itt/pay.itt.yaml': ITT });
    first = commitAll(root, 'Baseline of the pay needs');
    git(root, 'tag', '-a', 'v1', '-m', 'Issued to bidders');
    git(root, 'branch', 'draft');
    writeFiles(root, { 'notes.txt': 'not a requirement file\n' });
    second = commitAll(root, 'Notes');
    client = await TestClient.start(root, {}, { env: GIT_ENV as Record<string, string> });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('lists the branches, the tags and the recent commits, each with its commit, date and subject', async () => {
    const reply = await client.request<BaselinesReply>('reqtrace/baselines', { folderUri: client.uri('').replace(/\/$/, '') });
    if (!('baselines' in reply)) throw new Error(reply.problem);
    for (const baseline of reply.baselines) expect(baseline.date, baseline.ref).toMatch(ISO_DATE);
    expect(reply.baselines.map(({ date: _date, ...rest }) => rest)).toEqual([
      // The branch checked out first, then the other branches and the tags, newest first.
      { kind: 'branch', ref: 'main', commit: second, subject: 'Notes' },
      { kind: 'branch', ref: 'draft', commit: first, subject: 'Baseline of the pay needs' },
      // An annotated tag is offered as its commit, with the commit's subject.
      { kind: 'tag', ref: 'v1', commit: first, subject: 'Baseline of the pay needs' },
      { kind: 'commit', ref: second, commit: second, subject: 'Notes' },
      { kind: 'commit', ref: first, commit: first, subject: 'Baseline of the pay needs' },
    ]);
  });

  it('compares the folder as the editor has it with a revision: the reworded need with its word diff, and what to re-read', async () => {
    const path = 'needs/pay.needs.yaml';
    await client.open(path);
    await client.change(path, NEEDS('I need to reimburse people on payday'));
    const reply = await client.request<DiffReply>('reqtrace/diff', { base: 'v1', webviewNonce: 'bm9uY2U=' });
    if ('problem' in reply) throw new Error(reply.problem);
    expect(reply.title).toBe(`v1 (${first.slice(0, 12)}) → the working tree`);

    const diff = reply.diff as RequirementsDiff;
    expect(diff.summary).toEqual({ added: 0, removed: 0, renamed: 0, changed: 1, linksAdded: 0, linksRemoved: 0, coverageChanged: 0, toReRead: 2 });
    expect(diff.items.changed.map((item) => ({ id: item.id, file: item.file, line: item.line, fields: item.fields.map((f) => ({ field: f.field, words: f.words })) }))).toEqual([
      {
        id: 'UN-1',
        file: 'needs/pay.needs.yaml',
        line: 3,
        fields: [
          {
            field: 'need',
            words: [
              { kind: 'same', text: 'I need to' },
              { kind: 'removed', text: 'pay' },
              { kind: 'added', text: 'reimburse' },
              { kind: 'same', text: 'people on' },
              { kind: 'removed', text: 'the day' },
              { kind: 'added', text: 'payday' },
            ],
          },
        ],
      },
    ]);
    expect(reply.markdown).toContain('  - need: I need to ~~pay~~ **reimburse** people on ~~the day~~ **payday**\n');

    // The page: the words struck and emboldened, user text escaped, and every linked id placed.
    const html = reply.html ?? '';
    expect(html).toContain('<span class="field">need</span>: I need to <del>pay</del> <ins>reimburse</ins> people on <del>the day</del> <ins>payday</ins>');
    expect(html).toContain('Pay &lt;staff&gt; &amp; &quot;agents&quot;');
    expect(html).not.toContain('<staff>');
    expect(html).toContain(`script-src 'nonce-bm9uY2U='`);
    const linked = [...html.matchAll(/<a class="id" href="#" data-place="(\d+)">([^<]*)<\/a>/g)].map((match) => ({ place: reply.places[Number(match[1])], id: match[2] }));
    expect(linked.length).toBeGreaterThan(0);
    for (const { place, id } of linked) expect(place?.id).toBe(id);
    const placeOf = (id: string): DiffPlace | undefined => reply.places.find((place) => place.id === id);
    expect(placeOf('UN-1')).toEqual({ id: 'UN-1', uri: client.uri(path), range: { start: { line: 2, character: 8 }, end: { line: 2, character: 12 } } });
    expect(placeOf('REQ-1')).toEqual({ id: 'REQ-1', uri: client.uri('requirements/pay.reqs.yaml'), range: { start: { line: 2, character: 8 }, end: { line: 2, character: 13 } } });
    expect(placeOf('ITT-1')).toEqual({ id: 'ITT-1', uri: client.uri('itt/pay.itt.yaml'), range: { start: { line: 2, character: 8 }, end: { line: 2, character: 13 } } });
    // The impact: the need's requirement and the clause that covers it, linked along the path.
    expect(html).toMatch(/<li><a class="id" href="#" data-place="\d+">UN-1<\/a> → <a class="id" href="#" data-place="\d+">REQ-1<\/a> → <a class="id" href="#" data-place="\d+">ITT-1<\/a> <span class="place">itt\/pay\.itt\.yaml:3<\/span><\/li>/);

    // Undone in the editor: nothing differs from the tag any more.
    await client.change(path, NEEDS('I need to pay people on the day'));
    const undone = await client.request<DiffReply>('reqtrace/diff', { base: 'v1' });
    if ('problem' in undone) throw new Error(undone.problem);
    expect((undone.diff as RequirementsDiff).summary.changed).toBe(0);
    expect(undone.html).toBeUndefined();
  });

  it('answers an unknown revision, one starting with -, and a folder in no repository with one line', async () => {
    expect(await client.request<DiffReply>('reqtrace/diff', { base: 'no-such-branch' })).toEqual({ problem: "Unknown revision 'no-such-branch': no commit, branch or tag of that name in this repository." });
    expect(await client.request<DiffReply>('reqtrace/diff', { base: 'HEAD', head: '--output=x' })).toEqual({
      problem: "Refused revision '--output=x': a revision may not start with '-' (git would read it as an option).",
    });

    const elsewhere = scratch({ 'needs/pay.needs.yaml': NEEDS('I need to pay people') });
    const outside = await TestClient.start(elsewhere, {}, { env: GIT_ENV as Record<string, string> });
    try {
      const name = elsewhere.split('/').pop() ?? '';
      const problem = `'${name}' is not in a git repository: there is no baseline to compare with.`;
      expect(await outside.request<DiffReply>('reqtrace/diff', { base: 'HEAD' })).toEqual({ problem });
      expect(await outside.request<BaselinesReply>('reqtrace/baselines', {})).toEqual({ problem });
    } finally {
      await outside.stop();
    }
  });
});
