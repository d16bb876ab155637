/** What `reqtrace responses` prints: each bidder's remarks, then, for several bidders, a table of them side by side. */
import type { BidderResponses, Remark } from './responses';

/** A bidder's workbook fails the mandatory answers when any is missing: the command then exits 1. */
export const missesMandatory = (bidder: BidderResponses): boolean => bidder.missingMandatory.length > 0;

/** How many remarks of each list the text and Markdown show before '… and N more'. */
const SHOWN = 20;

const LISTS: readonly (readonly [keyof BidderResponses, string])[] = [
  ['missingMandatory', 'Mandatory answers missing'],
  ['notCompliantMust', 'Must requirements answered Not compliant'],
  ['failedPassFail', 'Pass/fail questions answered No'],
  ['changedByBidder', "Buyer's text changed by the bidder"],
  ['movedOrRemoved', 'Rows moved or removed'],
  ['added', 'Rows added'],
  ['changedSince', 'Changed in the requirement files since the workbook was made'],
  ['unanswered', 'Other answers left blank'],
];

const fixed = (n: number): string => n.toFixed(2);

export function responsesText(bidders: readonly BidderResponses[]): string {
  const lines: string[] = [];
  for (const bidder of bidders) {
    lines.push(`${bidder.file}: ${bidder.questions} questions, ${bidder.requirements} requirement answers${missesMandatory(bidder) ? ' — MANDATORY ANSWERS MISSING' : ''}`);
    for (const [key, title] of LISTS) {
      const remarks = bidder[key] as readonly Remark[];
      if (remarks.length === 0) continue;
      lines.push(`  ${title} (${remarks.length}):`);
      for (const remark of remarks.slice(0, SHOWN)) lines.push(`    ${place(remark)}  ${remark.ref}: ${remark.what}`);
      if (remarks.length > SHOWN) lines.push(`    … and ${remarks.length - SHOWN} more`);
    }
    lines.push(`  Compliance: ${Object.entries(bidder.compliance).map(([code, n]) => `${n} ${code === 'blank' ? 'blank' : code.toLowerCase()}`).join(', ')}`);
    const { scores } = bidder;
    if (scores) {
      lines.push(`  Scores (${scores.scored} scored, ${scores.unscored} not yet): ${scores.sections.map((s) => `${s.section} ${fixed(s.scaled)} of ${fixed(s.weight)}`).join(', ')}; quality ${fixed(scores.quality)} of 100${scores.share ? `; ${fixed(scores.share.score)} of the whole (quality is ${scores.share.percent}%)` : ''}`);
      for (const remark of [...scores.belowMinimum, ...scores.evaluatorFails]) lines.push(`    ${place(remark)}  ${remark.ref}: ${remark.what}`);
    }
    lines.push('');
  }
  if (bidders.length > 1) {
    const rows = sideBySide(bidders);
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
    for (const row of rows) lines.push(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd());
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

export function responsesMarkdown(bidders: readonly BidderResponses[]): string {
  const lines: string[] = ['# Bidder responses', ''];
  if (bidders.length > 1) {
    const rows = sideBySide(bidders);
    lines.push(`| ${rows[0]!.map(escape).join(' | ')} |`, `|${rows[0]!.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
    for (const row of rows.slice(1)) lines.push(`| ${row.map(escape).join(' | ')} |`);
    lines.push('');
  }
  for (const bidder of bidders) {
    lines.push(`## ${escape(bidder.file)}`, '', `${bidder.questions} questions, ${bidder.requirements} requirement answers${missesMandatory(bidder) ? ' — **mandatory answers missing**' : ''}.`, '');
    for (const [key, title] of LISTS) {
      const remarks = bidder[key] as readonly Remark[];
      if (remarks.length === 0) continue;
      lines.push(`### ${title} (${remarks.length})`, '');
      for (const remark of remarks.slice(0, SHOWN)) lines.push(`- ${escape(place(remark))} **${escape(remark.ref)}**: ${escape(remark.what)}`);
      if (remarks.length > SHOWN) lines.push(`- … and ${remarks.length - SHOWN} more`);
      lines.push('');
    }
    if (bidder.scores) {
      lines.push('### Scores', '', '| Section | Weighted | Of its budget | Share of quality |', '|---|---:|---:|---:|');
      for (const s of bidder.scores.sections) lines.push(`| ${escape(s.section)} | ${fixed(s.weighted)} | ${fixed(s.budget)} | ${fixed(s.scaled)} of ${fixed(s.weight)} |`);
      lines.push(`| **Quality** | | | **${fixed(bidder.scores.quality)}** of 100 |`, '');
    }
  }
  return `${lines.join('\n')}\n`;
}

export function responsesJson(bidders: readonly BidderResponses[]): string {
  return `${JSON.stringify({ bidders: bidders.map((bidder) => ({ ...bidder, mandatoryMissing: missesMandatory(bidder) })) }, null, 2)}\n`;
}

/** The bidders as columns: the counts that decide a tender, and the scores. */
function sideBySide(bidders: readonly BidderResponses[]): string[][] {
  const rows: string[][] = [['', ...bidders.map((b) => b.file)]];
  for (const [key, title] of LISTS) rows.push([title, ...bidders.map((b) => String((b[key] as readonly Remark[]).length))]);
  rows.push(['Fully compliant', ...bidders.map((b) => String(b.compliance['Fully compliant'] ?? 0))]);
  rows.push(['Quality score (of 100)', ...bidders.map((b) => (b.scores ? fixed(b.scores.quality) : '—'))]);
  if (bidders.some((b) => b.scores?.share)) rows.push(['Share of the whole', ...bidders.map((b) => (b.scores?.share ? fixed(b.scores.share.score) : '—'))]);
  rows.push(['Below a minimum score', ...bidders.map((b) => String(b.scores?.belowMinimum.length ?? 0))]);
  return rows;
}

function place(remark: Remark): string {
  return remark.row > 0 ? `'${remark.sheet}' row ${remark.row}` : `'${remark.sheet}'`;
}

function escape(text: string): string {
  return text.replace(/[\\|*_`[\]<>]/g, (ch) => `\\${ch}`).replace(/\n/g, ' ');
}
