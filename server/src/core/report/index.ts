/**
 * The report module's front door: the exporter registry and its types, and `renderReport` for a
 * caller that holds only a coverage model (unit tests of the report formats).
 */
import type { Coverage } from './coverage';
import type { ReportContext } from './context';
import type { ExportData } from './exporter';
import { exporterForFormat, formatsOf } from './registry';

export type ReportFormat = 'html' | 'md' | 'json' | 'csv';
export const REPORT_FORMATS: readonly string[] = formatsOf('coverage');

/**
 * A coverage format rendered from the coverage model alone, through its exporter. The provenance is
 * this moment and no git: none of the coverage formats shows it yet.
 */
export function renderReport(format: ReportFormat, coverage: Coverage, context: ReportContext): string {
  const exporter = exporterForFormat('coverage', format);
  if (!exporter || exporter.writes !== 'text' || exporter.needs.some((need) => need !== 'coverage')) throw new Error(`no coverage format '${format}' that needs only the coverage model`);
  const linesOf = (): never => {
    throw new Error('renderReport has no file texts: positions come from the coverage model');
  };
  return exporter.render({ coverage } as ExportData, { title: context.title, pathOf: context.pathOf, linesOf, provenance: { generatedAt: new Date() } }, context.webviewNonce ? { 'webview-nonce': context.webviewNonce } : {});
}

export type { ReportContext } from './context';
export type { Exporter, ExporterKind, ExportContext, ExportData, ExportOptions, Need } from './exporter';
export type { GitProvenance, Provenance } from './provenance';
export { EXPORTERS, exporterForFormat, exporterNamed, formatsOf } from './registry';
