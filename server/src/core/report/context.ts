import { figure } from '../checks/places';
import { NO_DEPARTMENT, percent, type Coverage, type DepartmentCoverage, type ItemRef, type SectionWeighting } from './coverage';
import { applySeverity } from '../checks/registry';
import type { Finding } from '../model';
import type { ExportContext } from './exporter';
import type { Provenance } from './provenance';
import type { TenderSettings } from '../tenderSettings';
import { verdictOf, type Verdict } from './verdict';

/** What every report renderer needs besides the coverage model. */
export interface ReportContext {
  readonly title: string;
  /** How a file is shown and linked in the report (a path relative to the report, say). */
  readonly pathOf: (uri: string) => string;
  /** For an editor's webview: a nonce that lets the report's one script post "open this item" messages. */
  readonly webviewNonce?: string;
  /** The verdict the report opens with, when the findings were worked out (see verdict.ts). */
  readonly verdict?: Verdict;
  /** Where the report came from, shown under its title (see provenanceLines). */
  readonly about?: ReportAbout;
}

/** What a report says of itself: the programme, its marking, when and from what it was made. */
export interface ReportAbout {
  readonly provenance: Provenance;
  /** The config's tender `title` and `classification` (the protective marking). */
  readonly tender?: Pick<TenderSettings, 'title' | 'classification'>;
  readonly version?: string;
  /** Set when the report was made in an editor: from the files as it has them, unsaved edits included, and git not read. */
  readonly inEditor?: boolean;
}

/**
 * The provenance lines under a report's title: programme, protective marking, when it was
 * generated (UTC), the git commit and branch it was made from (and whether the work tree had
 * uncommitted changes), and the reqtrace version. Only what is known.
 */
export function provenanceLines(about: ReportAbout): { label: string; value: string }[] {
  const lines: { label: string; value: string }[] = [];
  if (about.tender?.title) lines.push({ label: 'Programme', value: about.tender.title });
  if (about.tender?.classification) lines.push({ label: 'Protective marking', value: about.tender.classification });
  lines.push({ label: 'Generated', value: `${about.provenance.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` });
  const git = about.provenance.git;
  if (about.inEditor) lines.push({ label: 'From', value: 'the files as the editor has them, unsaved edits included' });
  else if (git?.commit) {
    const where = git.branch ? ` on branch ${git.branch}` : ' (no branch checked out)';
    lines.push({ label: 'From', value: `git commit ${git.commit.slice(0, 12)}${where}${git.dirty ? ', with uncommitted changes' : ''}` });
  } else if (git) lines.push({ label: 'From', value: 'a git work tree with no commit yet' });
  else lines.push({ label: 'From', value: 'files not in a git repository (or git could not be run)' });
  if (about.version) lines.push({ label: 'reqtrace', value: about.version });
  return lines;
}

export const NEED_STATE_WORDS = { traced: 'traced end to end', covered: 'covered, not in the ITT', uncovered: 'not covered' } as const;
export const REQUIREMENT_STATE_WORDS = { covered: 'covered', waived: 'waived', uncovered: 'not covered' } as const;

/** The headline lines every format shows, in the same words; `pathOf` names the ITT files of the sections' weightings. */
export function headline(coverage: Coverage, pathOf: (uri: string) => string): { label: string; value: string }[] {
  const { needs, requirements, clauses, sections, withdrawn } = coverage.totals;
  return [
    { label: 'User needs', value: String(needs.total) },
    { label: 'Needs covered by a requirement', value: `${needs.covered} (${percent(needs.covered, needs.total)}%)` },
    { label: 'Needs traced end to end (need → requirement → ITT clause)', value: `${needs.traced} (${percent(needs.traced, needs.total)}%)` },
    { label: 'Requirements', value: String(requirements.total) },
    {
      label: 'Requirements covered by an ITT clause (waived left out)',
      value: `${requirements.covered} of ${requirements.covered + requirements.uncovered} (${percent(requirements.covered, requirements.covered + requirements.uncovered)}%)`,
    },
    { label: 'Requirements waived', value: String(requirements.waived) },
    { label: 'ITT clauses', value: `${clauses.total} (${clauses.scored} scored, ${clauses.passFail} pass/fail, ${clauses.information} information)` },
    ...sections.map((section) => ({ label: `Weightings of scored clauses: ${sectionName(section, pathOf)}`, value: sectionValue(section) })),
    { label: 'Withdrawn items (not counted)', value: String(withdrawn) },
  ];
}

/** A section as the report names it: its label or title, and its file. */
export function sectionName(section: SectionWeighting, pathOf: (uri: string) => string): string {
  const name = section.section !== undefined ? `Section ${section.section}` : section.title;
  return name !== undefined ? `${name} (${pathOf(section.uri)})` : pathOf(section.uri);
}

/** "95 of 100, 60% of the quality score": what a section's scored weightings total, against its budget. */
export function sectionValue(section: SectionWeighting): string {
  const weight = section.weight !== undefined ? `, ${figure(section.weight)}% of the quality score` : '';
  return `${figure(section.weighting)} of ${figure(section.budget)}${weight}`;
}

