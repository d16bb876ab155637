import type { Coverage } from './coverage';
import type { ReportContext } from './context';
import type { TextExporter } from './exporter';

export const coverageJson: TextExporter<'coverage'> = {
  name: 'coverage-json',
  format: 'json',
  kind: 'coverage',
  summary: 'the coverage model as JSON',
  extension: 'json',
  mediaType: 'application/json',
  needs: ['coverage'],
  options: [],
  relativeTo: 'output',
  recordsGit: false,
  writes: 'text',
  render: ({ coverage }, { title, pathOf }) => renderJson(coverage, { title, pathOf }),
};

/** The coverage model as JSON, with file URIs shown as the context's paths. */
export function renderJson(coverage: Coverage, context: ReportContext): string {
  return `${JSON.stringify(coverage, uriReplacer(context), 2)}\n`;
}

/** A JSON.stringify replacer that shows every `uri` field as the context's path. */
export function uriReplacer(context: Pick<ReportContext, 'pathOf'>): (key: string, value: unknown) => unknown {
  return (key, value) => (key === 'uri' && typeof value === 'string' ? context.pathOf(value) : value);
}
