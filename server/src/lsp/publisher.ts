/**
 * What the editor is shown, and the only code that sends it. A file's diagnostics are sent only
 * when they differ from what it last got (so a keystroke resends one file, not the workspace); the
 * edited file goes at once and the other files an edit affects on the next turn, so they do not
 * hold it back. Coverage figures cost a pass over the workspace, so they go after a pause in
 * typing, summed over every folder. What each folder was sent is kept in the folder (folder.ts).
 */
import { createHash } from 'node:crypto';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { applySeverity } from '../core/checks/registry';
import { LineIndex } from '../core/lines';
import type { Finding } from '../core/model';
import { percent } from '../core/report/coverage';
import type { FolderResults } from '../node/parseCache';
import { linesIn, linesOf, toDiagnostic, type OpenDocuments } from './convert';
import type { Folder } from './folder';
import type { CoverageSummary } from './protocol';

/** Where the publisher sends: the protocol connection in the server, a recorder in tests. */
/** How long the server works out other files' diagnostics before it lets what it has go out (see publishSoon). */
const SLICE_MS = 4;

export interface EditorChannel {
  sendDiagnostics(params: PublishDiagnosticsParams): Promise<void>;
  sendCoverage(summary: CoverageSummary): Promise<void>;
}

export interface PublisherOptions {
  readonly channel: EditorChannel;
  /** Open documents, whose own line tables give positions while they hold the text that was checked. */
  readonly openDocument: OpenDocuments;
  /** Every folder, the one for files outside them included: the coverage figures are their sum. */
  readonly folders: () => readonly Folder[];
}

export class Publisher {
  /** Files to publish on the next turn (see publishSoon). */
  private readonly later = new Map<Folder, Set<string>>();
  private laterScheduled = false;
  private coverageTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PublisherOptions) {}

  /** Diagnostics of one file with the folder's severities (its findings, before those, kept in `found` if given). */
  diagnostics(folder: Folder, uri: string, found?: Map<string, readonly Finding[]>): Diagnostic[] {
    const others = linesIn(folder.index, this.options.openDocument);
    if (uri === folder.configUri) {
      const lines = new LineIndex(folder.configText);
      return applySeverity(folder.configFindings, folder.config.severity).map((f) => toDiagnostic(others, lines, f));
    }
    const file = folder.index.file(uri);
    if (!file) return [];
    const lines = linesOf(file, this.options.openDocument);
    const findings = folder.index.check(uri);
    found?.set(uri, findings);
    return applySeverity(findings, folder.config.severity).map((f) => toDiagnostic(others, lines, f));
  }

  /** Sends the diagnostics of these files, in this order, skipping those that did not change. */
  publish(folder: Folder, uris: Iterable<string>, found?: Map<string, readonly Finding[]>): void {
    for (const uri of uris) void this.send(folder, uri, this.diagnostics(folder, uri, found));
  }

  /** Publishes every file of the folder and its config; files that left the index (a narrower glob) lose their diagnostics. */
  publishAll(folder: Folder, found?: Map<string, readonly Finding[]>): void {
    const uris = [...folder.index.uris];
    if (folder.root) uris.push(folder.configUri);
    const current = new Set(uris);
    for (const uri of [...folder.published.keys()]) if (!current.has(uri)) this.clear(folder, uri);
    this.publish(folder, uris, found);
  }

  /**
   * Publishes these files on the next turn, once what was published now has gone out: the edited
   * file's diagnostics do not wait for those of the other files the edit affects. They go a few
   * milliseconds' worth at a time (SLICE_MS), each slice written out before the next is worked out,
   * so that the editor reads the first while the server works out the rest: a need reworded with
   * 250 files linking to it shows them all sooner than in one batch, and a keystroke that comes
   * meanwhile is not held back by them.
   */
  publishSoon(folder: Folder, uris: Iterable<string>): void {
    let queued = this.later.get(folder);
    if (!queued) this.later.set(folder, (queued = new Set()));
    for (const uri of uris) queued.add(uri);
    if (queued.size === 0 || this.laterScheduled) return;
    this.laterScheduled = true;
    setImmediate(() => this.publishSlice());
  }

  /** Publishes queued files for SLICE_MS, then leaves the rest to the next turn. */
  private publishSlice(): void {
    const until = performance.now() + SLICE_MS;
    for (const [folder, queued] of this.later) {
      for (const uri of queued) {
        queued.delete(uri);
        this.publish(folder, [uri]);
        if (performance.now() >= until && (queued.size > 0 || this.later.size > 1)) {
          setImmediate(() => this.publishSlice());
          return;
        }
      }
      this.later.delete(folder);
    }
    this.laterScheduled = false;
  }

  /** A file left the folder's index (deleted, or a closed file outside every folder): it loses its diagnostics. */
  clear(folder: Folder, uri: string): void {
    if (!folder.published.has(uri)) return;
    folder.published.delete(uri);
    void this.options.channel.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * Publishes what the checks found in the last start on exactly these texts (a warm start), with
   * its coverage figures, before any item is loaded; resolves once it is all written, so that
   * loading items next does not hold it back.
   */
  async publishKept(folder: Folder, texts: ReadonlyMap<string, string>, kept: FolderResults): Promise<void> {
    const lines = new Map<string, LineIndex>();
    const linesFor = (uri: string): LineIndex | undefined => {
      let found = lines.get(uri);
      const text = texts.get(uri);
      if (!found && text !== undefined) lines.set(uri, (found = new LineIndex(text)));
      return found;
    };
    const written: Promise<void>[] = [];
    for (const uri of texts.keys()) {
      const findings = applySeverity(kept.findings.get(uri) ?? [], folder.config.severity);
      const own = linesFor(uri) as LineIndex;
      written.push(this.send(folder, uri, findings.map((f) => toDiagnostic(linesFor, own, f))));
    }
    written.push(this.send(folder, folder.configUri, this.diagnostics(folder, folder.configUri)));
    folder.seedCoverage(kept.coverage);
    // The figures are good now, unless another folder is still loading.
    if (this.options.folders().every((other) => other === folder || other.isLoaded)) written.push(this.sendCoverage());
    await Promise.all(written);
  }

  /** Diagnostics changed: the coverage figures follow after a pause in typing. */
  coverageChanged(): void {
    if (this.coverageTimer) clearTimeout(this.coverageTimer);
    this.coverageTimer = setTimeout(() => void this.sendCoverage(), 1000);
  }

  /** Sends the coverage figures of every folder, summed, now. */
  sendCoverage(): Promise<void> {
    const totals = { needs: 0, traced: 0, covered: 0, requirements: 0, requirementsCovered: 0, waived: 0 };
    for (const folder of this.options.folders()) {
      const figures = folder.coverage;
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += figures[key];
    }
    return this.options.channel.sendCoverage({ ...totals, tracedPercent: percent(totals.traced, totals.needs) });
  }

  /** Sends a file's diagnostics unless they are what it last got (or none, and it never got any); resolves once written. */
  private send(folder: Folder, uri: string, diagnostics: Diagnostic[]): Promise<void> {
    const key = fingerprint(JSON.stringify(diagnostics));
    if (folder.published.get(uri) === key) return Promise.resolve();
    if (diagnostics.length === 0 && !folder.published.has(uri)) return Promise.resolve();
    folder.published.set(uri, key);
    return this.options.channel.sendDiagnostics({ uri, diagnostics });
  }
}

/** A short stand-in for what was last published to a file, so unchanged diagnostics are not resent. */
function fingerprint(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}
