/** Hover on an id or a link: what the item is, its text, and its trace in words and symbols. */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { applySeverity, ruleFor, type SeveritySetting } from '../../core/checks/registry';
import type { Workspace } from '../../core/analysis/workspace';
import { targetAt, targetId } from '../../core/query/lookup';
import { baseName, isWithdrawn, KIND_NOUN, LINK_TARGET, type Finding, type Item } from '../../core/model';
import { sectionWeighting } from '../../core/report/coverage';
import { sectionName, sectionValue } from '../../core/report/context';
import { figure } from '../../core/checks/places';
import { traceOf } from '../../core/query/trace';
import { isSuspect, targetOf } from '../../core/query/review';
import type { SinceStamp } from '../../core/change/sinceStamp';
import { EARS_SHAPES, earsPattern } from '../../core/checks/wording/ears';
import { linesOf, toOffset, toRange, type OpenDocuments } from '../convert';

/**
 * The hover at a position: what the id or link there names, and the help of every rule with a
 * finding there (`severity` is the folder's, so findings turned off explain nothing).
 */
export function hover(index: Workspace, params: HoverParams, open?: OpenDocuments, severity: Readonly<Record<string, SeveritySetting>> = {}, since?: SinceStamp): Hover | null {
  const file = index.file(params.textDocument.uri);
  if (!file) return null;
  const offset = toOffset(file, params.position, open);
  const here = applySeverity(index.check(file.uri), severity).filter((finding) => finding.span.start <= offset && offset <= finding.span.end);
  // On a weighting-total finding, the sum it reports is shown clause by clause.
  const sum = here.some((finding) => finding.code === 'weighting-total') ? describeSection(index, file.uri) : undefined;
  const help = [sum, findingsHelp(here)].filter(Boolean).join('\n\n---\n\n') || undefined;
  const withHelp = (value: string): string => (help ? `${value}\n\n---\n\n${help}` : value);
  const target = targetAt(file, offset);
  if (!target) return help ? { contents: { kind: MarkupKind.Markdown, value: help } } : null;
  const id = targetId(target);
  const range = toRange(linesOf(file, open), target.kind === 'definition' ? target.item.idSpan : target.link.span);
  const wanted = target.kind === 'link' ? LINK_TARGET[target.link.field] : undefined;
  const item = index.item(id, wanted);
  if (!item) return { range, contents: { kind: MarkupKind.Markdown, value: withHelp(`**${md(id)}** — no item has this id.`) } };
  const changed = target.kind === 'link' && since && isSuspect(index, target.link, (linked) => index.context.fingerprint(linked)) ? `\n\n---\n\n${describeSince(item, target.link.stamp as string, since)}` : '';
  return { range, contents: { kind: MarkupKind.Markdown, value: withHelp(describeItem(index, item) + changed) } };
}

/** The link at the position when it is suspect: the item it points to and its stamp, for what changed since (see StampHistory). */
export function suspectLinkAt(index: Workspace, params: HoverParams, open?: OpenDocuments): { readonly target: Item; readonly stamp: string } | undefined {
  const file = index.file(params.textDocument.uri);
  const target = file && targetAt(file, toOffset(file, params.position, open));
  if (target?.kind !== 'link' || !isSuspect(index, target.link, (linked) => index.context.fingerprint(linked))) return undefined;
  const linked = targetOf(index, target.link);
  return linked && target.link.stamp !== undefined ? { target: linked, stamp: target.link.stamp } : undefined;
}

/** What changed in `item` since `stamp`, as the hover shows it: each changed field with its removed words struck through and its new words in bold. */
function describeSince(item: Item, stamp: string, since: SinceStamp): string {
  const heading = `**What changed in ${md(item.id)} since this link was reviewed**`;
  if ('problem' in since) return `${heading} cannot be shown: ${md(since.problem)}.`;
  if ('notFound' in since) {
    return `${heading} cannot be shown: none of the ${since.searched} versions of ${md(baseName(item.uri))} in git history (the last ${since.commits} commits at most) has its fingerprint ${stamp}. Re-read ${md(item.id)} as it is now.`;
  }
  const lines = since.changes.map((change) => `- *${change.field}*: ${change.segments.map((segment) => (segment.kind === 'same' ? md(segment.text) : segment.kind === 'removed' ? `~~${md(segment.text)}~~` : `**${md(segment.text)}**`)).join(' ')}`);
  return [`${heading} (as written at commit \`${since.commit.slice(0, 10)}\`; struck through: gone, in bold: new):`, '', ...lines].join('\n');
}

/** The help of each rule with one of `here`'s findings, from the registry, in Markdown. */
function findingsHelp(here: readonly Finding[]): string | undefined {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const finding of here) {
    const rule = ruleFor(finding.code);
    if (!rule || seen.has(rule.code)) continue;
    seen.add(rule.code);
    parts.push(`**\`${rule.code}\`** (${finding.severity}) — ${rule.summary}\n\n${rule.help}`);
  }
  return parts.length > 0 ? parts.join('\n\n---\n\n') : undefined;
}

