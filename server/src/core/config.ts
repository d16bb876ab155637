/** reqtrace.config.yaml: file globs, severities per code and limits, shared by the CLI and the server. */
import { parseDocument, type Document } from 'yaml';
import { placeIn } from './checks/places';
import { CONFIG_RULES, mergeSeverity, raisedBy, READINESS_STAGES, RULES, runConfigRules, SEVERITY_SETTINGS, type Readiness, type SeverityLayers, type SeveritySetting } from './checks/registry';
import { DEFAULT_FINGERPRINT_FIELDS, FIELDS_OF_KIND, type FingerprintField, type FingerprintFields } from './fingerprint';
import type { Finding, Kind, Severity, Span } from './model';
import { schemaRule, yamlLimit } from './parse/rules';
import { DEFAULT_LIMITS, type ParseLimits } from './parse/parse';
import { validateSchema } from './parse/schema';
import { explainYamlErrors } from './parse/yamlErrors';
import { treeOfDocument } from './parse/tree';
import { DEFAULT_SCORING, type TenderSettings } from './tenderSettings';

export { DEFAULT_SCORING, type Scoring, type TenderSettings } from './tenderSettings';
export type { Readiness } from './checks/registry';

export const CONFIG_FILE_NAME = 'reqtrace.config.yaml';

/** Every finding code with its default severity and what it finds, from the rule registry. */
export const CODES: Readonly<Record<string, { severity: Severity; summary: string }>> = Object.fromEntries(RULES.map((rule) => [rule.code, { severity: rule.severity, summary: rule.summary }]));

export const DEFAULT_FILE_GLOBS: readonly string[] = ['**/*.needs.yaml', '**/*.needs.yml', '**/*.reqs.yaml', '**/*.reqs.yml', '**/*.itt.yaml', '**/*.itt.yml'];
export const ALWAYS_EXCLUDED: readonly string[] = ['**/node_modules/**', '**/.git/**'];

export interface Config {
  readonly files: readonly string[];
  readonly exclude: readonly string[];
  /** Each code's severity as `rules.<code>.severity` and `severity:` set it, merged (see mergeSeverity). */
  readonly severity: Readonly<Record<string, SeveritySetting>>;
  /** The same, layer by layer, for a caller that lays the editor's settings over them. */
  readonly severityLayers: SeverityLayers;
  /** Each rule's options, as `rules.<code>` gives them (its severity aside). */
  readonly ruleOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly limits: ParseLimits;
  /** What a tender pack prints: the programme's title, its marking, the scoring scale and the evaluation split. */
  readonly tender: TenderSettings;
  /** `readiness:` how close to issue the tender is; `tender` raises some findings to errors (see raisedBy). */
  readonly readiness: Readiness;
  /** `suspect-links:` which links are tracked for change (see SuspectLinks); undefined when the config does not say. */
  readonly suspectLinks?: SuspectLinks;
  /** `fingerprint:` the fields each kind's fingerprint reads (defaults for a kind the config does not name). */
  readonly fingerprintFields: FingerprintFields;
  /** `published:` the git revision (a tag) the ITT was published at, when it has been (see changed-after-publication). */
  readonly published?: string;
  /** Where that revision is written in the config, for a finding when it cannot be read. */
  readonly publishedAt?: Span;
}

/**
 * Which links are tracked for change: `stamped` (links written with a stamp; the default), `all`
 * (as stamped, and a link without a stamp is reported: unstamped-link).
 */
export type SuspectLinks = 'stamped' | 'all';
export const SUSPECT_LINKS: readonly SuspectLinks[] = ['stamped', 'all'];

export const DEFAULT_CONFIG: Config = {
  files: DEFAULT_FILE_GLOBS,
  exclude: ALWAYS_EXCLUDED,
  severity: {},
  severityLayers: {},
  ruleOptions: {},
  limits: DEFAULT_LIMITS,
  tender: { scoring: DEFAULT_SCORING },
  readiness: 'drafting',
  fingerprintFields: DEFAULT_FINGERPRINT_FIELDS,
};

/** The longest glob reqtrace accepts. */
export const MAX_GLOB_LENGTH = 256;
/** The most wildcards (`*`, `?`) one part of a glob may hold: each more can multiply matching time. */
export const MAX_WILDCARDS_PER_PART = 3;