export function refLabel(ref: ItemRef): string {
  return ref.title ? `${ref.id} ${ref.title}` : ref.id;
}

/** A relative path as a URL path: each segment encoded, so '#', '?' and spaces in file names survive. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The verdict on a workspace's coverage and findings, the findings judged with the context's verdict severities. */
export function reportVerdict(coverage: Coverage, findings: readonly Finding[], context: Pick<ExportContext, 'verdictSeverity'>): Verdict {
  return verdictOf(coverage, context.verdictSeverity ? applySeverity(findings, context.verdictSeverity) : findings);
}

/** What an exporter's context says of the report's origin. */
export function reportAbout(context: Pick<ExportContext, 'provenance' | 'tender' | 'version' | 'inEditor'>): ReportAbout {
  return {
    provenance: context.provenance,
    ...(context.tender ? { tender: context.tender } : {}),
    ...(context.version ? { version: context.version } : {}),
    ...(context.inEditor ? { inEditor: true } : {}),
  };
}

/** "12 requirements are asked of bidders: 9 agreed, 2 proposed, 1 draft." */
export function askedSummary(asked: Coverage['asked']): string {
  const total = asked.agreed + asked.proposed + asked.draft;
  if (total === 0) return 'No requirement is asked of bidders yet: no live clause covers one.';
  return `${total} ${total === 1 ? 'requirement is' : 'requirements are'} asked of bidders: ${asked.agreed} agreed, ${asked.proposed} proposed, ${asked.draft} draft.${asked.proposed + asked.draft > 0 ? ' Those not agreed may still change after bidders have answered.' : ''}`;
}

/**
 * What a department's drill-down says, in words, before its lists: how many of its needs are traced
 * end to end and what stops the rest, and whether every requirement that meets them is asked of
 * bidders or waived. "All 9 HO needs are traced end to end. All 21 requirements that meet them
 * are asked of bidders or waived."
 */
export function departmentSummary(department: DepartmentCoverage): string {
  const cross = department.department === NO_DEPARTMENT;
  const whose = cross ? 'cross-cutting' : department.department;
  const { needs, requirements } = department;
  const sentences: string[] = [];
  if (needs.total === 0) sentences.push(cross ? 'Every user need names a department.' : `No live user need names ${whose}.`);
  else if (needs.traced === needs.total) sentences.push(needs.total === 1 ? `The one ${whose} need is traced end to end.` : `All ${needs.total} ${whose} needs are traced end to end.`);
  else if (needs.total === 1) sentences.push(`The one ${whose} need is not traced end to end: it is ${department.needsNotMet.length > 0 ? 'met by no requirement' : 'met but not asked of bidders'}.`);
  else {
    const why = [
      ...(department.needsNotMet.length > 0 ? [`${department.needsNotMet.length} met by no requirement`] : []),
      ...(department.needsNotTraced.length > 0 ? [`${department.needsNotTraced.length} met but not asked of bidders`] : []),
    ];
    sentences.push(`${needs.traced} of ${needs.total} ${whose} needs ${needs.traced === 1 ? 'is' : 'are'} traced end to end: ${why.join(', ')}.`);
  }
  const which = cross ? "that meet no department's need" : 'that meet them';
  const notAsked = department.requirementsNotAsked.length;
  // With no requirement at all, the sentence about the needs has said it.
  if (requirements.total > 0 && notAsked === 0) {
    sentences.push(requirements.total === 1 ? `The one requirement ${which.replace('meet ', 'meets ')} is asked of bidders or waived.` : `All ${requirements.total} requirements ${which} are asked of bidders or waived.`);
  } else if (notAsked > 0) {
    sentences.push(
      requirements.total === 1
        ? `The one requirement ${which.replace('meet ', 'meets ')} is neither asked of bidders nor waived.`
        : notAsked === requirements.total
          ? `None of the ${requirements.total} requirements ${which} is asked of bidders or waived.`
          : `${notAsked} of the ${requirements.total} requirements ${which} ${notAsked === 1 ? 'is' : 'are'} neither asked of bidders nor waived.`,
    );
  }
  return sentences.join(' ');
}

/** A department's drill-down lists that have something in them, each with its heading: needs not met, needs not traced, requirements not asked. */
export function departmentLists(department: DepartmentCoverage): { heading: string; refs: readonly (ItemRef & { readonly priority?: string })[] }[] {
  const cross = department.department === NO_DEPARTMENT;
  const { needsNotMet, needsNotTraced, requirementsNotAsked } = department;
  const name = department.department;
  const lists = [
    { heading: `${cross ? 'Needs naming no department that no requirement meets' : `${name} needs no requirement meets`} (${needsNotMet.length})`, refs: needsNotMet },
    { heading: `${cross ? 'Needs naming no department, met but not asked of bidders' : `${name} needs met but not asked of bidders`} (${needsNotTraced.length})`, refs: needsNotTraced },
    {
      heading: `${cross ? "Requirements that meet no department's need" : `Requirements meeting ${name} needs`}, not asked of bidders and not waived (${requirementsNotAsked.length})`,
      refs: requirementsNotAsked,
    },
  ];
  return lists.filter((list) => list.refs.length > 0);
}
