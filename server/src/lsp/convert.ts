/** Offsets to LSP positions and findings to diagnostics: the only place the two models meet. */
import { DiagnosticSeverity, type Diagnostic, type Location, type Position, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Workspace } from '../core/analysis/workspace';
import { LineIndex } from '../core/lines';
import type { Finding, Severity, Span } from '../core/model';
import type { ParsedFile } from '../core/parse/parse';

/** Offsets to positions and back, in one text. */
export interface Positions {
  position(offset: number): Position;
  offset(position: Position): number;
}

/** The documents open in the editor, by uri: each keeps its own line table, updated with every edit. */
export type OpenDocuments = (uri: string) => TextDocument | undefined;

/**
 * Line indexes of parsed files, each kept for as long as that version of the file lives: a memo of
 * a function of the (immutable) file, so it holds nothing anyone could see change.
 */
const lineIndexes = new WeakMap<object, LineIndex>();

/**
 * Positions in a parsed file: given the open documents, the document's own line table while it
 * holds the text that was parsed (so a keystroke in a large file does not build a second one),
 * else the file's line index.
 */
export function linesOf(file: ParsedFile, open?: OpenDocuments): Positions {
  const document = open?.(file.uri);
  if (document && document.getText() === file.text) return { position: (offset) => document.positionAt(offset), offset: (position) => document.offsetAt(position) };
  return linesIndexOf(file);
}

function linesIndexOf(file: ParsedFile): LineIndex {
  let lines = lineIndexes.get(file);
  if (!lines) lineIndexes.set(file, (lines = new LineIndex(file.text)));
  return lines;
}

/**
 * The line index of each file of an index, as the coverage model reads lines: the one kept with the
 * parsed file, which the server has mostly built already, rather than a fresh one of every file.
 */
export function keptLineIndexes(index: Workspace): (uri: string) => LineIndex {
  return (uri) => {
    const file = index.file(uri);
    return file ? linesIndexOf(file) : new LineIndex('');
  };
}

export function toRange(lines: Positions, span: Span): Range {
  return { start: lines.position(span.start), end: lines.position(span.end) };
}

export function toOffset(file: ParsedFile, position: Position, open?: OpenDocuments): number {
  return linesOf(file, open).offset(position);
}

/** Positions in each file, where the file is known. */
export type LinesOf = (uri: string) => Positions | undefined;

/** Positions in the files of an index (open documents' own line tables, given them: see linesOf). */
export function linesIn(index: Workspace, open?: OpenDocuments): LinesOf {
  return (uri) => {
    const file = index.file(uri);
    return file && linesOf(file, open);
  };
}

/** The location of a span in an indexed file. */
export function toLocation(index: Workspace, uri: string, span: Span): Location {
  return locationIn(linesIn(index)(uri), uri, span);
}

function locationIn(lines: Positions | undefined, uri: string, span: Span): Location {
  return { uri, range: lines ? toRange(lines, span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A finding as a diagnostic: `lines` are its file's positions, `others` those of the files its related information names. */
export function toDiagnostic(others: LinesOf, lines: Positions, finding: Finding): Diagnostic {
  return {
    range: toRange(lines, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: 'reqtrace',
    // The detail goes on a line of its own below the message: VS Code shows both lines in the hover and the Problems view.
    message: finding.detail ? `${finding.message}\n${finding.detail}` : finding.message,
    ...(finding.related
      ? { relatedInformation: finding.related.map((r) => ({ location: locationIn(others(r.uri), r.uri, r.span), message: r.message })) }
      : {}),
    ...(finding.data ? { data: finding.data } : {}),
  };
}
