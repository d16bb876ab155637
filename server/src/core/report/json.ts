import type { Coverage } from '../coverage';
import type { ReportContext } from './context';

/** The coverage model as JSON, with file URIs shown as the context's paths. */
export function renderJson(coverage: Coverage, context: ReportContext): string {
  return `${JSON.stringify(coverageForJson(coverage, context), null, 2)}\n`;
}

export function coverageForJson(coverage: Coverage, context: ReportContext): unknown {
  return JSON.parse(JSON.stringify(coverage, (key, value: unknown) => (key === 'uri' && typeof value === 'string' ? context.pathOf(value) : value))) as unknown;
}
