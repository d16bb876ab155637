/**
 * The server's log of where open documents changed (lsp/edits.ts): a document opened again starts
 * a new log, so an old region is never applied to a text it does not describe.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { EditLog } from '../../server/src/lsp/edits';
import { REQ } from './fixture';

const URI = 'file:///ws/r.reqs.yaml';
const T0 = `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    status: withdrawn\n  - id: REQ-2\n    ${REQ}\n    parent: REQ-1\n`;

/** A log whose document (T0, opened) had an 'x' typed after the last `title: T`, and where. */
function typedInto(): { log: EditLog; documents: ReturnType<EditLog['documents']>; at: number } {
  const log = new EditLog();
  const documents = log.documents();
  const document = documents.create(URI, 'yaml', 1, T0);
  const at = T0.lastIndexOf('title: T') + 8;
  documents.update(document, [{ range: { start: document.positionAt(at), end: document.positionAt(at) }, text: 'x' }], 2);
  return { log, documents, at };
}

describe('the edit log', () => {
  it('says where a typed character went, against the text it was typed into', () => {
    const { log, at } = typedInto();
    expect(log.take(URI, T0)).toEqual({ from: at, oldTo: at, newTo: at + 1 });
    // Taken once; and never against another text.
    expect(log.take(URI, T0)).toBeUndefined();
  });

  it('forgets what it logged when the document is opened again without being closed', () => {
    const { log, documents, at } = typedInto();
    // Opened again with other text: the same length and the same characters either side of the old region.
    const reopened = (T0.slice(0, at) + 'y' + T0.slice(at)).replace('status: withdrawn', 'status: agreed   ');
    const second = documents.create(URI, 'yaml', 3, reopened);
    const index = new Workspace();
    index.setFile(URI, T0);
    index.setFile(URI, second.getText(), log.take(URI, index.file(URI)?.text));
    const fresh = new Workspace();
    fresh.setFile(URI, reopened);
    expect(index.file(URI)?.items.map((i) => i.status)).toEqual(['agreed', 'draft']);
    expect(index.check(URI)).toEqual(fresh.check(URI));
  });
});
