/**
 * The requirements diff (diff.ts) as one HTML page for an editor's webview: the same sections as the
 * Markdown (diffRender.ts), with removed words struck through (<del>) and added words in bold
 * (<ins>), so a change reads without colour. Every piece of user text is escaped; the page loads
 * nothing and runs one script, allowed by the nonce, that posts the number of a clicked id's place.
 * The caller numbers the places (`placeOf`), so the webview can only ask to open what it was given.
 */
import { KIND_NOUN, type Kind } from '../model';
import { esc, htmlPage } from '../report/html';
import type { DiffItem, FieldChange, LinkChange, RequirementsDiff } from './diff';
import { coverageRows, revisionName, stateWords, summaryLine } from './diffRender';
import type { WordSegment } from './wordDiff';

/** An id shown in the page, and which side of the diff it was read on. */
export interface ShownId {
  readonly id: string;
  /** Absent for the ids of an impact path between its two ends. */
  readonly kind?: Kind;
  readonly file?: string;
  readonly line?: number;
  readonly side: 'base' | 'head';
}

export interface DiffHtmlOptions {
  /** The number of the place an id opens, or undefined when it opens nothing. */
  readonly placeOf: (shown: ShownId) => number | undefined;
  /** Lets the page's one script run; without it (or with one that is not base64) the page has no script. */
  readonly nonce?: string;
}

