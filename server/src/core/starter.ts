/**
 * The files `reqtrace init` writes into a new workspace: a config with its options explained, and
 * one example file of each kind, linked so the trace is complete (a need, the requirement that
 * meets it, the clause that asks bidders for it). Each example checks clean; a test holds it.
 */
import { CONFIG_FILE_NAME } from './config';

export interface StarterFile {
  /** '/'-separated, relative to the new workspace's folder. */
  readonly path: string;
  readonly text: string;
}

export const STARTER_FILES: readonly StarterFile[] = [
  {
    path: CONFIG_FILE_NAME,
    text: `# reqtrace workspace settings. Every setting is optional: delete what you do not need.
# The README's "Configuration" section lists them all.

# Which files are requirement documents (globs relative to this folder). The default reads every
# file named *.needs.yaml, *.reqs.yaml or *.itt.yaml (or .yml).
# files: ["**/*.{needs,reqs,itt}.{yaml,yml}"]

# Files to leave out (node_modules and .git always are).
exclude: []

# Per rule, its severity (error | warning | info | hint | off); \`reqtrace rules\` lists the rules.
# rules:
#   uncovered-requirement: { severity: warning }
`,
  },
  {
    path: 'needs/example.needs.yaml',
    text: `# User needs, in the GDS form: As a … I need … so that …
# Each need is met by one or more requirements (their \`satisfies\`).
kind: needs
title: Example user needs
items:
  - id: UN-EX-001
    title: Pay suppliers on time
    as: an accounts payable officer
    need: >-
      I need to see which approved invoices fall due in the next seven days
    so-that: >-
      so that suppliers are paid on time and the department meets the
      Prompt Payment Code
    departments: [DWP]
    priority: must
    status: agreed
`,
  },
  {
    path: 'requirements/example.reqs.yaml',
    text: `# Requirements: what the solution shall do. \`satisfies\` links each one to the needs it meets;
# an ITT clause asks bidders for it (its \`covers\`).
kind: requirements
title: Example requirements
items:
  - id: REQ-EX-001
    title: Invoices due list
    statement: >-
      The solution shall list every approved invoice that falls due within a
      number of days the user chooses, with supplier, amount and due date.
    type: functional
    category: finance
    priority: must
    satisfies: [UN-EX-001]
    acceptance:
      - "An approved invoice due in 5 days appears in the 7-day list"
      - "A paid invoice does not appear in the list"
    verification: test
    status: agreed
`,
  },
  {
    path: 'itt/example.itt.yaml',
    text: `# ITT clauses: the questions bidders answer. \`covers\` names the requirements each one asks for;
# A scored clause has a weighting: the weightings of a section's scored clauses add up to 100.
kind: itt
title: Example ITT section
items:
  - id: ITT-1.1
    title: Managing payments due
    text: >-
      Describe how your solution shows finance teams the invoices that fall
      due soon, and how it helps them pay suppliers on time.
    response: scored
    weighting: 100
    covers: [REQ-EX-001]
    status: agreed
`,
  },
];
