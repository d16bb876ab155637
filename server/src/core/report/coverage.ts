/**
 * The coverage model. A need is covered when a live requirement satisfies it, and traced end to end
 * when one of those requirements is covered by a live ITT clause. A requirement is covered when a
 * live clause covers it; one with a waiver is a justified gap, counted apart from covered and
 * uncovered. Withdrawn items count for nothing.
 */
import type { IndexReader } from '../index/store';
import { stateOf } from '../query/trace';
import { LineIndex } from '../lines';
import { isWithdrawn, type Item, type Status } from '../model';
import type { ParsedFile } from '../parse/parse';
import { compareIds, compareItems } from '../order';
import { fileFieldValues, type FieldValue } from '../parse/itemValues';

export type NeedState = 'traced' | 'covered' | 'uncovered';
export type RequirementState = 'covered' | 'waived' | 'uncovered';

export interface ItemRef {
  readonly id: string;
  readonly title: string;
  readonly uri: string;
  /** 1-based line of the item's id. */
  readonly line: number;
}

export interface NeedCounts {
  total: number;
  covered: number;
  traced: number;
  uncovered: number;
}
export interface RequirementCounts {
  total: number;
  covered: number;
  waived: number;
  uncovered: number;
}

export interface TraceRow {
  readonly need: ItemRef & { readonly state: NeedState; readonly departments: readonly string[]; readonly priority?: string };
  readonly requirements: readonly RequirementTrace[];
}
export interface RequirementTrace {
  readonly requirement: ItemRef & { readonly state: RequirementState; readonly priority?: string };
  readonly clauses: readonly (ItemRef & { readonly response?: string; readonly weighting?: number })[];
}

/**
 * One ITT file (a section of the evaluation) with scored clauses: what their weightings total
 * against its `weighting-budget`, and its share of the quality score. Each section is totalled on
 * its own: the weightings of two sections added together mean nothing.
 */
export interface SectionWeighting {
  readonly uri: string;
  /** `section` as written (e.g. "3"), if given. */
  readonly section?: string;
  /** The file's `title`, if given. */
  readonly title?: string;
  /** How many live scored clauses it has. */
  readonly scored: number;
  /** What their weightings total. */
  readonly weighting: number;
  /** What they should total: `weighting-budget`, default 100. */
  readonly budget: number;
  /** `section-weight`: its share of the quality score in percent, if given. */
  readonly weight?: number;
}

export interface Coverage {
  readonly totals: {
    readonly needs: NeedCounts;
    readonly requirements: RequirementCounts;
    readonly clauses: { total: number; scored: number; passFail: number; information: number; empty: number };
    /** Each section's scored weightings, in path order. */
    readonly sections: readonly SectionWeighting[];
    readonly withdrawn: number;
  };
  /** In department order, the cross-cutting row (NO_DEPARTMENT) last. */
  readonly byDepartment: readonly DepartmentCoverage[];
  readonly byPriority: readonly { readonly priority: string; readonly needs: NeedCounts; readonly requirements: RequirementCounts }[];
  readonly gaps: {
    readonly uncoveredNeeds: readonly ItemRef[];
    readonly needsNotTraced: readonly ItemRef[];
    readonly uncoveredRequirements: readonly (ItemRef & { readonly priority?: string })[];
    readonly waivedRequirements: readonly (ItemRef & { readonly reason: string })[];
    readonly emptyClauses: readonly ItemRef[];
  };
  /** need → requirements → clauses, in id order; requirements that satisfy no need come last. */
  readonly matrix: readonly TraceRow[];
  readonly requirementsWithoutNeed: readonly RequirementTrace[];
  /** What is asked of bidders: the live requirements a live clause covers, by status, and those not agreed with the clauses that ask for them (in id order). */
  readonly asked: {
    readonly agreed: number;
    readonly proposed: number;
    readonly draft: number;
    readonly notAgreed: readonly (ItemRef & { readonly status: Exclude<Status, 'agreed' | 'withdrawn'>; readonly clauses: readonly string[] })[];
  };
}

/**
 * One department's coverage: its counts, and the needs and requirements behind the gaps in them, for
 * the report's drill-down. A need counts for each department it names; a requirement for each
 * department of the needs it meets. The cross-cutting row (NO_DEPARTMENT) has the needs that name
 * no department and the requirements that meet no need that names one.
 */
