/**
 * Findings as JUnit XML, the test report GitLab, Jenkins, Azure Pipelines and most CI servers show.
 *
 * One `<testsuite>` per checked file (named by its path; a file with no items still gets one), one
 * `<testcase>` per item (named by its id, classname the file's path), and one named after the file
 * for findings outside every item (a YAML error above the items, the file's `kind`), when it has
 * any. The result agrees with the exit code: a test case fails when one of its findings reaches
 * `--fail-on` (error by default; never: nothing fails). Its `<failure>` has the first such finding's
 * rule and message as `message`, the highest severity as `type`, and every failing finding in its
 * body as `file:line:col: severity code: message`; the case's other findings go to its
 * `<system-out>` in the same form. One `<failure>` per test case, as the readers expect (Jenkins
 * and GitLab read only one), so `failures` counts failed test cases. No times or timestamps: the
 * same workspace gives the same bytes. Characters XML 1.0 cannot hold (control characters, lone
 * surrogates) are written as U+FFFD; line breaks in attributes as spaces, which is how a reader
 * would read them anyway.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { humanPosition, type LineIndex } from '../lines';
import type { Finding, Severity } from '../model';
import { itemAt } from './enclosingItem';
import { failsOn, type TextExporter } from './exporter';
import { locateFindings, type LocatedFinding } from './findings';

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

interface Case {
  readonly name: string;
  readonly findings: LocatedFinding[];
}

export const findingsJunit: TextExporter<'findings' | 'items'> = {
  name: 'findings-junit',
  format: 'junit',
  kind: 'findings',
  summary: 'JUnit XML: a test suite per file and a test case per item, failing as check does',
  extension: 'xml',
  mediaType: 'application/xml',
  needs: ['findings', 'items'],
  options: [],
  relativeTo: 'cwd',
  recordsGit: false,
  writes: 'text',
  render({ findings, items }, context) {
    const { pathOf, linesOf } = context;
    const failOn = context.failOn ?? 'error';
    // The checked files: those named, else the whole workspace; and any other file with findings (the config).
    const uris = new Set(context.scope?.uris ?? items.uris);
    for (const finding of findings) uris.add(finding.uri);
    const files = [...uris].map((uri) => ({ uri, path: pathOf(uri) })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

    const byFile = new Map<string, LocatedFinding[]>();
    for (const located of locateFindings(findings, linesOf, pathOf)) {
      let list = byFile.get(located.finding.uri);
      if (!list) byFile.set(located.finding.uri, (list = []));
      list.push(located);
    }

    const totals = { tests: 0, failures: 0 };
    const suites = files.map(({ uri, path }) => {
      const fileItems = items.file(uri)?.items ?? [];
      const itemOf = itemAt(fileItems);
      const fileCase: Case = { name: path, findings: [] };
      const itemCases = new Map(fileItems.map((item) => [item, { name: item.id, findings: [] }]));
      for (const located of byFile.get(uri) ?? []) {
        const item = itemOf(located.finding.span.start);
        (item ? (itemCases.get(item) ?? fileCase) : fileCase).findings.push(located);
      }
      const cases = [...(fileCase.findings.length > 0 ? [fileCase] : []), ...itemCases.values()];
      const testcase = cases.map((c) => testCase(c, path, c.findings.filter((l) => failsOn(l.finding.severity, failOn)), linesOf, pathOf));
      const failures = testcase.filter((c) => 'failure' in c).length;
      totals.tests += cases.length;
      totals.failures += failures;
      return { '@_name': attribute(path), '@_tests': cases.length, '@_failures': failures, '@_errors': 0, '@_skipped': 0, ...(testcase.length > 0 ? { testcase } : {}) };
    });

    const document = {
      '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
      testsuites: { '@_name': 'reqtrace', '@_tests': totals.tests, '@_failures': totals.failures, '@_errors': 0, '@_skipped': 0, ...(suites.length > 0 ? { testsuite: suites } : {}) },
    };
    return BUILDER.build(document);
  },
};

const BUILDER = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true, suppressBooleanAttributes: false });

function testCase(c: Case, path: string, failing: readonly LocatedFinding[], linesOf: (uri: string) => LineIndex, pathOf: (uri: string) => string): Record<string, unknown> {
  const others = c.findings.filter((l) => !failing.includes(l));
  const describe = (l: LocatedFinding): string => findingLines(l, linesOf, pathOf);
  const first = failing[0];
  const worst = SEVERITY_ORDER.find((severity) => failing.some((l) => l.finding.severity === severity));
  return {
    '@_name': attribute(c.name),
    '@_classname': attribute(path),
    '@_file': attribute(path),
    ...(first && worst
      ? {
          failure: {
            '@_message': attribute(`${first.finding.code}: ${first.finding.message}${failing.length > 1 ? ` (and ${failing.length - 1} more)` : ''}`),
            '@_type': worst,
            '#text': text(failing.map(describe).join('\n')),
          },
        }
      : {}),
    ...(others.length > 0 ? { 'system-out': text(others.map(describe).join('\n')) } : {}),
  };
}

/** A finding as a CI log line, then its related places indented. */
function findingLines({ finding, file, start }: LocatedFinding, linesOf: (uri: string) => LineIndex, pathOf: (uri: string) => string): string {
  const lines = [`${file}:${start.line}:${start.column}: ${finding.severity} ${finding.code}: ${finding.message}`];
  for (const related of finding.related ?? ([] as NonNullable<Finding['related']>)) {
    const at = humanPosition(linesOf(related.uri), related.span.start);
    lines.push(`  ${pathOf(related.uri)}:${at.line}:${at.column}: ${related.message}`);
  }
  return lines.join('\n');
}

/**
 * Text XML 1.0 can hold: every character outside its Char production (C0 controls other than tab,
 * line feed and carriage return, lone surrogates, U+FFFE and U+FFFF) becomes U+FFFD. The builder
 * escapes &, <, >, quotes (so `]]>` is written `]]&gt;`).
 */
export function text(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

/** An attribute value: as text, with tabs and line breaks as spaces (a reader turns them into spaces anyway). */
export function attribute(value: string): string {
  return text(value).replace(/[\t\n\r]/g, ' ');
}
