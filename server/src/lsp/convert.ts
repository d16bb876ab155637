/** Offsets to LSP positions and findings to diagnostics: the only place the two models meet. */
import { DiagnosticSeverity, type Diagnostic, type Location, type Position, type Range } from 'vscode-languageserver';
import type { WorkspaceIndex } from '../core/index';
import { LineIndex } from '../core/lines';
import type { Finding, Severity, Span } from '../core/model';
import type { ParsedFile } from '../core/parse';

const lineIndexes = new WeakMap<object, LineIndex>();

/** The line index of a parsed file (cached for as long as that version of the file lives). */
export function linesOf(file: ParsedFile): LineIndex {
  let lines = lineIndexes.get(file);
  if (!lines) lineIndexes.set(file, (lines = new LineIndex(file.text)));
  return lines;
}

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.position(span.start), end: lines.position(span.end) };
}

export function toOffset(file: ParsedFile, position: Position): number {
  return linesOf(file).offset(position);
}

/** The location of a span in an indexed file. */
export function toLocation(index: WorkspaceIndex, uri: string, span: Span): Location {
  const file = index.file(uri);
  return { uri, range: file ? toRange(linesOf(file), span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(index: WorkspaceIndex, lines: LineIndex, finding: Finding): Diagnostic {
  return {
    range: toRange(lines, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: 'reqtrace',
    message: finding.message,
    ...(finding.related
      ? { relatedInformation: finding.related.map((r) => ({ location: toLocation(index, r.uri, r.span), message: r.message })) }
      : {}),
    ...(finding.data ? { data: finding.data } : {}),
  };
}
