/**
 * Every exporter, listed once. `check --format`, `report --format`, `export <name>`, their help
 * texts and the editor's report request all come from this list; a new format is one file and one
 * line here.
 */
import { coverageCsv } from './csv';
import type { Exporter, ExporterKind } from './exporter';
import { findingsGithub } from './findingsGithub';
import { findingsJson } from './findingsJson';
import { findingsJunit } from './findingsJunit';
import { findingsSarif } from './findingsSarif';
import { findingsText } from './findingsText';
import { coverageHtml } from './html';
import { coverageJson } from './json';
import { coverageMarkdown } from './markdown';
import { matrixExport } from './matrix';
import { needsJson } from './needsJson';
import { reqifExport } from './reqif';

export const EXPORTERS: readonly Exporter[] = [findingsText, findingsJson, findingsGithub, findingsSarif, findingsJunit, coverageHtml, coverageMarkdown, coverageJson, coverageCsv, reqifExport, needsJson, matrixExport];

export function exporterNamed(name: string, exporters: readonly Exporter[] = EXPORTERS): Exporter | undefined {
  return exporters.find((exporter) => exporter.name === name);
}

/** The exporter `check --format` (findings) or `report --format` (coverage) picks by its format. */
export function exporterForFormat(kind: ExporterKind, format: string, exporters: readonly Exporter[] = EXPORTERS): Exporter | undefined {
  return exporters.find((exporter) => exporter.kind === kind && exporter.format === format);
}

/** The formats `--format` offers for a kind, in registry order. */
export function formatsOf(kind: ExporterKind, exporters: readonly Exporter[] = EXPORTERS): string[] {
  return exporters.flatMap((exporter) => (exporter.kind === kind && exporter.format !== undefined ? [exporter.format] : []));
}