/** The hover text of an item. */
export function describeItem(index: Workspace, item: Item): string {
  const trace = traceOf(index, item);
  const facts = [KIND_NOUN[item.kind], item.priority, item.status, item.type, item.response === 'scored' && item.weighting !== undefined ? `scored, weighting ${item.weighting}` : item.response]
    .filter((f): f is string => Boolean(f))
    .map(md);
  const lines: string[] = [`**${md(item.id)}** ${item.title ? `— ${md(item.title)}` : ''}`, '', `*${facts.join(' · ')}*`];
  if (item.kind === 'needs') {
    const gds = [item.as && `As ${md(item.as)},`, item.text && md(item.text), item.soThat && `so that ${md(item.soThat.replace(/^so that\s+/i, ''))}`].filter(Boolean);
    if (gds.length > 0) lines.push('', gds.join(' '));
    if (item.departments.length > 0) lines.push('', `Departments: ${item.departments.map(md).join(', ')}`);
  } else if (item.text) {
    lines.push('', md(item.text));
    if (item.kind === 'requirements') {
      const pattern = earsPattern(item.text);
      lines.push('', pattern ? `EARS: ${pattern} (${md(EARS_SHAPES[pattern])})` : 'EARS: follows none of the patterns');
    }
  }
  if (item.waiverReason !== undefined) lines.push('', `Waived: ${md(item.waiverReason)}`);

  const ids = (items: readonly Item[]): string => items.map((i) => md(i.id)).join(', ');
  const up = (field: string): Item[] => trace.upstream.filter((u) => u.field === field).map((u) => u.item);
  const down = (field: string): Item[] => trace.downstream.filter((d) => d.field === field).map((d) => d.item);
  lines.push('', '---', '');
  switch (item.kind) {
    case 'needs': {
      const requirements = down('satisfies');
      if (trace.state === 'uncovered') lines.push(`✗ ${md(item.id)} — not covered: no requirement satisfies it`);
      else if (trace.state === 'withdrawn') lines.push(`${md(item.id)} — withdrawn`);
      else {
        const via = trace.viaClauses.length > 0 ? ` → ✓ traced end to end via ${ids(trace.viaClauses)}` : ' → ✗ not in the ITT: no clause covers these requirements';
        lines.push(`${trace.viaClauses.length > 0 ? '✓' : '◐'} ${md(item.id)} — covered by ${ids(requirements)}${via}`);
      }
      break;
    }
    case 'requirements': {
      const needs = up('satisfies');
      const parents = up('parent');
      const clauses = down('covers');
      const children = down('parent');
      if (needs.length > 0) lines.push(`↑ satisfies ${ids(needs)}  `);
      if (parents.length > 0) lines.push(`↑ refines ${ids(parents)}  `);
      if (children.length > 0) lines.push(`↓ refined by ${ids(children)}  `);
      if (trace.state === 'covered') lines.push(`✓ covered by ${ids(clauses)}`);
      else if (trace.state === 'waived') lines.push('◐ waived: no ITT clause needed');
      else if (trace.state === 'withdrawn') lines.push('withdrawn');
      else lines.push('✗ not covered: no ITT clause asks bidders for it');
      break;
    }
    case 'itt': {
      const requirements = up('covers');
      if (trace.state === 'information') lines.push('information only: asks for no requirement');
      else if (requirements.length > 0) lines.push(`✓ covers ${ids(requirements)}`);
      else lines.push('✗ covers no live requirement');
      const section = item.response === 'scored' && !isWithdrawn(item) ? describeSection(index, item.uri, item) : undefined;
      if (section) lines.push('', section);
      break;
    }
  }
  lines.push('', `*${md(baseName(item.uri))}*`);
  return lines.join('\n');
}

/** At most this many clauses are listed in a section's sum (the one hovered always is). */
const SECTION_LIST_LIMIT = 25;

/**
 * An ITT file's scored weightings in words: what they total against its budget, then each live
 * scored clause's weighting with its share of the section (and of the quality score when the file
 * gives its section-weight); `current`, the clause hovered, in bold.
 */
function describeSection(index: Workspace, uri: string, current?: Item): string | undefined {
  const file = index.file(uri);
  if (!file) return undefined;
  const scored = file.items.filter((clause) => clause.kind === 'itt' && !isWithdrawn(clause) && clause.response === 'scored');
  if (scored.length === 0) return undefined;
  const section = sectionWeighting(uri, file, scored);
  const gap = section.weighting - section.budget;
  const verdict = Math.abs(gap) < 1e-9 ? '✓' : `✗ ${figure(Math.abs(gap))} ${gap < 0 ? 'short' : 'over'}`;
  const lines = [`**${md(sectionName(section, baseName))}**: scored weightings total ${md(sectionValue(section))} ${verdict}`, ''];
  const share = (part: number, whole: number): string => `${figure(Math.round((part / whole) * 1000) / 10)}%`;
  const listed = scored.filter((clause, i) => i < SECTION_LIST_LIMIT || clause === current);
  for (const clause of listed) {
    const name = clause === current ? `**${md(clause.id)}**` : md(clause.id);
    if (clause.weighting === undefined) {
      lines.push(`- ${name}: no weighting yet`);
      continue;
    }
    const ofQuality = section.weight !== undefined ? `, ${share(clause.weighting * section.weight, section.budget * 100)} of the quality score` : '';
    lines.push(`- ${name}: ${figure(clause.weighting)} (${share(clause.weighting, section.budget)} of the section${ofQuality})`);
  }
  if (listed.length < scored.length) lines.push(`- and ${scored.length - listed.length} more`);
  return lines.join('\n');
}

function md(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#]/g, (ch) => `\\${ch}`);
}
