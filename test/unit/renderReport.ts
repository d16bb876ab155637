/** A coverage format rendered from a coverage model alone, through its exporter: for tests of the report formats. */
import type { Coverage } from '../../server/src/core/report/coverage';
import type { ReportContext } from '../../server/src/core/report/context';
import type { ExportData } from '../../server/src/core/report/exporter';
import { exporterForFormat } from '../../server/src/core/report/registry';

export type ReportFormat = 'html' | 'md' | 'json' | 'csv';

/** The provenance is a fixed moment and no git: none of the coverage formats shows it yet. */
export function renderReport(format: ReportFormat, coverage: Coverage, context: ReportContext): string {
  const exporter = exporterForFormat('coverage', format);
  if (!exporter || exporter.writes !== 'text' || exporter.needs.some((need) => need !== 'coverage')) throw new Error(`no coverage format '${format}' that needs only the coverage model`);
  const linesOf = (): never => {
    throw new Error('renderReport has no file texts: positions come from the coverage model');
  };
  const provenance = { generatedAt: new Date('2026-01-01T00:00:00Z') };
  return exporter.render({ coverage } as ExportData, { title: context.title, pathOf: context.pathOf, linesOf, provenance }, context.webviewNonce ? { 'webview-nonce': context.webviewNonce } : {});
}
