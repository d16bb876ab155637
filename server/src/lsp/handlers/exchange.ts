/**
 * The editor's Export and Import commands, on the same registries and code as `reqtrace export` and
 * `reqtrace import`: an export is rendered here from the workspace as the editor has it (unsaved
 * edits included) and written by the editor; an import reads and writes files on disk here, all of
 * them or none, exactly as the command line does. Under `readiness: tender` an export for bidders is
 * refused as the command line refuses it, unless asked for as a draft.
 */
import { dirname, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ResponseError } from 'vscode-languageserver';
import { applySeverity, tenderSeverity } from '../../core/checks/registry';
import { describeImport, ImportRefusal } from '../../core/import/importer';
import { IMPORTERS, importerNamed } from '../../core/import/registry';
import type { ReportFolder } from './report';
import { gatherData, lineIndexes, outputNoun, type ExportContext, type ExportOptions } from '../../core/report/exporter';
import type { Provenance } from '../../core/report/provenance';
import { DRAFT_OPTION, issueRefusalOf, takesDraft } from '../../core/report/readiness';
import { EXPORTERS, exporterNamed } from '../../core/report/registry';
import { workspaceFindings } from '../../core/workspace';
import { diskSource, ExistingFiles, importInto } from '../../node/importFiles';
import { EXPORT_REFUSED, type ExportParams, type ExportRefusedData, type ExportResult, type ImporterInfo, type ImportParams, type ImportReply } from '../protocol';

/** What an export reads of a folder: what the report reads. */
type ExportFolder = ReportFolder;

export async function exportOutput(folder: ExportFolder, params: ExportParams, provenance: Provenance): Promise<ExportResult> {
  const exporter = exporterNamed(params.name);
  if (!exporter) throw new Error(`unknown output '${params.name}': the names are ${EXPORTERS.map((e) => e.name).join(', ')}`);
  const { index } = folder;
  const options: ExportOptions = params.draft === true && takesDraft(exporter) ? { [DRAFT_OPTION]: true } : {};
  const refusal = issueRefusalOf(exporter, options, folder.config.readiness, index);
  if (refusal) throw new ResponseError<ExportRefusedData>(EXPORT_REFUSED, refusal.message, { notAgreed: refusal.notAgreed });
  const outDir = dirname(fileURLToPath(params.outUri));
  const from = exporter.relativeTo === 'output' || !folder.root.startsWith('file:') ? outDir : fileURLToPath(folder.root);
  const context: ExportContext = {
    title: folder.root ? decodeURIComponent(folder.root.split('/').pop() ?? 'workspace') : 'workspace',
    pathOf: (uri) => (uri.startsWith('file:') ? relative(from, fileURLToPath(uri)).split('\\').join('/') : uri),
    linesOf: lineIndexes((uri) => index.file(uri)?.text ?? ''),
    provenance,
    tender: folder.config.tender,
    verdictSeverity: tenderSeverity(folder.config.severityLayers),
    inEditor: true,
  };
  const data = gatherData(exporter.needs, {
    findings: () => [...applySeverity(folder.configFindings, folder.config.severity), ...workspaceFindings(index, folder.config)],
    coverage: () => folder.coverageModel(),
    items: () => index,
  });
  const items = [...index.allItems()].length;
  const noun = outputNoun(exporter);
  if (exporter.writes === 'text') return { content: exporter.render(data, context, options), encoding: 'utf8', noun, items };
  return { content: Buffer.from(await exporter.render(data, context, options)).toString('base64'), encoding: 'base64', noun, items };
}

export function importers(): ImporterInfo[] {
  return IMPORTERS.map((importer) => ({
    name: importer.name,
    summary: importer.summary,
    reads: importer.reads,
    extensions: importer.extensions ?? [],
    choices: importer.options.flatMap((option) => (option.choices ? [{ name: option.name, summary: option.summary, values: option.choices, required: option.required === true }] : [])),
  }));
}

export async function importFiles(params: ImportParams): Promise<ImportReply> {
  const importer = importerNamed(params.name);
  if (!importer) return { done: false, message: `There is no importer '${params.name}'.`, existing: false };
  const sourcePath = fileURLToPath(params.sourceUri);
  const outDir = fileURLToPath(params.outUri);
  try {
    const source = await diskSource(sourcePath, sourcePath.split(/[\\/]/).pop() ?? sourcePath, importer.reads);
    const { result, written } = await importInto(importer, source, params.options, outDir, params.force);
    const lines = describeImport(result, source.name, outDir, (file) => file.path);
    return { done: true, lines, written: written.map((path) => pathToFileURL(path).href) };
  } catch (error) {
    if (error instanceof ImportRefusal) return { done: false, message: error.message, existing: error instanceof ExistingFiles };
    throw error;
  }
}
