import type { Coverage } from './coverage';
import type { ReportContext } from './context';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';

export type ReportFormat = 'html' | 'md' | 'json' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json', 'csv'];

export function renderReport(format: ReportFormat, coverage: Coverage, context: ReportContext): string {
  switch (format) {
    case 'html':
      return renderHtml(coverage, context);
    case 'md':
      return renderMarkdown(coverage, context);
    case 'json':
      return renderJson(coverage, context);
    case 'csv':
      return renderCsv(coverage, context);
  }
}

export type { ReportContext } from './context';
