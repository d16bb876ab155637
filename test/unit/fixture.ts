/**
 * Inline fixtures: «text» marks an expected range; the markers are removed before parsing.
 * A workspace fixture is a few named files; findings come back with the text they cover.
 */
import { Workspace } from '../../server/src/core/analysis/workspace';
import type { Finding, Span } from '../../server/src/core/model';

export interface Marked {
  readonly text: string;
  readonly spans: Span[];
}

export function marked(source: string): Marked {
  let text = '';
  const spans: Span[] = [];
  const open: number[] = [];
  for (const part of source.split(/([«»])/)) {
    if (part === '«') open.push(text.length);
    else if (part === '»') spans.push({ start: open.pop() ?? 0, end: text.length });
    else text += part;
  }
  spans.sort((a, b) => a.start - b.start);
  return { text, spans };
}

export const uriOf = (name: string): string => `file:///ws/${name}`;

export interface Fixture {
  readonly index: Workspace;
  readonly files: Record<string, Marked>;
  /** The marked span `n` of file `name`. */
  span(name: string, n?: number): Span;
  /** All findings of one file as {code, severity, at, message}, where `at` is the text the range covers. */
  findings(name: string): { code: string; severity: string; at: string; message: string; span: Span }[];
}

export function workspace(sources: Record<string, string>): Fixture {
  const index = new Workspace();
  const files: Record<string, Marked> = {};
  for (const [name, source] of Object.entries(sources)) {
    files[name] = marked(source);
    index.setFile(uriOf(name), files[name].text);
  }
  return {
    index,
    files,
    span(name, n = 0) {
      const span = files[name]?.spans[n];
      if (!span) throw new Error(`no marker ${n} in ${name}`);
      return span;
    },
    findings(name) {
      const text = files[name]?.text ?? '';
      return index.check(uriOf(name)).map((f: Finding) => ({ code: f.code, severity: f.severity, at: text.slice(f.span.start, f.span.end), message: f.message, span: f.span }));
    },
  };
}

/** Fields every requirement needs, so a fixture only writes what it is about. */
export const REQ = 'title: T\n    statement: The solution shall work.\n    type: functional\n    priority: must';
export const NEED = 'title: T\n    as: a payroll officer\n    need: I need to pay people\n    so-that: staff are paid';
