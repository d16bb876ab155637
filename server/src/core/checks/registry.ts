/**
 * The rule registry: every finding code, the parse-stage ones included, declared once. Everything
 * else about rules is derived from here: the codes config accepts, severities and their precedence,
 * the settings and config schemas' keys, the README table, `reqtrace rules`, the help shown in the
 * editor, and the reads from which an edit's affected files are worked out.
 */
import type { Finding, Severity } from '../model';
import { PARSE_RULES } from '../parse/rules';
import type { RuleMeta } from '../ruleMeta';
import { brokenLink } from './brokenLink';
import { changedAfterPublication } from './changedAfterPublication';
import { duplicateId } from './duplicateId';
import { emptyClause } from './emptyClause';
import { kindMismatch } from './kindMismatch';
import { moscowBalance } from './moscowBalance';
import { mustNotEvaluated } from './mustNotEvaluated';
import { notAgreed } from './notAgreed';
import { orphanRequirement } from './orphanRequirement';
import { parentCycle } from './parentCycle';
import type { ConfigReading, ConfigRule, Rule, RuleContext } from './rule';
import { sectionWeightTotal } from './sectionWeightTotal';
import { socialValueWeight } from './socialValueWeight';
import { suspectLink } from './suspectLink';
import { uncoveredNeed } from './uncoveredNeed';
import { uncoveredRequirement } from './uncoveredRequirement';
import { unreviewedChange } from './unreviewedChange';
import { unstampedLink } from './unstampedLink';
import { weightingTotal } from './weightingTotal';
import { weightingUnscored } from './weightingUnscored';
import { withdrawnLink } from './withdrawnLink';
import { WORDING_RULES, WORDING_RULES_OFF } from './wording';
import { wrongKindLink } from './wrongKindLink';
import type { ParsedFile } from '../parse/parse';

/** Every check rule, run in this order on each file whose YAML reads cleanly. */
export const CHECK_RULES: readonly Rule[] = [
  kindMismatch,
  duplicateId,
  brokenLink,
  wrongKindLink,
  parentCycle,
  withdrawnLink,
  uncoveredNeed,
  uncoveredRequirement,
  orphanRequirement,
  emptyClause,
  // Tender readiness.
  weightingTotal,
  sectionWeightTotal,
  weightingUnscored,
  mustNotEvaluated,
  notAgreed,
  moscowBalance,
  // Change control.
  suspectLink,
  changedAfterPublication,
  unreviewedChange,
  unstampedLink,
  // Wording: those on by default, then those off until turned on.
  ...WORDING_RULES,
  ...WORDING_RULES_OFF,
];

/** Every rule about reqtrace.config.yaml itself, run each time it is read (see parseConfig). */
export const CONFIG_RULES: readonly ConfigRule[] = [socialValueWeight];

/** Every rule, in the order the README and `reqtrace rules` list them. */
export const RULES: readonly RuleMeta[] = [...PARSE_RULES, ...CHECK_RULES, ...CONFIG_RULES];

const BY_CODE = new Map(RULES.map((rule) => [rule.code, rule]));

/** The rules off until a setting turns them on, as the lowest severity layer. */
const OFF_BY_DEFAULT: Readonly<Record<string, SeveritySetting>> = Object.fromEntries(RULES.filter((rule) => rule.off).map((rule) => [rule.code, 'off' as const]));

export function ruleFor(code: string): RuleMeta | undefined {
  return BY_CODE.get(code);
}

/** Runs check rules on a file, each finding stamped with its rule's code and default severity. */
export function runRules(rules: readonly Rule[], context: RuleContext, file: ParsedFile): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) for (const finding of rule.check(context, file)) findings.push({ code: rule.code, severity: rule.severity, ...finding });
  return findings;
}

/** Runs config rules on the config as read, each finding stamped with its rule's code and default severity. */
export function runConfigRules(rules: readonly ConfigRule[], config: ConfigReading): Finding[] {
  return rules.flatMap((rule) => rule.check(config).map((finding) => ({ code: rule.code, severity: rule.severity, ...finding })));
}

export type SeveritySetting = Severity | 'off';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Where a code's severity can be set, each a map from code to setting. */
export interface SeverityLayers {
  /** The editor's `reqtrace.severity` setting. */
  readonly editor?: Readonly<Record<string, SeveritySetting>>;
  /** `rules.<code>.severity` in reqtrace.config.yaml. */
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
  /** `severity.<code>` in reqtrace.config.yaml (the older form, still read). */
  readonly severity?: Readonly<Record<string, SeveritySetting>>;
  /** A raise by a readiness stage: applies only where nothing above set the code. */
  readonly raised?: Readonly<Record<string, SeveritySetting>>;
}

/** How far a statement of requirements is from being issued: `readiness:` in reqtrace.config.yaml. */
export type Readiness = 'drafting' | 'tender';
export const READINESS_STAGES: readonly Readiness[] = ['drafting', 'tender'];

/**
 * The codes `readiness: tender` raises to errors, so that CI stops an ITT that is not ready to
 * issue: a requirement asked for but not agreed, a placeholder left in the text (TBC), a Must that
 * is asked for but never evaluated.
 */
export const TENDER_RAISES: readonly string[] = ['not-agreed', 'placeholder', 'must-not-evaluated'];

/** Each code's severity as it would be under `readiness: tender`, whatever the config's stage: what a report's verdict judges by. */
export function tenderSeverity(layers: SeverityLayers): Record<string, SeveritySetting> {
  return mergeSeverity({ ...layers, raised: raisedBy('tender') });
}

/** The `raised` severity layer of a readiness stage (see SeverityLayers). */
export function raisedBy(readiness: Readiness): Record<string, SeveritySetting> {
  return readiness === 'tender' ? Object.fromEntries(TENDER_RAISES.map((code) => [code, 'error' as const])) : {};
}

/**
 * The severity precedence, written once: the editor's setting, then `rules.<code>.severity`, then
 * `severity:`, then a readiness stage's raise, then `off` for a rule that is off by default (see
 * applySeverity), then the severity the finding was made with (its rule's default, or lower where
 * the parser says so, as for YAML warnings). The first layer that
 * sets a code decides it, so an explicit `off` stays off. The result maps each code set anywhere
 * to its setting; applySeverity applies it.
 */
export function mergeSeverity(layers: SeverityLayers): Record<string, SeveritySetting> {
  return { ...layers.raised, ...layers.severity, ...layers.rules, ...layers.editor };
}

/**
 * The check rules a merged severity leaves on: a rule set to `off`, or off by default and turned on
 * by no setting, is not run at all (its findings would only be dropped). The same list when all are on.
 */
export function rulesOn(severity: Readonly<Record<string, SeveritySetting>>, rules: readonly Rule[] = CHECK_RULES): readonly Rule[] {
  const on = rules.filter((rule) => (severity[rule.code] ?? OFF_BY_DEFAULT[rule.code]) !== 'off');
  return on.length === rules.length ? rules : on;
}

/**
 * Applies merged severities (see mergeSeverity); findings of codes set to `off`, and of rules off by
 * default that nothing turned on, are dropped.
 */
export function applySeverity(findings: readonly Finding[], severity: Readonly<Record<string, SeveritySetting>>): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    const setting = severity[finding.code] ?? OFF_BY_DEFAULT[finding.code] ?? finding.severity;
    if (setting === 'off') continue;
    result.push(setting !== finding.severity ? { ...finding, severity: setting } : finding);
  }
  return result;
}
