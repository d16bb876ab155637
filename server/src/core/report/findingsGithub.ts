/**
 * Findings as GitHub Actions workflow commands: one `::error file=…,line=…,col=…,endLine=…,
 * endColumn=…,title=…::message` line each (`::warning`, or `::notice` for info and hint), which the
 * runner shows as annotations on the pull request's changed lines. Paths are relative to the
 * current folder, so run it from the repository's top folder (where a workflow step starts).
 */
import type { Severity } from '../model';
import type { TextExporter } from './exporter';
import { locateFindings } from './findings';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export const findingsGithub: TextExporter<'findings'> = {
  name: 'findings-github',
  format: 'github',
  kind: 'findings',
  summary: 'GitHub Actions workflow commands: an annotation per finding',
  extension: 'txt',
  mediaType: 'text/plain; charset=utf-8',
  needs: ['findings'],
  options: [],
  relativeTo: 'cwd',
  recordsGit: false,
  writes: 'text',
  render({ findings }, context) {
    const lines = locateFindings(findings, context.linesOf, context.pathOf).map(({ finding, file, start, end }) => {
      const properties = [`file=${property(file)}`, `line=${start.line}`, `col=${start.column}`, `endLine=${end.line}`, `endColumn=${end.column}`, `title=${property(`reqtrace ${finding.code}`)}`];
      return `::${COMMAND[finding.severity]} ${properties.join(',')}::${data(finding.message)}`;
    });
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  },
};

/** A command's message, escaped as the runner reads it: %, carriage returns and line feeds. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: also ':' and ',', which would end it. */
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
