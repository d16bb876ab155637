/**
 * `reqtrace review`, run as a child process on real files: it stamps links and marks items reviewed
 * with their fingerprints now, changes nothing else (every other byte compared), says what it
 * changed, and leaves check with no suspect link; bad requests exit 2 with one line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run';
import { scratchFolders } from './scratch';

const folder = scratchFolders('reqtrace-review-');

const NEEDS = `kind: needs
items:
  # The need the requirements meet.
  - id: UN-1
    title: Pay
    as: a payroll officer
    need: >-
      I need to pay people
      on the day
    so-that: staff are paid
`;
const REQS = (links: string) => `kind: requirements
items:
  - id: REQ-1   # keep this comment
    title: Pay run
    statement: 'The solution shall pay staff.'
    type: functional
    priority: must
    satisfies: [${links}]
    waiver: { reason: Asked in another lot }
  - id: REQ-2
    title: Pay slip
    statement: The solution shall show a pay slip.
    type: functional
    priority: should
    satisfies:
      - UN-1
    waiver: { reason: Asked in another lot }
`;

const fingerprintIn = (text: string, id: string): string | undefined => new RegExp(`${id}@([0-9a-f]{10})`).exec(text)?.[1];

describe('reqtrace review', () => {
  it('--links-to stamps every link to the item with its fingerprint now, and only those bytes', async () => {
    const dir = folder({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS('UN-1') });
    const result = await run(dir, 'review', '--links-to', 'UN-1');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const text = readFileSync(join(dir, 'r.reqs.yaml'), 'utf8');
    const stamp = fingerprintIn(text, 'UN-1');
    expect(stamp).toMatch(/^[0-9a-f]{10}$/);
    expect(text).toBe(REQS(`UN-1@${stamp}`).replace('      - UN-1\n', `      - UN-1@${stamp}\n`));
    expect(result.stdout).toBe(`r.reqs.yaml:8:17: REQ-1 satisfies UN-1: stamped ${stamp}\nr.reqs.yaml:16:9: REQ-2 satisfies UN-1: stamped ${stamp}\n2 links stamped and 0 items marked reviewed in 1 file.\n`);
    expect(readFileSync(join(dir, 'n.needs.yaml'), 'utf8')).toBe(NEEDS);
    // The stamps are current: nothing is suspect, and a second review has nothing to do.
    const check = await run(dir, 'check', '--format', 'json');
    expect((JSON.parse(check.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toEqual([]);
    expect((await run(dir, 'review', '--links-to', 'UN-1')).stdout).toBe('Nothing to change: every stamp asked for is current.\n');
  });

  it('after the need is reworded, check reports the links as suspect and review of them clears it', async () => {
    const dir = folder({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS('UN-1') });
    await run(dir, 'review', '--links-to', 'UN-1');
    const stamped = readFileSync(join(dir, 'r.reqs.yaml'), 'utf8');
    const old = fingerprintIn(stamped, 'UN-1');
    // Layout only: still current.
    const relaid = NEEDS.replace('need: >-\n      I need to pay people\n      on the day', 'need: "I need to pay people on the day"');
    folderWrite(dir, 'n.needs.yaml', relaid);
    expect(codesOf(await run(dir, 'check', '--format', 'json'))).toEqual([]);
    folderWrite(dir, 'n.needs.yaml', relaid.replace('on the day', 'on payday'));
    const check = await run(dir, 'check');
    expect(check.stdout).toContain(`r.reqs.yaml:8:17: warning suspect-link: UN-1 has changed since this link was reviewed: re-read REQ-1 against the need as it is now, then mark the link reviewed (stamp ${old}, now `);
    expect(codesOf(await run(dir, 'check', '--format', 'json'))).toEqual(['suspect-link', 'suspect-link']);
    const dry = await run(dir, 'review', '--links-to', 'UN-1', '--dry-run');
    expect(dry.stdout).toMatch(/\(was [0-9a-f]{10}\)\n/);
    expect(dry.stdout).toMatch(/Would have: 2 links stamped and 0 items marked reviewed in 1 file \(--dry-run: nothing written\)\.\n$/);
    expect(readFileSync(join(dir, 'r.reqs.yaml'), 'utf8')).toBe(stamped);
    await run(dir, 'review', '--links-to', 'UN-1');
    const now = fingerprintIn(readFileSync(join(dir, 'r.reqs.yaml'), 'utf8'), 'UN-1');
    expect(now).not.toBe(old);
    expect(readFileSync(join(dir, 'r.reqs.yaml'), 'utf8')).toBe(stamped.split(old as string).join(now as string));
    expect(codesOf(await run(dir, 'check', '--format', 'json'))).toEqual([]);
  });

  it('ids mark the items reviewed and stamp their own links; --links-only leaves reviewed alone', async () => {
    const dir = folder({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS('UN-1') });
    const linksOnly = await run(dir, 'review', 'REQ-1', '--links-only');
    expect(linksOnly.stdout).toMatch(/^r\.reqs\.yaml:8:17: REQ-1 satisfies UN-1: stamped [0-9a-f]{10}\n1 link stamped and 0 items marked reviewed in 1 file\.\n$/);
    const result = await run(dir, 'review', 'REQ-1', 'UN-1');
    expect(result.status).toBe(0);
    const needs = readFileSync(join(dir, 'n.needs.yaml'), 'utf8');
    expect(needs).toMatch(/\n    so-that: staff are paid\n    reviewed: "?[0-9a-f]{10}"?\n$/);
    expect(needs.slice(0, NEEDS.length)).toBe(NEEDS);
    expect(readFileSync(join(dir, 'r.reqs.yaml'), 'utf8')).toMatch(/    waiver: \{ reason: Asked in another lot \}\n    reviewed: "?[0-9a-f]{10}"?\n  - id: REQ-2\n/);
    expect(result.stdout).toMatch(/2 items marked reviewed in 2 files\.\n$/);
    expect(codesOf(await run(dir, 'check', '--format', 'json'))).toEqual([]);
  });

  it('--all stamps every link and item', async () => {
    const dir = folder({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS('UN-1') });
    const result = await run(dir, 'review', '--all');
    expect(result.stdout).toMatch(/\n2 links stamped and 3 items marked reviewed in 2 files\.\n$/);
    expect((await run(dir, 'review', '--all')).stdout).toBe('Nothing to change: every stamp asked for is current.\n');
  });

  it('refuses in one line, changing nothing: an unknown id, no ids, --all with ids, outside any workspace', async () => {
    const dir = folder({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS('UN-1') });
    const cases: [string[], RegExp][] = [
      [['UN-9'], /^reqtrace: no one item has the id UN-9: nothing was changed\n$/],
      [[], /^reqtrace: review needs the ids of the items reviewed, --links-to and the ids whose links were reviewed, or --all\n$/],
      [['--all', 'UN-1'], /^reqtrace: review --all stamps everything: leave out the ids \(UN-1\)\n$/],
      [['--links-to', 'UN-1', '--links-only'], /^reqtrace: --links-only goes with ids or --all/],
      [['--frobnicate'], /^reqtrace: .*frobnicate/],
      [['UN-1', '--root', join(dir, 'nowhere')], /^reqtrace: cannot read /],
    ];
    for (const [args, message] of cases) {
      const result = await run(dir, 'review', ...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    expect(readFileSync(join(dir, 'r.reqs.yaml'), 'utf8')).toBe(REQS('UN-1'));
    expect(readFileSync(join(dir, 'n.needs.yaml'), 'utf8')).toBe(NEEDS);
  });
});

function folderWrite(dir: string, name: string, text: string): void {
  writeFileSync(join(dir, name), text);
}

function codesOf(result: { stdout: string }): string[] {
  return (JSON.parse(result.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
}