/**
 * Why a file glob cannot be used, or undefined when it can. Globs become regular expressions, and
 * some (a*a*a*a*a*a*a*a*b) take minutes to match one long file name; others would select files
 * outside the workspace. Such globs are refused with a reason instead.
 */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `is ${glob.length} characters long; a pattern may have at most ${MAX_GLOB_LENGTH}`;
  if (/^(?:[\\/]|[A-Za-z]:|~)/.test(glob)) return 'is an absolute path; patterns are relative to the workspace folder';
  if (/(?:^|[\\/])\.\.(?:[\\/]|$)/.test(glob)) return "climbs out of the workspace folder with '..'";
  for (const part of glob.split(/[\\/]/)) {
    if (part === '**') continue;
    const wildcards = (part.match(/[*?]/g) ?? []).length;
    if (wildcards > MAX_WILDCARDS_PER_PART) return `has ${wildcards} wildcards in '${part}'; a part of a pattern may have at most ${MAX_WILDCARDS_PER_PART}, as more can make matching take minutes`;
  }
  return undefined;
}

/** The globs that can be used; each refused one is passed to `refuse` with its position and reason. */
export function safeGlobs(globs: readonly string[], refuse: (at: number, problem: string) => void = () => undefined): string[] {
  const safe: string[] = [];
  globs.forEach((glob, at) => {
    const problem = globProblem(glob);
    if (problem) refuse(at, problem);
    else safe.push(glob);
  });
  return safe;
}

/** How the config file is parsed: no pretty errors (they quote the text), and a key written twice is an error. */
const CONFIG_YAML = { prettyErrors: false, uniqueKeys: true } as const;

/** A config text repaired by explainYamlErrors, parsed as parseConfig parses one. */
function rereadConfig(text: string): Document.Parsed | undefined {
  try {
    return parseDocument(text, CONFIG_YAML);
  } catch {
    return undefined;
  }
}

/** Reads a config file; each invalid setting is reported and left at its default, the rest apply. Never throws. */
export function parseConfig(uri: string, text: string): { config: Config; findings: Finding[] } {
  const doc = parseDocument(text, CONFIG_YAML);
  // A YAML mistake is explained in plain words, one finding each, as in requirement files; the config then keeps its defaults.
  const findings: Finding[] = doc.errors.length > 0 ? explainYamlErrors(uri, text, doc, rereadConfig, 'entry').findings : [];
  if (findings.length > 0) return { config: DEFAULT_CONFIG, findings };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: DEFAULT_LIMITS.maxAliasCount });
  } catch {
    return { config: DEFAULT_CONFIG, findings: [{ code: yamlLimit.code, severity: yamlLimit.severity, message: 'The config uses YAML aliases that expand too far.', uri, span: { start: 0, end: 0 } }] };
  }
  if (value === null || value === undefined) return { config: DEFAULT_CONFIG, findings };
  const root = treeOfDocument(doc).root;
  findings.push(...validateSchema('config', value, root, uri, text));
  // The schema's findings say what is wrong; every setting that is right still applies.
  const raw = (typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const strings = (list: unknown): string[] | undefined =>
    Array.isArray(list) && list.every((entry) => typeof entry === 'string' && entry !== '') ? (list as string[]) : undefined;
  // Globs that could hang matching or leave the folder are refused where they are written.
  const globs = (key: 'files' | 'exclude'): string[] | undefined => {
    const list = strings(raw[key]);
    return (
      list &&
      safeGlobs(list, (at, problem) => {
        const node = doc.getIn([key, at], true) as { range?: [number, number, number] } | undefined;
        const span = node?.range ? { start: node.range[0], end: node.range[1] } : { start: 0, end: 0 };
        findings.push({ code: schemaRule.code, severity: schemaRule.severity, message: `The pattern ${JSON.stringify(list[at])} in ${key} ${problem}, so reqtrace ignores it.`, uri, span });
      })
    );
  };
  const files = globs('files');
  const exclude = globs('exclude');
  // Settings the schema refused are left out; the rest apply.
  const isSetting = (setting: unknown): setting is SeveritySetting => typeof setting === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(setting);
  const legacy: Record<string, SeveritySetting> = {};
  if (typeof raw.severity === 'object' && raw.severity !== null) {
    for (const [code, setting] of Object.entries(raw.severity)) if (code in CODES && isSetting(setting)) legacy[code] = setting;
  }
  const ruleSeverity: Record<string, SeveritySetting> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  if (typeof raw.rules === 'object' && raw.rules !== null && !Array.isArray(raw.rules)) {
    for (const [code, settings] of Object.entries(raw.rules as Record<string, unknown>)) {
      if (!(code in CODES) || typeof settings !== 'object' || settings === null || Array.isArray(settings)) continue;
      const { severity: setting, ...options } = settings as Record<string, unknown>;
      if (isSetting(setting)) ruleSeverity[code] = setting;
      // A rule's options apply when the schema (which holds each rule's options schema) found nothing wrong in them.
      const node = doc.getIn(['rules', code], true) as { range?: [number, number, number] } | undefined;
      const refused = (span: { start: number }): boolean => node?.range !== undefined && node.range[0] <= span.start && span.start < node.range[1];
      if (Object.keys(options).length > 0 && !findings.some((finding) => refused(finding.span))) ruleOptions[code] = options;
    }
  }
  const readiness = READINESS_STAGES.find((stage) => stage === raw.readiness) ?? DEFAULT_CONFIG.readiness;
  const suspectLinks = SUSPECT_LINKS.find((setting) => setting === raw['suspect-links']);
  // A readiness stage's raise, and `suspect-links: all` turning unstamped-link on, sit below every explicit setting (see mergeSeverity).
  const raised = { ...raisedBy(readiness), ...(suspectLinks === 'all' ? { 'unstamped-link': 'warning' as const } : {}) };
  const severityLayers: SeverityLayers = { rules: ruleSeverity, severity: legacy, raised };
  const severity = mergeSeverity(severityLayers);
  const megabytes = (raw.limits as { 'max-file-size-mb'?: unknown } | undefined)?.['max-file-size-mb'];
  const tender = tenderSettings(raw);
  // The config's own rules read the settings as they apply, and say where each is written.
  findings.push(...runConfigRules(CONFIG_RULES, { uri, tender, place: (path) => placeIn(root, path) }));
  return {
    config: {
      files: files && files.length > 0 ? files : DEFAULT_FILE_GLOBS,
      exclude: [...ALWAYS_EXCLUDED, ...(exclude ?? [])],
      severity,
      severityLayers,
      ruleOptions,
      limits: typeof megabytes === 'number' && megabytes > 0 ? { ...DEFAULT_LIMITS, maxFileChars: Math.round(megabytes * 1024 * 1024) } : DEFAULT_LIMITS,
      tender,
      readiness,
      ...(suspectLinks ? { suspectLinks } : {}),
      fingerprintFields: fingerprintFields(raw.fingerprint),
      // A revision the schema refused (one starting with '-', which git would read as an option) is never used.
      ...(typeof raw.published === 'string' && /^[^-\s]\S*$/.test(raw.published) ? { published: raw.published, publishedAt: placeIn(root, ['published'])?.span ?? { start: 0, end: 0 } } : {}),
    },
    findings,
  };
}

