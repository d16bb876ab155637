/**
 * The parse-stage rules: findings made while a file is read, before any check runs. They are
 * declared here, beside the readers that make them, and listed in the registry with the checks.
 */
import type { RuleMeta } from '../ruleMeta';

export const yamlSyntax: RuleMeta = {
  code: 'yaml-syntax',
  stage: 'parse',
  severity: 'error',
  summary: 'a YAML mistake, one finding each in plain words: a line indented unlike its neighbours, a tab, a missing space after a colon, an unclosed quote or bracket, a key written twice, text pasted outside the YAML, more than one document; at most 5 per file',
  where: 'the mistake itself (the indentation, the tab, the key); the parser\'s own words in its detail',
  reads: [],
  help: `The file is not valid YAML, so reqtrace cannot be sure what it says. Each mistake is one finding, worded for the author ("This line is indented 3 spaces; the other fields of REQ-HR-014 use 4"), not the parser's chain of errors that follow from it; the parser's own words stay in the finding's detail (the second line of the message in the editor, \`detail\` in \`check --format json\`). A file gets at most 5 of these findings: with more mistakes, the fifth says how many more there are after the last one listed.

A file with syntax errors gets no schema or link findings on top. Its items are still indexed as reqtrace reads past each mistake (a misplaced line put where it belongs, a missing quote added, text that is not YAML left out), so links to the items before and after the mistake still resolve.

**Why it matters:** a requirement hidden by a stray tab or a repeated key is silently lost from the trace.

**How to fix:** indent with spaces, each field of an item at the same column and each \`- id:\` of a list at the same column; put text that holds ': ' or starts with [, {, *, @, \` or % in quotes; close every quote and bracket; keep each key once per item; keep one document per file (no \`---\`).

\`\`\`yaml
items:
  - id: REQ-HR-001
   title: Three spaces     # ← indent it 4, like the other fields
	type: functional        # ← a tab: indent with spaces
    notes: Note: see HR-2   # ← quote it: 'Note: see HR-2'
\`\`\``,
};

export const yamlLimit: RuleMeta = {
  code: 'yaml-limit',
  stage: 'parse',
  severity: 'error',
  summary: 'aliases that expand to more than 100 copies ("billion laughs") or contain themselves, or lists and mappings nested more than 100 levels deep; the file\'s values are not read',
  where: 'the first alias, or where the nesting passes 100',
  reads: [],
  help: `The file uses YAML aliases (\`*name\`) that would expand into a huge amount of text, refer to themselves, or nests lists and mappings more than 100 levels deep. reqtrace refuses to expand it, so nothing in the file is read.

**Why it matters:** a few lines can expand to gigabytes and stall every tool that reads the file.

**How to fix:** write the values out instead of using anchors and aliases; requirement files never need them.`,
};

export const fileTooLarge: RuleMeta = {
  code: 'file-too-large',
  stage: 'parse',
  severity: 'error',
  summary: 'a file over the size limit (default 5 MB); it is not read',
  where: 'start of file',
  reads: [],
  help: `The file is larger than \`limits.max-file-size-mb\` in \`reqtrace.config.yaml\` (5 MB unless set), so it is not read and its items are not in the trace.

**How to fix:** split it into smaller files (one per area, say \`hr.reqs.yaml\` and \`payroll.reqs.yaml\`), or raise the limit if the file really belongs together.`,
};

export const unreadableFileRule: RuleMeta = {
  code: 'unreadable-file',
  stage: 'parse',
  severity: 'error',
  summary: 'not text (NUL bytes), not valid UTF-8 (UTF-16 with a BOM is read), not a regular file (a folder, named pipe, device or symbolic link loop with a requirements name), or an I/O error',
  where: 'start of file',
  reads: [],
  help: `reqtrace could not read the file as text: it holds NUL bytes, is in an encoding other than UTF-8 or UTF-16 with a byte order mark, is not a regular file, or the read failed.

**How to fix:** save the file as UTF-8 (most editors offer "Save with encoding"); rename folders or other non-files so their names do not end in \`.needs.yaml\`, \`.reqs.yaml\` or \`.itt.yaml\`.`,
};

export const schemaRule: RuleMeta = {
  code: 'schema',
  stage: 'parse',
  severity: 'error',
  summary: 'a field missing, unknown, of the wrong type or with a value not allowed, in words ("priority must be one of must, should, could, wont (found "high")")',
  where: "the value (type, enum, pattern); the key (unknown field); the item's `id` value, else its first key (missing field)",
  reads: [],
  fixes: ['add-missing-fields'],
  help: `A field breaks the file format: a required field is missing, a field is not one reqtrace knows, or a value has the wrong type or is not one of those allowed. The JSON Schemas in \`schemas/\` are the rules; the message says which one in words.

**Why it matters:** a misspelt field (\`satisfy:\` for \`satisfies:\`) is a link that silently does not exist.

**How to fix:** correct the field or value named in the message.

\`\`\`yaml
priority: high     # ← must be one of must, should, could, wont
\`\`\``,
};

/** Every parse-stage rule, in the order the README lists them. */
export const PARSE_RULES: readonly RuleMeta[] = [yamlSyntax, yamlLimit, fileTooLarge, unreadableFileRule, schemaRule];