export function diffHtml(diff: RequirementsDiff, options: DiffHtmlOptions): string {
  const nonce = options.nonce && /^[A-Za-z0-9+/=]+$/.test(options.nonce) ? options.nonce : undefined;
  const id = (shown: ShownId): string => {
    // Asked whether or not the page links it: the caller's places list every id the diff shows.
    const place = options.placeOf(shown);
    return place === undefined || !nonce ? `<span class="id">${esc(shown.id)}</span>` : `<a class="id" href="#" data-place="${place}">${esc(shown.id)}</a>`;
  };
  const at = (item: DiffItem): string => `<span class="place">${esc(`${item.file}:${item.line}`)}</span>`;
  const label = (item: DiffItem, side: 'base' | 'head'): string =>
    `${id({ ...item, side })} <span class="kind">${KIND_NOUN[item.kind]}</span>${item.title ? ` <span class="title">${esc(item.title)}</span>` : ''} ${at(item)}`;
  const words = (segments: readonly WordSegment[]): string =>
    segments.map((s) => (s.kind === 'same' ? esc(s.text) : s.kind === 'removed' ? `<del>${esc(s.text)}</del>` : `<ins>${esc(s.text)}</ins>`)).join(' ');
  const fields = (changes: readonly FieldChange[]): string =>
    changes.length === 0 ? '' : `<ul class="fields">${changes.map((f) => `<li><span class="field">${esc(f.field)}</span>: ${words(f.words)}</li>`).join('')}</ul>`;
  const parts: string[] = [];
  const section = (heading: string, entries: readonly string[]): void => {
    if (entries.length === 0) return;
    parts.push(`<h2>${esc(heading)}</h2>`, `<ul>${entries.map((entry) => `<li>${entry}</li>`).join('')}</ul>`);
  };

  const title = `Requirements diff: ${revisionName(diff.base, (text) => text)} → ${revisionName(diff.head, (text) => text)}`;
  parts.push(`<h1>${esc(title)}</h1>`, `<p class="summary">${esc(summaryLine(diff))}</p>`);
  const { items, links, coverage, impact, summary } = diff;
  if (summary.changed + summary.added + summary.removed + summary.renamed + summary.linksAdded + summary.linksRemoved === 0) parts.push('<p class="none">No item or link differs.</p>');

  parts.push('<h2>Coverage</h2>', '<table><thead><tr><th></th><th>before</th><th>after</th></tr></thead><tbody>');
  for (const [name, before, after] of coverageRows(coverage.before, coverage.after)) {
    parts.push(`<tr><th scope="row">${esc(name)}</th><td>${esc(before)}</td><td>${before === after ? esc(after) : `<strong>${esc(after)}</strong>`}</td></tr>`);
  }
  parts.push('</tbody></table>');
  if (coverage.changed.length > 0) {
    parts.push('<table><thead><tr><th>Coverage moved</th><th>before</th><th>after</th></tr></thead><tbody>');
    for (const item of coverage.changed) {
      parts.push(`<tr><td>${label(item, 'head')}${item.was ? ` (was ${esc(item.was)})` : ''}</td><td>${esc(stateWords(item.kind, item.before))}</td><td>${esc(stateWords(item.kind, item.after))}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }

  section(`Changed (${items.changed.length})`, items.changed.map((item) => `${label(item, 'head')}${fields(item.fields)}`));
  section(`Added (${items.added.length})`, items.added.map((item) => label(item, 'head')));
  section(`Removed (${items.removed.length})`, items.removed.map((item) => `${label(item, 'base')} <span class="side">(base)</span>`));
  section(`Renamed (${items.renamed.length})`, items.renamed.map((item) => `${id({ ...item.from, side: 'base' })} → ${label(item.to, 'head')}${fields(item.fields)}`));
  const link = (change: LinkChange, side: 'base' | 'head'): string =>
    `<span class="sign">${side === 'head' ? 'added:' : 'removed:'}</span> ${id({ ...change.from, side })} ${esc(change.field)} ${change.target ? id({ ...change.target, side }) : `<span class="id broken">${esc(change.to)}</span>`} ${at(change.from)}${side === 'base' ? ' <span class="side">(base)</span>' : ''}`;
  section(`Links (${links.added.length} added, ${links.removed.length} removed)`, [...links.added.map((change) => link(change, 'head')), ...links.removed.map((change) => link(change, 'base'))]);

  if (impact.length > 0) {
    parts.push(`<h2>${esc(`Impact: ${summary.toReRead} ${summary.toReRead === 1 ? 'item' : 'items'} to re-read`)}</h2>`, '<ul>');
    for (const entry of impact) {
      const side = entry.change === 'removed' ? 'base' : 'head';
      const downstream = entry.downstream.map((d) => {
        // The path's ends are the changed item and the one to re-read; the ids between are named by id alone.
        const path = d.path.map((step, n) => (n === d.path.length - 1 ? id({ ...d, side: 'head' }) : n === 0 ? id({ ...entry, side }) : id({ id: step, side: 'head' })));
        return `<li>${path.join(' → ')} ${at(d)}</li>`;
      });
      const what = `${entry.change}${entry.downstream.length === 0 ? ', nothing downstream' : `: ${entry.downstream.length} downstream`}`;
      parts.push(`<li>${label(entry, side)} <span class="change">${esc(what)}</span>${downstream.length > 0 ? `<ul>${downstream.join('')}</ul>` : ''}</li>`);
    }
    parts.push('</ul>');
  }
  return htmlPage({ title, style: STYLE, body: parts, nonce, script: WEBVIEW_SCRIPT });
}

/** In a webview only: clicking an id posts the number of its place; nothing else is sent. */
const WEBVIEW_SCRIPT = `(function () {
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a.id') : null;
    if (!link || !vscode) return;
    event.preventDefault();
    vscode.postMessage({ type: 'open', place: Number(link.getAttribute('data-place')) });
  });
})();`;

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem; color: var(--vscode-foreground, #1b1b1b); background: var(--vscode-editor-background, #fff); }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; border-bottom: 1px solid #8884; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } th, td { border: 1px solid #8886; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td { font-variant-numeric: tabular-nums; }
.id { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 600; white-space: nowrap; }
.id.broken { text-decoration: underline wavy; }
.place, .side, .kind { opacity: .75; font-size: .9em; } .place { font-family: ui-monospace, Menlo, Consolas, monospace; }
.field { font-style: italic; }
del { text-decoration: line-through; color: #b3261e; } ins { text-decoration: underline; font-weight: 700; color: #0b6b2e; }
@media (prefers-color-scheme: dark) { del { color: #f28b82; } ins { color: #81c995; } }
`;