/** `fingerprint:` as the schema lets it through: for each kind named, its fields in the order given, once each. */
function fingerprintFields(raw: unknown): FingerprintFields {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return DEFAULT_FINGERPRINT_FIELDS;
  const given = raw as Record<string, unknown>;
  const fieldsOf = (kind: Kind): readonly FingerprintField[] => {
    const list = given[kind];
    if (!Array.isArray(list)) return DEFAULT_FINGERPRINT_FIELDS[kind];
    const known = [...new Set(list.filter((field): field is FingerprintField => FIELDS_OF_KIND[kind].includes(field as FingerprintField)))];
    return known.length > 0 ? known : DEFAULT_FINGERPRINT_FIELDS[kind];
  };
  return { needs: fieldsOf('needs'), requirements: fieldsOf('requirements'), itt: fieldsOf('itt') };
}

/** The tender settings of a config's values; a value the schema refuses is left at its default. */
function tenderSettings(raw: Record<string, unknown>): TenderSettings {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  const title = text(raw.title);
  const classification = text(raw.classification);
  const scoringRaw = (typeof raw.scoring === 'object' && raw.scoring !== null ? raw.scoring : {}) as { max?: unknown; descriptors?: unknown };
  const max = typeof scoringRaw.max === 'number' && Number.isInteger(scoringRaw.max) && scoringRaw.max >= 1 && scoringRaw.max <= 10 ? scoringRaw.max : DEFAULT_SCORING.max;
  const given = (typeof scoringRaw.descriptors === 'object' && scoringRaw.descriptors !== null ? scoringRaw.descriptors : undefined) as Record<string, unknown> | undefined;
  // A score the config does not describe keeps the usual descriptor on the usual 0-4 scale.
  const descriptors = Array.from({ length: max + 1 }, (_, score) => text(given?.[String(score)]) ?? (max === DEFAULT_SCORING.max ? (DEFAULT_SCORING.descriptors[score] as string) : ''));
  let evaluation: Record<string, number> | undefined;
  if (typeof raw.evaluation === 'object' && raw.evaluation !== null && !Array.isArray(raw.evaluation)) {
    const parts = Object.entries(raw.evaluation as Record<string, unknown>).filter((entry): entry is [string, number] => /^[a-z][a-z0-9-]*$/.test(entry[0]) && typeof entry[1] === 'number' && entry[1] >= 0 && entry[1] <= 100);
    if (parts.length > 0) evaluation = Object.fromEntries(parts);
  }
  return { ...(title ? { title } : {}), ...(classification ? { classification } : {}), scoring: { max, descriptors }, ...(evaluation ? { evaluation } : {}) };
}
