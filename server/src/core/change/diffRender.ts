/**
 * The requirements diff (diff.ts) as text for a terminal or a log, Markdown for a pull-request
 * comment, and JSON (the model itself). Pure functions of the model; only the text may colour, and
 * only when told (the CLI decides as it does for check). A changed field's words are marked
 * `[-removed-]{+added+}` in text (git's --word-diff=plain marks, kept when coloured, so a log
 * without colour reads the same) and `~~removed~~ **added**` in Markdown.
 */
import { createColors } from 'picocolors';
import { KIND_NOUN, type Kind } from '../model';
import { md } from '../report/markdown';
import { NEED_STATE_WORDS, REQUIREMENT_STATE_WORDS } from '../report/context';
import type { CoverageFigures, CoverageState, DiffItem, FieldChange, Impact, LinkChange, Place, RequirementsDiff, Revision } from './diff';
import type { WordSegment } from './wordDiff';

export type DiffFormat = 'text' | 'md' | 'json';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'md', 'json'];

/** How many entries a Markdown list shows at most before the rest is left to the JSON. */
export const MARKDOWN_LIST_LIMIT = 100;
/**
 * A pull-request comment holds at most 65,536 characters: past this many, the lists are cut shorter
 * (50, 25, then 10 entries) until the Markdown fits, if it can.
 */
export const MARKDOWN_MAX_CHARS = 60_000;
/** Lists longer than this are folded in a <details> element in Markdown. */
const FOLD_AFTER = 10;

export function renderDiff(diff: RequirementsDiff, format: DiffFormat, options: { readonly colour?: boolean } = {}): string {
  if (format === 'json') return diffJson(diff);
  if (format === 'md') return diffMarkdown(diff);
  return diffText(diff, options.colour === true);
}

/** The model as JSON, two-space indented, with a final line break. */
export function diffJson(diff: RequirementsDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}

export function stateWords(kind: Kind, state: CoverageState): string {
  const words: Record<string, string> = kind === 'needs' ? NEED_STATE_WORDS : REQUIREMENT_STATE_WORDS;
  return words[state] ?? state;
}

const plural = (count: number, noun: string, nouns = `${noun}s`): string => `${count} ${count === 1 ? noun : nouns}`;

/** The one-line summary every format but JSON opens with. */
export function summaryLine(diff: RequirementsDiff): string {
  const s = diff.summary;
  const items = [`${s.changed} changed`, `${s.added} added`, `${s.removed} removed`, `${s.renamed} renamed`].join(', ');
  return `Items: ${items}. Links: ${s.linksAdded} added, ${s.linksRemoved} removed. Coverage: ${plural(s.coverageChanged, 'state', 'states')} moved. ${plural(s.toReRead, 'item')} to re-read.`;
}

export function revisionName(revision: Revision, short: (text: string) => string): string {
  if (revision.commit === null) return 'the working tree';
  const commit = revision.commit.slice(0, 12);
  return revision.ref === null || revision.ref === revision.commit ? short(commit) : `${short(revision.ref)} (${commit})`;
}

function needsTraced(f: CoverageFigures): string {
  return `${f.needsTraced} of ${f.needs} (${f.needsTracedPercent}%)`;
}
function requirementsCovered(f: CoverageFigures): string {
  return `${f.requirementsCovered} of ${f.requirementsCovered + f.requirementsUncovered} (${f.requirementsCoveredPercent}%)`;
}

/** The headline rows: label, before, after. */
export function coverageRows(before: CoverageFigures, after: CoverageFigures): [string, string, string][] {
  return [
    ['Needs traced end to end', needsTraced(before), needsTraced(after)],
    ['Needs covered by a requirement', `${before.needsCovered} of ${before.needs}`, `${after.needsCovered} of ${after.needs}`],
    ['Requirements covered by the ITT (waived left out)', requirementsCovered(before), requirementsCovered(after)],
    ['Requirements waived', String(before.requirementsWaived), String(after.requirementsWaived)],
    ['Needs / requirements / clauses', `${before.needs} / ${before.requirements} / ${before.clauses}`, `${after.needs} / ${after.requirements} / ${after.clauses}`],
  ];
}

// ---------------------------------------------------------------------------------------------
// Text

