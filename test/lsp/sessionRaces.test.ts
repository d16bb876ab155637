/**
 * The editor's text wins over a read of the disk that was under way when it came: typing while
 * the folder reloads (a settings or config change), and a document opened while a file event read
 * the disk (a restored unsaved buffer). A Session driven in process, through the TextDocuments
 * events an editor sends and a disk whose reads wait on a gate. (Found by the review.)
 */
import { describe, expect, it } from 'vitest';
import type { FileHost, ReadResult } from '../../server/src/core/host';
import { Session } from '../../server/src/lsp/session';

const ROOT = 'file:///ws';
const REQS = `${ROOT}/r.reqs.yaml`;
const NEEDS = `${ROOT}/n.needs.yaml`;
const needs = 'kind: needs\nitems:\n  - id: UN-1\n    title: T\n    as: a clerk\n    need: I need to pay people\n    so-that: staff are paid\n';
const reqs = (link: string): string => `kind: requirements\nitems:\n  - id: REQ-1\n    title: T\n    statement: The solution shall pay people.\n    type: functional\n    priority: must\n    satisfies: [${link}]\n`;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Handler = (event: unknown) => void;

/** A session on one folder of two files, whose reads of `slow` wait while a gate is shut. */
function setUp(slow: string): { session: Session; editor: Record<string, Handler>; sent: { uri: string; codes: unknown[] }[]; shut: () => () => void } {
  const editor: Record<string, Handler> = {};
  // TextDocuments.listen registers its handlers on the connection: keep them, to send the editor's events.
  const connection = new Proxy({}, { get: (_target, name: string) => (handler: Handler) => ((editor[name] = handler), { dispose: () => undefined }) });
  let gate: Promise<void> = Promise.resolve();
  const disk: FileHost = {
    read: async (uri): Promise<ReadResult> => {
      if (uri === slow) await gate;
      return uri === NEEDS ? { text: needs } : uri === REQS ? { text: reqs('UN-1') } : { problem: { code: 'unreadable-file', message: 'no such file' } };
    },
    list: () => Promise.resolve([NEEDS, REQS]),
  };
  const sent: { uri: string; codes: unknown[] }[] = [];
  const session = new Session({
    channel: { sendDiagnostics: (p) => Promise.resolve(void sent.push({ uri: p.uri, codes: p.diagnostics.map((d) => d.code) })), sendCoverage: () => Promise.resolve() },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    disk: () => disk,
  });
  session.documents.listen(connection as Parameters<Session['documents']['listen']>[0]);
  session.documents.onDidOpen((event) => session.documentChanged(event.document));
  session.documents.onDidChangeContent((event) => session.documentChanged(event.document));
  session.setFolders([ROOT]);
  const shut = (): (() => void) => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    return open;
  };
  return { session, editor, sent, shut };
}

describe('the editor text wins over a disk read under way', () => {
  it('typing while the folder reloads is indexed and published when the reload ends', async () => {
    const { session, editor, sent, shut } = setUp(NEEDS);
    const folder = session.folders[0]!;
    editor.onDidOpenTextDocument!({ textDocument: { uri: REQS, languageId: 'yaml', version: 1, text: reqs('UN-1') } });
    await session.loadFolder(folder);
    await turn();
    expect(folder.index.file(REQS)?.text).toBe(reqs('UN-1'));
    // A reload starts and reads the open document; the disk is slow to give the other file.
    const open = shut();
    const reload = session.settingsChanged(folder, {});
    await turn();
    // The user types: UN-1 becomes UN-9, a broken link.
    editor.onDidChangeTextDocument!({ textDocument: { uri: REQS, version: 2 }, contentChanges: [{ range: { start: { line: 7, character: 16 }, end: { line: 7, character: 20 } }, text: 'UN-9' }] });
    expect(session.documents.get(REQS)!.getText()).toBe(reqs('UN-9'));
    await turn();
    open();
    await reload;
    for (let i = 0; i < 3; i++) await turn();
    expect(folder.index.file(REQS)?.text).toBe(reqs('UN-9'));
    expect(sent.filter((s) => s.uri === REQS).at(-1)?.codes).toContain('broken-link');
  });

  it('a document opened while a file event reads the disk keeps its text', async () => {
    const { session, editor, shut } = setUp(REQS);
    const folder = session.folders[0]!;
    await session.loadFolder(folder);
    const open = shut();
    session.filesChanged([{ uri: REQS, type: 2 }]);
    await turn();
    // The editor opens the file with unsaved text while the disk read is under way.
    editor.onDidOpenTextDocument!({ textDocument: { uri: REQS, languageId: 'yaml', version: 1, text: reqs('UN-9') } });
    await turn();
    expect(folder.index.file(REQS)?.text).toBe(reqs('UN-9'));
    open();
    for (let i = 0; i < 5; i++) await turn();
    expect(folder.index.file(REQS)?.text).toBe(reqs('UN-9'));
  });
});
