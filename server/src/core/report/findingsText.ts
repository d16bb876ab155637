/** Findings as text: one `path:line:column: severity code: message` line each, then a summary of two lines. */
import { createColors } from 'picocolors';
import type { Severity } from '../model';
import { coverageSummary } from '../query/trace';
import { percent } from './coverage';
import type { TextExporter } from './exporter';
import { locateFindings } from './findings';

export const findingsText: TextExporter<'findings' | 'items'> = {
  name: 'findings-text',
  format: 'text',
  kind: 'findings',
  summary: 'one line per finding, then the counts and the coverage headline',
  extension: 'txt',
  mediaType: 'text/plain; charset=utf-8',
  needs: ['findings', 'items'],
  options: [],
  relativeTo: 'cwd',
  recordsGit: false,
  writes: 'text',
  render({ findings, items }, context) {
    const located = locateFindings(findings, context.linesOf, context.pathOf);
    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
    for (const { finding } of located) counts[finding.severity]++;
    const paint = createColors(context.colour === true);
    const severityColour: Record<Severity, (text: string) => string> = { error: (t) => paint.bold(paint.red(t)), warning: paint.yellow, info: paint.cyan, hint: paint.dim };
    const lines = located.map(({ finding, file, start }) => `${file}:${start.line}:${start.column}: ${severityColour[finding.severity](finding.severity)} ${paint.dim(finding.code)}: ${oneLine(finding.message)}`);
    const fileCount = items.uris.length;
    const itemCount = [...items.allItems()].length;
    // Only the headline figures: the summary from the index, which a property test holds equal to the full model.
    const { needs, traced, requirements, requirementsCovered: covered, waived } = coverageSummary(items);
    const counted = requirements - waived;
    const tallied = (severity: Severity, text: string): string => (counts[severity] > 0 ? severityColour[severity](text) : text);
    const tally = `${tallied('error', plural(counts.error, 'error'))}, ${tallied('warning', plural(counts.warning, 'warning'))}${counts.info ? `, ${tallied('info', plural(counts.info, 'info'))}` : ''}${counts.hint ? `, ${tallied('hint', plural(counts.hint, 'hint'))}` : ''}`;
    // With only some files named, the counts are theirs and the figures the whole workspace's: say so.
    const scope = context.scope;
    lines.push(
      scope
        ? `${plural(scope.files, 'file')} checked, in a workspace of ${plural(fileCount, 'file')} and ${plural(itemCount, 'item')}: ${tally}.`
        : `${plural(fileCount, 'file')}, ${plural(itemCount, 'item')}: ${tally}.`,
      (scope ? 'Whole workspace: ' : '') +
      [
        needs > 0 ? `Needs traced end to end: ${traced} of ${needs} (${percent(traced, needs)}%).` : 'No user needs.',
        requirements > 0 ? `Requirements covered by the ITT: ${covered} of ${counted} (${percent(covered, counted)}%), ${waived} waived.` : 'No requirements.',
      ].join(' '),
    );
    return `${lines.join('\n')}\n`;
  },
};

/** A message on one line: ids and values quoted from a file may hold line breaks or control characters. */
function oneLine(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch === '\t' ? '\\t' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
