/**
 * The coverage report an editor asks for (REPORT_REQUEST): the html and md exporters of the registry,
 * with links relative to the folder the editor will write the report to, and for a webview the html
 * again with its one script allowed.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workspace } from '../../core/analysis/workspace';
import { computeCoverage, tracedPercent } from '../../core/report/coverage';
import { gatherData, lineIndexes, type ExportContext, type ExportOptions, type Exporter } from '../../core/report/exporter';
import type { Provenance } from '../../core/report/provenance';
import { exporterForFormat } from '../../core/report/registry';
import type { ReportParams, ReportResult } from '../protocol';

export function report(folder: { readonly root: string; readonly index: Workspace }, params: ReportParams, provenance: Provenance): ReportResult {
  const { index } = folder;
  const coverage = computeCoverage(index);
  const reportDir = fileURLToPath(params.reportDirUri);
  const title = folder.root ? decodeURIComponent(folder.root.split('/').pop() ?? 'workspace') : 'workspace';
  const context: ExportContext = {
    title,
    pathOf: (uri) => (uri.startsWith('file:') ? relative(reportDir, fileURLToPath(uri)).split('\\').join('/') : uri),
    linesOf: lineIndexes((uri) => index.file(uri)?.text ?? ''),
    provenance,
  };
  const render = (format: string, options: ExportOptions = {}): string => {
    const exporter = textExporter(format);
    const data = gatherData(exporter.needs, {
      coverage: () => coverage,
      items: () => index,
      findings: () => {
        throw new Error(`the report request renders coverage formats, and ${exporter.name} needs the findings`);
      },
    });
    return exporter.render(data, context, options);
  };
  return {
    title,
    html: render('html'),
    markdown: render('md'),
    ...(params.webviewNonce ? { webviewHtml: render('html', { 'webview-nonce': params.webviewNonce }) } : {}),
    tracedPercent: tracedPercent(coverage),
  };
}

function textExporter(format: string): Exporter & { readonly writes: 'text' } {
  const exporter = exporterForFormat('coverage', format);
  if (exporter?.writes !== 'text') throw new Error(`no coverage format '${format}' that writes text`);
  return exporter;
}
