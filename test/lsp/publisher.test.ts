/**
 * The publisher (lsp/publisher.ts) on its own, through a channel that records what it sends: a
 * file's diagnostics go out only when they changed, files an edit affects go on the next turn,
 * a file that left the index is cleared, and coverage figures wait for a pause in typing.
 */
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Folder } from '../../server/src/lsp/folder';
import { Publisher } from '../../server/src/lsp/publisher';
import type { CoverageSummary } from '../../server/src/lsp/protocol';

const ROOT = 'file:///ws';
const NEEDS = `${ROOT}/n.needs.yaml`;
const REQS = `${ROOT}/r.reqs.yaml`;
const ITT = `${ROOT}/c.itt.yaml`;
const REQS_TEXT = 'kind: requirements\nitems:\n  - id: REQ-1\n    title: T\n    statement: The solution shall pay people.\n    type: functional\n    priority: must\n    satisfies: [UN-1]\n    status: agreed\n';
const TEXTS: Record<string, string> = {
  [NEEDS]: 'kind: needs\nitems:\n  - id: UN-1\n    title: T\n    as: a clerk\n    need: I need to pay people\n    so-that: staff are paid\n',
  [REQS]: REQS_TEXT,
  [ITT]: 'kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: Describe how.\n    response: pass-fail\n    covers: [REQ-1]\n',
};

describe('the publisher', () => {
  let folder: Folder;
  let publisher: Publisher;
  let sent: PublishDiagnosticsParams[];
  let coverage: CoverageSummary[];
  /** The files sent since the last call, in order, with the codes of their diagnostics. */
  const sentSince = (() => {
    let seen = 0;
    return (): [string, (string | number | undefined)[]][] => {
      const now = sent.slice(seen).map((p): [string, (string | number | undefined)[]] => [p.uri.slice(ROOT.length + 1), p.diagnostics.map((d) => d.code)]);
      seen = sent.length;
      return now;
    };
  })();

  beforeEach(() => {
    folder = new Folder(ROOT);
    for (const [uri, text] of Object.entries(TEXTS)) folder.index.setFile(uri, text);
    sent = [];
    coverage = [];
    sentSince();
    publisher = new Publisher({
      channel: {
        sendDiagnostics: (params) => (sent.push(params), Promise.resolve()),
        sendCoverage: (summary) => (coverage.push(summary), Promise.resolve()),
      },
      openDocument: () => undefined,
      folders: () => [folder],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends only the files whose diagnostics changed, and never an empty list to a file that had none', () => {
    publisher.publishAll(folder);
    // Nothing is wrong: no file (the config included) is sent anything.
    expect(sentSince()).toEqual([]);

    folder.index.setFile(REQS, REQS_TEXT.replace('[UN-1]', '[UN-9]'));
    publisher.publishAll(folder);
    // The broken link, and the need it no longer covers; the clause file is as it was.
    expect(sentSince()).toEqual([
      ['n.needs.yaml', ['uncovered-need']],
      ['r.reqs.yaml', ['broken-link']],
    ]);

    publisher.publishAll(folder);
    expect(sentSince()).toEqual([]);

    folder.index.setFile(REQS, REQS_TEXT);
    publisher.publish(folder, [REQS, NEEDS, ITT]);
    expect(sentSince()).toEqual([
      ['r.reqs.yaml', []],
      ['n.needs.yaml', []],
    ]);
  });

  it('clears a file that left the index, once, if it had diagnostics', () => {
    folder.index.setFile(REQS, REQS_TEXT.replace('[UN-1]', '[UN-9]'));
    publisher.publishAll(folder);
    sentSince();
    folder.index.removeFile(REQS);
    folder.index.removeFile(ITT);
    publisher.publishAll(folder);
    expect(sentSince()).toEqual([['r.reqs.yaml', []]]);
    publisher.clear(folder, REQS);
    expect(sentSince()).toEqual([]);
  });

  it('sends the files an edit affects on the next turn, after the edited file', async () => {
    const affected = folder.index.setFile(REQS, REQS_TEXT.replace('[UN-1]', '[UN-9]'));
    affected.delete(REQS);
    publisher.publish(folder, [REQS]);
    publisher.publishSoon(folder, affected);
    expect(sentSince()).toEqual([['r.reqs.yaml', ['broken-link']]]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sentSince()).toEqual([['n.needs.yaml', ['uncovered-need']]]);
  });

  it('sends coverage figures once typing pauses for a second, summed over the folders', () => {
    vi.useFakeTimers();
    publisher.coverageChanged();
    vi.advanceTimersByTime(900);
    publisher.coverageChanged();
    vi.advanceTimersByTime(900);
    expect(coverage).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(coverage).toEqual([{ needs: 1, traced: 1, covered: 1, requirements: 1, requirementsCovered: 1, waived: 0, tracedPercent: 100 }]);
  });
});
