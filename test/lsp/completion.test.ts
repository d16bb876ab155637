/**
 * Completion of ids in link lists over the real protocol: the targets of the item's own area (or
 * file family) first, those that still need a link first within each, every row with its title in
 * labelDetails and the unlinked ones marked; an unsaved edit elsewhere changes the order at once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionList } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const need = (id: string, title: string): string => `  - id: ${id}\n    title: ${title}\n    as: a payroll officer\n    need: I need to pay people\n    so-that: staff are paid\n`;
const req = (id: string, title: string, extra = ''): string => `  - id: ${id}\n    title: ${title}\n    statement: The solution shall work.\n    type: functional\n    priority: must\n${extra}`;
const clause = (id: string, covers: string): string => `  - id: ${id}\n    title: Clause\n    text: Describe how.\n    response: scored\n    weighting: 5\n    covers: ${covers}\n`;

const HR_REQS = 'requirements/hr.reqs.yaml';
const PAY_REQS = 'requirements/pay.reqs.yaml';
const HR_ITT = 'itt/hr.itt.yaml';
const TEXTS: Record<string, string> = {
  'needs/hr.needs.yaml': `kind: needs\nitems:\n${need('UN-HR-001', 'Keep one record')}${need('UN-HR-002', 'See my leave')}`,
  'needs/av.needs.yaml': `kind: needs\nitems:\n${need('UN-AV-001', 'Book leave')}${need('UN-AV-002', 'Cancel leave')}`,
  [HR_REQS]: `kind: requirements\nitems:\n${req('REQ-HR-001', 'One record', '    satisfies: [UN-HR-001]\n')}${req('REQ-HR-002', 'Leave balance', '    satisfies: []\n')}`,
  [PAY_REQS]: `kind: requirements\nitems:\n${req('REQ-AV-001', 'Booking', '    satisfies: [UN-AV-001]\n')}`,
  [HR_ITT]: `kind: itt\nitems:\n${clause('ITT-3.1', '[]')}${clause('ITT-3.2', '[REQ-HR-001, REQ-AV-001]')}`,
};

describe('completion of ids in a link list', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'reqtrace-completion-'));
    for (const [path, text] of Object.entries(TEXTS)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** Completion just inside the brackets of the first `needle`. */
  const complete = async (path: string, needle: string): Promise<CompletionList> =>
    client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(path) }, position: client.position(path, needle, needle.indexOf('[') + 1) });
  const rows = (list: CompletionList) => list.items.map((item) => [item.label, item.labelDetails?.description, item.labelDetails?.detail ?? '']);

  it('offers the needs of the requirement’s area first, those not met yet first, each row with its title', async () => {
    await client.open(HR_REQS);
    expect(rows(await complete(HR_REQS, 'satisfies: []'))).toEqual([
      ['UN-HR-002', 'See my leave', ' · not met yet'],
      ['UN-HR-001', 'Keep one record', ''],
      ['UN-AV-002', 'Cancel leave', ' · not met yet'],
      ['UN-AV-001', 'Book leave', ''],
    ]);
  });

  it('moves a need down once an unsaved edit in another file meets it', async () => {
    await client.open(PAY_REQS);
    await client.change(PAY_REQS, client.text(PAY_REQS).replace('satisfies: [UN-AV-001]', 'satisfies: [UN-AV-001, UN-HR-002]'));
    expect(rows(await complete(HR_REQS, 'satisfies: []')).map(([label, , detail]) => `${label}${detail}`)).toEqual(['UN-HR-001', 'UN-HR-002', 'UN-AV-002 · not met yet', 'UN-AV-001']);
    await client.change(PAY_REQS, TEXTS[PAY_REQS] as string);
  });

  it('offers a clause the requirements of its file family first, those not asked of bidders first', async () => {
    await client.open(HR_ITT);
    const list = await complete(HR_ITT, 'covers: []');
    expect(rows(list)).toEqual([
      ['REQ-HR-002', 'Leave balance', ' · not asked of bidders'],
      ['REQ-HR-001', 'One record', ''],
      ['REQ-AV-001', 'Booking', ''],
    ]);
    expect(list.isIncomplete).toBe(false);
  });
});
