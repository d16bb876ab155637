import { listed, listRule, REQUIREMENT_PROSE } from './words';

const PHRASES = ['100%', '100 %', '100 per cent', '100 percent', 'always', 'never', 'all', 'at all times', 'without exception', 'completely', 'totally', 'zero defects'];

/** absolute: a promise no solution can keep or no test can prove. */
export const absolute = listRule({
  code: 'absolute',
  severity: 'warning',
  off: true,
  summary: 'an absolute ("100%", "always", "never", "all") that no test can prove',
  fields: REQUIREMENT_PROSE,
  phrases: PHRASES,
  message: (words) => `'${words}' is an absolute: no test can prove it. Say the level that is needed (e.g. 99.9% of requests each month).`,
  help: `"The solution shall always be available" cannot be met or tested: every system is down sometimes, and a bidder who says Fully compliant has told you nothing (INCOSE Guide to Writing Requirements, rule R26: avoid absolutes).

**How to fix:** say the level you need and how it is measured: "available 99.9% of each calendar month outside agreed maintenance windows".

It finds ${listed(PHRASES)} in requirement statements and acceptance criteria and in clause questions. "All" is common and often harmless ("all employees"), so the rule is off by default: turn it on with \`rules: { absolute: { severity: warning } }\`, and trim the list with \`allow: [...]\`.`,
});
