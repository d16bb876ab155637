/**
 * What is written about the rules, made from the registry: the README's table, the severity
 * settings of the editor and the config file, and `reqtrace rules` in text, JSON and Markdown.
 * Tests hold package.json, schemas/config.schema.json and README.md equal to these.
 */
import type { RuleMeta } from '../ruleMeta';
import { RULES, SEVERITY_SETTINGS } from './registry';

/** The README's table of rules: code, default severity, what it finds, where the finding goes. */
export function readmeTable(rules: readonly RuleMeta[] = RULES): string {
  const rows = rules.map((rule) => `| \`${rule.code}\` | ${defaultOf(rule)} | ${rule.summary} | ${rule.where} |`);
  return ['| code | default | what | where |', '|---|---|---|---|', ...rows].join('\n');
}

/** The `reqtrace.severity` setting's properties in package.json: one per code. */
export function severitySettingProperties(rules: readonly RuleMeta[] = RULES): Record<string, unknown> {
  return Object.fromEntries(rules.map((rule) => [rule.code, { type: 'string', enum: [...SEVERITY_SETTINGS] }]));
}

/** The config schema's `severity` properties: one per code. */
export function configSeverityProperties(rules: readonly RuleMeta[] = RULES): Record<string, unknown> {
  return Object.fromEntries(rules.map((rule) => [rule.code, { $ref: '#/definitions/severity' }]));
}

/** The config schema's `rules` properties: per code, its severity and the rule's own options. */
export function configRulesProperties(rules: readonly RuleMeta[] = RULES): Record<string, unknown> {
  return Object.fromEntries(
    rules.map((rule) => [
      rule.code,
      {
        type: 'object',
        description: rule.summary,
        additionalProperties: false,
        properties: { severity: { $ref: '#/definitions/severity' }, ...(rule.options?.properties ?? {}) },
      },
    ]),
  );
}

/** One rule as `reqtrace rules --format json` gives it. */
export function ruleJson(rule: RuleMeta): Record<string, unknown> {
  return {
    code: rule.code,
    stage: rule.stage,
    severity: rule.severity,
    ...(rule.off ? { off: true } : {}),
    summary: rule.summary,
    where: rule.where,
    reads: rule.reads,
    fixes: rule.fixes ?? [],
    ...(rule.options ? { options: rule.options } : {}),
    help: rule.help,
  };
}

export function rulesJson(rules: readonly RuleMeta[] = RULES): string {
  return `${JSON.stringify({ rules: rules.map(ruleJson) }, null, 2)}\n`;
}

/** Every rule with its help, as a Markdown page. */
export function rulesMarkdown(rules: readonly RuleMeta[] = RULES): string {
  const sections = rules.map((rule) => `## \`${rule.code}\` (${defaultOf(rule)})\n\n${capitalise(rule.summary)}. Reported at ${rule.where}.\n\n${rule.help}\n`);
  return `# reqtrace rules\n\n${readmeTable(rules)}\n\n${sections.join('\n')}`;
}

/** Every rule, one line each, then each rule's help (for a terminal). */
export function rulesText(rules: readonly RuleMeta[] = RULES): string {
  const width = Math.max(...rules.map((rule) => rule.code.length));
  const lines = rules.map((rule) => `${rule.code.padEnd(width)}  ${(rule.off ? 'off' : rule.severity).padEnd(7)}  ${rule.summary}`);
  return `${lines.join('\n')}\n\nSet a rule's severity under rules.<code>.severity in reqtrace.config.yaml (error, warning, info, hint or off).\nreqtrace rules CODE shows a rule's help.\n`;
}

/** One rule's whole help, for `reqtrace rules CODE`. */
export function ruleText(rule: RuleMeta): string {
  return `${rule.code} (${rule.stage} stage, default ${defaultOf(rule)})\n${capitalise(rule.summary)}.\nWhere: ${rule.where}.\n\n${rule.help}\n`;
}

/** A rule's default in words: its severity, or off and the severity it takes when turned on. */
function defaultOf(rule: RuleMeta): string {
  return rule.off ? `off (${rule.severity} when on)` : rule.severity;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
