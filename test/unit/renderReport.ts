/** A coverage format rendered from a coverage model (and no findings, for the reports' verdict) through its exporter: for tests of the report formats. */
import type { Coverage } from '../../server/src/core/report/coverage';
import type { ReportContext } from '../../server/src/core/report/context';
import type { ExportContext, ExportData } from '../../server/src/core/report/exporter';
import { exporterForFormat } from '../../server/src/core/report/registry';
import type { SeveritySetting } from '../../server/src/core/checks/registry';
import type { Finding } from '../../server/src/core/model';

export type ReportFormat = 'html' | 'md' | 'json' | 'csv';

/** The provenance is a fixed moment and no git: none of the coverage formats shows it yet. */
export function renderReport(
  format: ReportFormat,
  coverage: Coverage,
  context: ReportContext,
  verdictOn: { readonly findings: readonly Finding[]; readonly severity?: Readonly<Record<string, SeveritySetting>> } = { findings: [] },
  /** More of the exporter's context (where the report says it came from). */
  more: Partial<ExportContext> = {},
): string {
  const exporter = exporterForFormat('coverage', format);
  if (!exporter || exporter.writes !== 'text' || exporter.needs.some((need) => need !== 'coverage' && need !== 'findings')) throw new Error(`no coverage format '${format}' that needs only the coverage model and the findings`);
  const linesOf = (): never => {
    throw new Error('renderReport has no file texts: positions come from the coverage model');
  };
  const provenance = { generatedAt: new Date('2026-01-01T00:00:00Z') };
  return exporter.render({ coverage, findings: verdictOn.findings } as unknown as ExportData, { title: context.title, pathOf: context.pathOf, linesOf, provenance, ...(verdictOn.severity ? { verdictSeverity: verdictOn.severity } : {}), ...more }, context.webviewNonce ? { 'webview-nonce': context.webviewNonce } : {});
}
