/** `reqtrace rules [CODE] [--format text|json|md]`: every rule from the registry, with its default severity and help. */
import { parseArgs } from 'node:util';
import { ruleText, rulesJson, rulesMarkdown, rulesText } from '../core/checks/catalog';
import { RULES, ruleFor } from '../core/checks/registry';

/** What `rules` prints for these arguments, or a usage problem in words. */
export function rulesCommand(args: readonly string[]): { output: string } | { problem: string } {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { format: { type: 'string', default: 'text' } } });
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'md') return { problem: `--format must be text, json or md (found '${format}')` };
  if (positionals.length > 1) return { problem: 'rules takes at most one rule code' };
  const code = positionals[0];
  if (code === undefined) return { output: format === 'json' ? rulesJson() : format === 'md' ? rulesMarkdown() : rulesText() };
  const rule = ruleFor(code);
  if (!rule) return { problem: `no rule is called '${code}' (the rules are ${RULES.map((r) => r.code).join(', ')})` };
  return { output: format === 'json' ? rulesJson([rule]) : format === 'md' ? rulesMarkdown([rule]) : ruleText(rule) };
}