export interface DepartmentCoverage {
  readonly department: string;
  readonly needs: NeedCounts;
  readonly requirements: RequirementCounts;
  /** Its needs no live requirement meets, in id order. */
  readonly needsNotMet: readonly ItemRef[];
  /** Its needs a live requirement meets but not traced end to end (no live clause asks for one), in id order. */
  readonly needsNotTraced: readonly ItemRef[];
  /** Its requirements no live clause covers and no waiver excuses: must-haves first, then in id order. */
  readonly requirementsNotAsked: readonly (ItemRef & { readonly priority?: string })[];
}

const PRIORITY_ORDER = ['must', 'should', 'could', 'wont'];
export const NO_PRIORITY = '(none)';
/** The department row of needs that name none, and of requirements that meet no need that names one: cross-cutting, not a gap. */
export const NO_DEPARTMENT = 'Cross-cutting (no department named)';

export function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}

/** Share of needs traced end to end, the headline figure. */
export function tracedPercent(coverage: Coverage): number {
  return percent(coverage.totals.needs.traced, coverage.totals.needs.total);
}

/** Share of requirements covered, waived ones left out of both sides. */
export function requirementsCoveredPercent(coverage: Coverage): number {
  const r = coverage.totals.requirements;
  return percent(r.covered, r.covered + r.uncovered);
}

/**
 * The coverage model of the workspace. `linesOf` gives a file's line index; a caller that already
 * holds them (the CLI, for its findings) passes its own so no file is scanned twice.
 */
