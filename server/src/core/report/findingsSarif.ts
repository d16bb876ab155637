/**
 * Findings as SARIF 2.1.0, for GitHub code scanning and other tools that read static-analysis results.
 *
 * One run. `tool.driver` is reqtrace with its version and a rule per code of the rule registry
 * (summary, first paragraph of the help, the whole help as text and Markdown, the default severity),
 * so the file explains itself. Each result has its rule, level (error, warning, or note for info and
 * hint), message and one location: the file relative to the top folder of the git work tree
 * (`uriBaseId` `%SRCROOT%`; outside git, the current folder), percent-encoded as a URI reference,
 * and a 1-based region whose columns count UTF-16 code units (`columnKind`), as `--format json`
 * gives them. Duplicate ids and the like list the other places as `relatedLocations`.
 *
 * No `originalUriBaseIds`: it would have to hold the absolute path of the work tree, which differs
 * from checkout to checkout and would make the file depend on where it was written; GitHub resolves
 * relative paths against the repository it is uploaded to, and other readers are given the folder.
 * No timestamps, no absolute paths, results in one order (file, position, code): the same workspace
 * gives the same bytes.
 *
 * Fingerprints. GitHub matches results across runs by `partialFingerprints.primaryLocationLineHash`
 * (the only key it reads); a result whose fingerprint changes becomes a new alert and the old one is
 * closed, losing a dismissal. GitHub's upload action would otherwise hash the text of the result's
 * line and the next hundred or so characters, which changes whenever the next field or item is
 * edited. reqtrace's own fingerprint is a hash of what identifies the problem for an author:
 *   - the rule,
 *   - the file's path from the repository's top (moving a file is a new alert, as GitHub does),
 *   - the id of the item the finding is in (none outside items),
 *   - the first line of the text the finding marks (the broken id, the unknown field),
 *   - the message with what depends on the rest of the workspace taken out: "did you mean"
 *     suggestions, parenthesised details (the other files a duplicate id is in), and every number
 *     (counts, the line and column in a YAML error),
 * then `:N`, the occurrence of that key in the file in position order, so identical findings in one
 * item stay distinct. So a line inserted above, another item edited, the item moved within its file
 * or a new id that changes a suggestion keep the alert; fixing it, renaming the item or its file, or
 * changing the marked text closes it (and a new problem is a new alert). The upload action logs a warning for each result whose fingerprint differs
 * from the line hash it would have made, and keeps the one given.
 */
import { RULES } from '../checks/registry';
import { humanPosition, type LineIndex } from '../lines';
import { hash64 } from '../hash';
import type { Finding, Severity, Span } from '../model';
import type { RuleMeta } from '../ruleMeta';
import { itemAt } from './enclosingItem';
import type { TextExporter } from './exporter';
import { locateFindings } from './findings';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
/** GitHub's `problem.severity`, which with `precision` decides what it shows first. */
const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'recommendation', hint: 'recommendation' };
/** GitHub shows at most 1,024 characters of a rule's descriptions. */
const DESCRIPTION_LIMIT = 1024;

export const findingsSarif: TextExporter<'findings' | 'items'> = {
  name: 'findings-sarif',
  format: 'sarif',
  kind: 'findings',
  summary: 'SARIF 2.1.0 for GitHub code scanning and other code-analysis tools',
  extension: 'sarif',
  mediaType: 'application/sarif+json',
  needs: ['findings', 'items'],
  options: [],
  relativeTo: 'cwd',
  recordsGit: false,
  writes: 'text',
  render({ findings, items }, context) {
    const pathOf = context.repositoryPathOf ?? context.pathOf;
    const { linesOf } = context;
    const ruleIndex = new Map(RULES.map((rule, index) => [rule.code, index]));
    const located = locateFindings(findings, linesOf, pathOf);
    const itemFinders = new Map<string, ReturnType<typeof itemAt>>();
    const occurrences = new Map<string, number>();
    const results = located.map(({ finding, file, start, end }) => {
      let itemOf = itemFinders.get(finding.uri);
      if (!itemOf) itemFinders.set(finding.uri, (itemOf = itemAt(items.file(finding.uri)?.items ?? [])));
      const text = items.file(finding.uri)?.text ?? '';
      const key = fingerprintKey(finding, file, itemOf(finding.span.start)?.id, text);
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      const index = ruleIndex.get(finding.code);
      return {
        ruleId: finding.code,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: physicalLocation(file, { start, end }) }],
        ...(finding.related && finding.related.length > 0
          ? {
              relatedLocations: finding.related.map((related, i) => ({
                id: i + 1,
                physicalLocation: physicalLocation(pathOf(related.uri), region(linesOf(related.uri), related.span)),
                message: { text: related.message },
              })),
            }
          : {}),
        partialFingerprints: { primaryLocationLineHash: `${hash64(key)}:${occurrence}` },
      };
    });
    const log = {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'reqtrace', ...(context.version ? { version: context.version } : {}), rules: RULES.map(reportingDescriptor) } },
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  },
};

function physicalLocation(path: string, { start, end }: ReturnType<typeof region>): object {
  return {
    artifactLocation: { uri: uriReference(path), uriBaseId: '%SRCROOT%' },
    region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
  };
}

function region(lines: LineIndex, span: Span): { start: { line: number; column: number }; end: { line: number; column: number } } {
  return { start: humanPosition(lines, span.start), end: humanPosition(lines, span.end) };
}

/** A rule as SARIF describes it, from the registry. */
function reportingDescriptor(rule: RuleMeta): object {
  return {
    id: rule.code,
    name: rule.code.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: capitalise(rule.summary) },
    fullDescription: { text: truncate(plainText(rule.help.split(/\n\s*\n/)[0] ?? rule.summary), DESCRIPTION_LIMIT) },
    help: { text: plainText(rule.help), markdown: rule.help },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['requirements', 'traceability'], precision: 'very-high', 'problem.severity': PROBLEM_SEVERITY[rule.severity] },
  };
}

/** What identifies a finding across runs and edits elsewhere; see the header comment. */
export function fingerprintKey(finding: Finding, path: string, itemId: string | undefined, text: string): string {
  const marked = text.slice(finding.span.start, finding.span.end).split(/\r\n|\r|\n/)[0]?.replace(/\s+/g, ' ').trim().slice(0, 200) ?? '';
  return [finding.code, path, itemId ?? '', marked, stableWording(finding.message)].join('\u0000');
}

/** A message without what can change with edits elsewhere: suggestions, parenthesised details, numbers. */
export function stableWording(message: string): string {
  return message
    .replace(/\s*(?:—\s*)?did you mean [^?]*\?/gi, '')
    .replace(/\s*\([^()]*\)/g, '')
    .replace(/\d+/g, '#');
}

/**
 * A path as a relative URI reference: each segment percent-encoded (spaces, '%', '#', '?', ':' and
 * anything outside ASCII as UTF-8), the '/' between segments kept.
 */
export function uriReference(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** Markdown help as plain text: code and emphasis marks dropped. */
function plainText(markdown: string): string {
  return markdown.replace(/\*\*([^*\n]+)\*\*/g, '$1').replace(/(?<!`)`([^`\n]+)`(?!`)/g, '$1');
}

function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), limit / 2))}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