/** User text on one line, with control characters shown as escapes (a title cannot move the cursor). */
function safe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function diffText(diff: RequirementsDiff, colour = false): string {
  const paint = createColors(colour);
  const out: string[] = [];
  const at = (place: Place): string => paint.dim(`${safe(place.file)}:${place.line}`);
  const label = (item: DiffItem): string => `${paint.bold(safe(item.id))} (${KIND_NOUN[item.kind]})${item.title ? ` ${safe(item.title)}` : ''}`;
  // A replacement reads as one word, [-old-]{+new+}, as git --word-diff=plain writes it.
  const words = (segments: readonly WordSegment[]): string =>
    segments
      .map((s, i) => `${s.kind === 'added' && segments[i - 1]?.kind === 'removed' ? '' : i > 0 ? ' ' : ''}${s.kind === 'same' ? safe(s.text) : s.kind === 'removed' ? paint.red(`[-${safe(s.text)}-]`) : paint.green(`{+${safe(s.text)}+}`)}`)
      .join('');
  const fieldLines = (fields: readonly FieldChange[]): string[] => fields.map((f) => `    ${f.field}: ${words(f.words)}`);
  const section = (heading: string, lines: readonly string[]): void => {
    if (lines.length === 0) return;
    out.push('', paint.bold(heading), ...lines);
  };

  out.push(`reqtrace diff: ${revisionName(diff.base, safe)} → ${revisionName(diff.head, safe)}${diff.workspace === '.' ? '' : `, in ${safe(diff.workspace)}`}`, summaryLine(diff));
  const { items, links, coverage, impact } = diff;
  section(
    `Changed (${items.changed.length})`,
    items.changed.flatMap((item) => [`  ${paint.yellow('~')} ${label(item)}  ${at(item)}${item.before.file !== item.file ? ` (was ${safe(item.before.file)}:${item.before.line})` : ''}`, ...fieldLines(item.fields)]),
  );
  section(`Added (${items.added.length})`, items.added.map((item) => `  ${paint.green('+')} ${label(item)}  ${at(item)}`));
  section(`Removed (${items.removed.length})`, items.removed.map((item) => `  ${paint.red('-')} ${label(item)}  ${at(item)} (base)`));
  section(
    `Renamed (${items.renamed.length})`,
    items.renamed.flatMap((item) => [`  ${paint.yellow('>')} ${paint.bold(safe(item.from.id))} → ${label(item.to)}  ${at(item.to)}`, ...fieldLines(item.fields)]),
  );
  const linkLine = (sign: string, link: LinkChange, base: boolean): string => `  ${sign} ${paint.bold(safe(link.from.id))} ${link.field} ${paint.bold(safe(link.to))}  ${at(link.from)}${base ? ' (base)' : ''}`;
  section(`Links (${links.added.length} added, ${links.removed.length} removed)`, [...links.added.map((link) => linkLine(paint.green('+'), link, false)), ...links.removed.map((link) => linkLine(paint.red('-'), link, true))]);

  const rows = coverageRows(coverage.before, coverage.after);
  const width = Math.max(...rows.map(([name]) => name.length));
  section('Coverage (before → after)', [
    ...rows.map(([name, before, after]) => `  ${`${name}:`.padEnd(width + 1)} ${before} → ${before === after ? after : paint.bold(after)}`),
    ...coverage.changed.map((item) => `  ${label(item)}${item.was ? ` (was ${safe(item.was)})` : ''}: ${stateWords(item.kind, item.before)} → ${paint.bold(stateWords(item.kind, item.after))}  ${at(item)}`),
  ]);
  section(
    'Impact: re-read downstream of each change (head side)',
    impact.flatMap((entry: Impact) => [
      `  ${label(entry)}: ${entry.change}${entry.downstream.length === 0 ? ', nothing downstream' : ''}  ${at(entry)}${entry.change === 'removed' ? ' (base)' : ''}`,
      ...entry.downstream.map((d) => `    ${d.path.map(safe).join(' → ')}  ${at(d)}`),
    ]),
  );
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** User text escaped for Markdown, `~` too (it would strike text through). */
function mdText(text: string): string {
  return md(text).replace(/~/g, '\\~');
}

/** Text for HTML (a <summary>): only what HTML reads is escaped. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[\r\n]+/g, ' ');
}

/** A place as code, unless the path holds a backtick. */
function mdPlace(place: Place): string {
  const text = `${place.file}:${place.line}`;
  return /[`\r\n]/.test(text) ? mdText(text) : `\`${text}\``;
}

function mdWords(segments: readonly WordSegment[]): string {
  return segments.map((s) => (s.kind === 'same' ? mdText(s.text) : s.kind === 'removed' ? `~~${mdText(s.text)}~~` : `**${mdText(s.text)}**`)).join(' ');
}

export function diffMarkdown(diff: RequirementsDiff): string {
  let markdown = '';
  for (const limit of [MARKDOWN_LIST_LIMIT, 50, 25, 10]) {
    markdown = markdownWithLimit(diff, limit);
    if (markdown.length <= MARKDOWN_MAX_CHARS) break;
  }
  return markdown;
}

/** The Markdown with every list cut at `limit` entries (the impact's changes and each one's items too). */
function markdownWithLimit(diff: RequirementsDiff, limit: number): string {
  const out: string[] = [];
  const code = (text: string): string => (/[`\r\n]/.test(text) ? mdText(text) : `\`${text}\``);
  const label = (item: DiffItem): string => `**${mdText(item.id)}** ${KIND_NOUN[item.kind]}${item.title ? ` ${mdText(item.title)}` : ''} · ${mdPlace(item)}`;
  /** A list under its heading: folded when long, cut at `limit` entries (each entry one or more lines). */
  const list = (heading: string, entries: readonly string[][], summary = `${entries.length} entries`): void => {
    if (entries.length === 0) return;
    out.push(`### ${heading}`, '');
    const shown = entries.slice(0, limit).flat();
    const more = entries.length > limit ? [`- … and ${entries.length - limit} more (reqtrace diff --format json lists them all)`] : [];
    if (entries.length > FOLD_AFTER) out.push('<details>', `<summary>${summary}</summary>`, '', ...shown, ...more, '', '</details>', '');
    else out.push(...shown, ...more, '');
  };
  const fields = (changes: readonly FieldChange[]): string[] => changes.map((f) => `  - ${f.field}: ${mdWords(f.words)}`);

  out.push(`## Requirements diff: ${revisionName(diff.base, code)} → ${revisionName(diff.head, code)}`, '', mdText(summaryLine(diff)), '');
  const { items, links, coverage, impact } = diff;
  out.push('### Coverage', '', '| | before | after |', '|---|---:|---:|');
  for (const [name, before, after] of coverageRows(coverage.before, coverage.after)) out.push(`| ${name} | ${before} | ${before === after ? after : `**${after}**`} |`);
  out.push('');
  if (coverage.changed.length > 0) {
    const rows = coverage.changed.map((item) => `| ${label(item)}${item.was ? ` (was ${mdText(item.was)})` : ''} | ${stateWords(item.kind, item.before)} | ${stateWords(item.kind, item.after)} |`);
    const table = ['| Coverage moved | before | after |', '|---|---|---|', ...rows.slice(0, limit)];
    if (rows.length > limit) table.push(`| … and ${rows.length - limit} more | | |`);
    if (rows.length > FOLD_AFTER) out.push('<details>', `<summary>${plural(rows.length, 'need or requirement', 'needs and requirements')} moved</summary>`, '', ...table, '', '</details>', '');
    else out.push(...table, '');
  }
  list(`Changed (${items.changed.length})`, items.changed.map((item) => [`- ${label(item)}`, ...fields(item.fields)]), `${items.changed.length} changed`);
  list(`Added (${items.added.length})`, items.added.map((item) => [`- ${label(item)}`]), `${items.added.length} added`);
  list(`Removed (${items.removed.length})`, items.removed.map((item) => [`- ${label(item)} (base)`]), `${items.removed.length} removed`);
  list(`Renamed (${items.renamed.length})`, items.renamed.map((item) => [`- **${mdText(item.from.id)}** → ${label(item.to)}`, ...fields(item.fields)]), `${items.renamed.length} renamed`);
  const linkEntry = (sign: string, link: LinkChange): string[] => [`- ${sign} **${mdText(link.from.id)}** ${link.field} **${mdText(link.to)}** · ${mdPlace(link.from)}`];
  list(`Links (${links.added.length} added, ${links.removed.length} removed)`, [...links.added.map((link) => linkEntry('added:', link)), ...links.removed.map((link) => linkEntry('removed:', link))], `${links.added.length + links.removed.length} links`);
  if (impact.length > 0) {
    out.push(`### Impact: ${plural(diff.summary.toReRead, 'item')} to re-read`, '');
    for (const entry of impact.slice(0, limit)) {
      const what = `${entry.change}${entry.downstream.length === 0 ? ': nothing downstream' : `: ${plural(entry.downstream.length, 'item')} downstream`}`;
      const lines = entry.downstream.slice(0, limit).map((d) => `- ${d.path.map(mdText).join(' → ')} · ${mdPlace(d)}`);
      if (entry.downstream.length > limit) lines.push(`- … and ${entry.downstream.length - limit} more`);
      // A <summary> is HTML, where Markdown marks would show as typed.
      if (entry.downstream.length > FOLD_AFTER) out.push('<details>', `<summary><b>${html(entry.id)}</b> ${KIND_NOUN[entry.kind]} ${html(entry.title)} · ${html(entry.file)}:${entry.line} ${what}</summary>`, '', ...lines, '', '</details>', '');
      else out.push(`- ${label(entry)} ${what}`, ...lines.map((line) => `  ${line}`), '');
    }
    if (impact.length > limit) out.push(`- … and ${impact.length - limit} more changes (reqtrace diff --format json lists them all)`, '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