export function computeCoverage(index: IndexReader, linesOf: (uri: string) => LineIndex = lineIndexCache(index)): Coverage {
  const lineOf = (item: Item): number => linesOf(item.uri).position(item.idSpan.start).line + 1;
  const ref = (item: Item): ItemRef => ({ id: item.id, title: item.title ?? '', uri: item.uri, line: lineOf(item) });
  const byId = compareItems;

  const needs: Item[] = [];
  const requirements: Item[] = [];
  const clauses: Item[] = [];
  let withdrawn = 0;
  for (const item of index.allItems()) {
    if (isWithdrawn(item)) withdrawn++;
    else if (item.kind === 'needs') needs.push(item);
    else if (item.kind === 'requirements') requirements.push(item);
    else clauses.push(item);
  }
  needs.sort(byId);
  requirements.sort(byId);
  clauses.sort(byId);

  // Live clauses of each requirement id, and live requirements of each need id.
  const clausesOf = new Map<string, Item[]>();
  const liveRequirementIds = new Set(requirements.map((r) => r.id));
  const emptyClauses: Item[] = [];
  for (const clause of clauses) {
    for (const link of clause.links) {
      if (link.field !== 'covers' || !liveRequirementIds.has(link.to)) continue;
      const list = clausesOf.get(link.to);
      if (list) {
        if (!list.includes(clause)) list.push(clause);
      } else clausesOf.set(link.to, [clause]);
    }
    if (stateOf(index, clause) === 'empty') emptyClauses.push(clause);
  }
  const needIds = new Set(needs.map((n) => n.id));
  const requirementsOf = new Map<string, Item[]>();
  const requirementState = new Map<Item, RequirementState>();
  for (const requirement of requirements) {
    requirementState.set(requirement, stateOf(index, requirement) as RequirementState);
    for (const link of requirement.links) {
      if (link.field !== 'satisfies' || !needIds.has(link.to)) continue;
      const list = requirementsOf.get(link.to);
      if (list) {
        if (!list.includes(requirement)) list.push(requirement);
      } else requirementsOf.set(link.to, [requirement]);
    }
  }
  const needState = (need: Item): NeedState => stateOf(index, need) as NeedState;

  const newNeedCounts = (): NeedCounts => ({ total: 0, covered: 0, traced: 0, uncovered: 0 });
  const newRequirementCounts = (): RequirementCounts => ({ total: 0, covered: 0, waived: 0, uncovered: 0 });
  const countNeed = (counts: NeedCounts, state: NeedState): void => {
    counts.total++;
    if (state === 'uncovered') counts.uncovered++;
    else {
      counts.covered++;
      if (state === 'traced') counts.traced++;
    }
  };
  const countRequirement = (counts: RequirementCounts, state: RequirementState): void => {
    counts.total++;
    counts[state]++;
  };

  const needTotals = newNeedCounts();
  const requirementTotals = newRequirementCounts();
  type Department = { needs: NeedCounts; requirements: RequirementCounts; needsNotMet: ItemRef[]; needsNotTraced: ItemRef[]; requirementsNotAsked: (ItemRef & { priority?: string })[] };
  const departments = new Map<string, Department>();
  const departmentEntry = (key: string): Department => {
    let entry = departments.get(key);
    if (!entry) departments.set(key, (entry = { needs: newNeedCounts(), requirements: newRequirementCounts(), needsNotMet: [], needsNotTraced: [], requirementsNotAsked: [] }));
    return entry;
  };
  const priorities = new Map<string, { needs: NeedCounts; requirements: RequirementCounts }>();
  const bucket = (map: typeof priorities, key: string): { needs: NeedCounts; requirements: RequirementCounts } => {
    let entry = map.get(key);
    if (!entry) map.set(key, (entry = { needs: newNeedCounts(), requirements: newRequirementCounts() }));
    return entry;
  };
  const departmentsOfRequirement = new Map<Item, Set<string>>();

  const matrix: TraceRow[] = [];
  const uncoveredNeeds: ItemRef[] = [];
  const needsNotTraced: ItemRef[] = [];
  // Rows spell out each ref's fields instead of spreading ref(): on 10,000 items the spreads took a
  // third of this function. A requirement that satisfies several needs shows one trace, built once;
  // its clauses are in id order already, as the clauses were when clausesOf was filled.
  const traces = new Map<Item, RequirementTrace>();
  const traceOf = (requirement: Item): RequirementTrace => {
    let trace = traces.get(requirement);
    if (!trace) {
      const { id, title, uri, priority } = requirement;
      trace = {
        requirement: { id, title: title ?? '', uri, line: lineOf(requirement), state: requirementState.get(requirement) ?? 'uncovered', priority },
        clauses: (clausesOf.get(id) ?? []).map((c) => ({ id: c.id, title: c.title ?? '', uri: c.uri, line: lineOf(c), response: c.response, weighting: c.weighting })),
      };
      traces.set(requirement, trace);
    }
    return trace;
  };
  for (const need of needs) {
    const state = needState(need);
    countNeed(needTotals, state);
    const needDepartments = need.departments.length > 0 ? need.departments : [NO_DEPARTMENT];
    // The same ref in the gaps and in each of its departments' lists.
    const gap = state === 'traced' ? undefined : ref(need);
    for (const name of new Set(needDepartments)) {
      const entry = departmentEntry(name);
      countNeed(entry.needs, state);
      if (gap) (state === 'uncovered' ? entry.needsNotMet : entry.needsNotTraced).push(gap);
    }
    countNeed(bucket(priorities, need.priority ?? NO_PRIORITY).needs, state);
    if (gap) (state === 'uncovered' ? uncoveredNeeds : needsNotTraced).push(gap);
    // In id order already, as the requirements were when requirementsOf was filled.
    const met = requirementsOf.get(need.id) ?? [];
    for (const requirement of met) {
      let set = departmentsOfRequirement.get(requirement);
      if (!set) departmentsOfRequirement.set(requirement, (set = new Set()));
      for (const department of needDepartments) set.add(department);
    }
    const row = { id: need.id, title: need.title ?? '', uri: need.uri, line: lineOf(need), state, departments: need.departments, priority: need.priority };
    matrix.push({ need: row, requirements: met.map(traceOf) });
  }

  const uncoveredRequirements: (ItemRef & { priority?: string })[] = [];
  const waivedRequirements: (ItemRef & { reason: string })[] = [];
  const requirementsWithoutNeed: RequirementTrace[] = [];
  const asked = { agreed: 0, proposed: 0, draft: 0, notAgreed: [] as (ItemRef & { status: 'proposed' | 'draft'; clauses: string[] })[] };
  for (const requirement of requirements) {
    const state = requirementState.get(requirement) ?? 'uncovered';
    if (state === 'covered') {
      const status = requirement.status === 'agreed' ? 'agreed' : requirement.status === 'proposed' ? 'proposed' : 'draft';
      asked[status]++;
      if (status !== 'agreed') asked.notAgreed.push({ ...ref(requirement), status, clauses: [...new Set((clausesOf.get(requirement.id) ?? []).map((c) => c.id))] });
    }
    countRequirement(requirementTotals, state);
    countRequirement(bucket(priorities, requirement.priority ?? NO_PRIORITY).requirements, state);
    const { id, title, uri, priority, waiverReason } = requirement;
    const notAsked = state === 'uncovered' ? { id, title: title ?? '', uri, line: lineOf(requirement), priority } : undefined;
    for (const name of departmentsOfRequirement.get(requirement) ?? [NO_DEPARTMENT]) {
      const entry = departmentEntry(name);
      countRequirement(entry.requirements, state);
      if (notAsked) entry.requirementsNotAsked.push(notAsked);
    }
    if (notAsked) uncoveredRequirements.push(notAsked);
    if (state === 'waived') waivedRequirements.push({ id, title: title ?? '', uri, line: lineOf(requirement), reason: waiverReason ?? '' });
    if (!requirement.links.some((l) => l.field === 'satisfies' && needIds.has(l.to))) {
      requirementsWithoutNeed.push(traceOf(requirement));
    }
  }
  const mustFirst = (a: ItemRef & { priority?: string }, b: ItemRef & { priority?: string }): number =>
    priorityRank(a.priority) - priorityRank(b.priority) || compareIds(a.id, b.id) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.line - b.line);
  uncoveredRequirements.sort(mustFirst);
  for (const entry of departments.values()) entry.requirementsNotAsked.sort(mustFirst);

  return {
    totals: {
      needs: needTotals,
      requirements: requirementTotals,
      clauses: {
        total: clauses.length,
        scored: clauses.filter((c) => c.response === 'scored').length,
        passFail: clauses.filter((c) => c.response === 'pass-fail').length,
        information: clauses.filter((c) => c.response === 'information').length,
        empty: emptyClauses.length,
      },
      sections: sectionWeightings(index, clauses),
      withdrawn,
    },
    byDepartment: [...departments.entries()]
      .sort(([a], [b]) => (a === NO_DEPARTMENT ? 1 : b === NO_DEPARTMENT ? -1 : a.localeCompare(b)))
      .map(([department, counts]) => ({ department, ...counts })),
    byPriority: [...priorities.entries()]
      .sort(([a], [b]) => priorityRank(a) - priorityRank(b))
      .map(([priority, counts]) => ({ priority, ...counts })),
    gaps: { uncoveredNeeds, needsNotTraced, uncoveredRequirements, waivedRequirements, emptyClauses: emptyClauses.map(ref) },
    matrix,
    requirementsWithoutNeed,
    asked,
  };
}

