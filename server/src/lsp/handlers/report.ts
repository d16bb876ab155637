/**
 * The coverage report an editor asks for (REPORT_REQUEST): the html and md exporters of the registry,
 * with links relative to the folder the editor will write the report to, and for a webview the html
 * again with its one script allowed; its verdict judges the folder's findings as `readiness: tender` does.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workspace } from '../../core/analysis/workspace';
import { tracedPercent, type Coverage } from '../../core/report/coverage';
import { gatherData, lineIndexes, type ExportContext, type ExportOptions, type Exporter } from '../../core/report/exporter';
import type { Provenance } from '../../core/report/provenance';
import { exporterForFormat } from '../../core/report/registry';
import type { ReportParams, ReportResult } from '../protocol';
import { applySeverity, tenderSeverity } from '../../core/checks/registry';
import type { Config } from '../../core/config';
import type { Finding } from '../../core/model';
import { workspaceFindings } from '../../core/workspace';

/** What the report reads of a folder: its files, and its config for the verdict's severities. */
export interface ReportFolder {
  readonly root: string;
  readonly index: Workspace;
  readonly config: Config;
  readonly configFindings: readonly Finding[];
  /** The coverage model of the index as it is (the server's Folder keeps it until the index changes). */
  coverageModel(): Coverage;
}

export function report(folder: ReportFolder, params: ReportParams, provenance: Provenance, version?: string): ReportResult {
  const { index, config } = folder;
  // Every file keeps its findings (see Workspace.check): the verdict costs the files changed since.
  let findings: Finding[] | undefined;
  const allFindings = (): Finding[] => (findings ??= [...applySeverity(folder.configFindings, config.severity), ...workspaceFindings(index, config)]);
  const coverage = folder.coverageModel();
  const reportDir = fileURLToPath(params.reportDirUri);
  const title = folder.root ? decodeURIComponent(folder.root.split('/').pop() ?? 'workspace') : 'workspace';
  const context: ExportContext = {
    title,
    pathOf: (uri) => (uri.startsWith('file:') ? relative(reportDir, fileURLToPath(uri)).split('\\').join('/') : uri),
    linesOf: lineIndexes((uri) => index.file(uri)?.text ?? ''),
    provenance,
    verdictSeverity: tenderSeverity(config.severityLayers),
    tender: config.tender,
    inEditor: true,
    ...(version ? { version } : {}),
  };
  const render = (format: string, options: ExportOptions = {}): string => {
    const exporter = textExporter(format);
    const data = gatherData(exporter.needs, {
      coverage: () => coverage,
      items: () => index,
      findings: allFindings,
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