/** The scored weightings of each ITT file that has live scored clauses, in path order. */
function sectionWeightings(index: IndexReader, liveClauses: readonly Item[]): SectionWeighting[] {
  const scoredOf = new Map<string, Item[]>();
  for (const clause of liveClauses) {
    if (clause.response !== 'scored') continue;
    const list = scoredOf.get(clause.uri);
    if (list) list.push(clause);
    else scoredOf.set(clause.uri, [clause]);
  }
  return [...scoredOf.keys()].sort().map((uri) => sectionWeighting(uri, index.file(uri), scoredOf.get(uri) ?? []));
}

/**
 * An ITT file's own fields, read from its text once per version of the file (an edit makes a new
 * ParsedFile): the report, the Gaps and Matrix views and the weighting hover each ask for them.
 */
function ownFields(file: ParsedFile): Readonly<Record<string, FieldValue>> {
  let fields = ownFieldsRead.get(file);
  if (!fields) ownFieldsRead.set(file, (fields = fileFieldValues(file)));
  return fields;
}
const ownFieldsRead = new WeakMap<ParsedFile, Readonly<Record<string, FieldValue>>>();

/** One section's scored weightings: `scored` are its live scored clauses, `file` the ITT file that gives its budget, number, title and weight. */
export function sectionWeighting(uri: string, file: ParsedFile | undefined, scored: readonly Item[]): SectionWeighting {
  const fields = file ? ownFields(file) : {};
  const { section, title } = fields;
  const budget = fields['weighting-budget'];
  const weight = fields['section-weight'];
  return {
    uri,
    ...(typeof section === 'string' || typeof section === 'number' ? { section: String(section) } : {}),
    ...(typeof title === 'string' && title.trim() !== '' ? { title } : {}),
    scored: scored.length,
    weighting: scored.reduce((sum, clause) => sum + (clause.weighting ?? 0), 0),
    budget: typeof budget === 'number' && budget > 0 ? budget : 100,
    ...(typeof weight === 'number' ? { weight } : {}),
  };
}

function priorityRank(priority: string | undefined): number {
  const rank = PRIORITY_ORDER.indexOf(priority ?? '');
  return rank === -1 ? PRIORITY_ORDER.length : rank;
}

/** One line index per file, made when first asked for. */
function lineIndexCache(index: IndexReader): (uri: string) => LineIndex {
  const lineIndexes = new Map<string, LineIndex>();
  return (uri) => {
    let lines = lineIndexes.get(uri);
    if (!lines) lineIndexes.set(uri, (lines = new LineIndex(index.file(uri)?.text ?? '')));
    return lines;
  };
}
