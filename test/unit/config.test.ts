import { describe, expect, it } from 'vitest';
import configSchema from '../../schemas/config.schema.json';
import { applySeverity } from '../../server/src/core/checks/registry';
import { CODES, DEFAULT_CONFIG, globProblem, parseConfig } from '../../server/src/core/config';
import { marked } from './fixture';
import { workspace } from './fixture';

describe('reqtrace.config.yaml', () => {
  it('reads globs, severities and limits', () => {
    const { config, findings } = parseConfig('file:///ws/reqtrace.config.yaml', 'files: ["sor/**/*.yaml"]\nexclude: [drafts/**]\nseverity:\n  uncovered-requirement: info\n  orphan-requirement: off\nlimits: { max-file-size-mb: 1 }\n');
    expect(findings).toEqual([]);
    expect(config.files).toEqual(['sor/**/*.yaml']);
    expect(config.exclude).toEqual(['**/node_modules/**', '**/.git/**', 'drafts/**']);
    expect(config.severity).toEqual({ 'uncovered-requirement': 'info', 'orphan-requirement': 'off' });
    expect(config.limits.maxFileChars).toBe(1024 * 1024);
  });

  it('reads the tender settings: title, marking, scoring scale with its descriptors, evaluation split', () => {
    const { config, findings } = parseConfig('file:///c', 'title: Synergy ERP\nclassification: OFFICIAL-SENSITIVE [COMMERCIAL]\nscoring:\n  max: 5\n  descriptors: { 0: None, 5: Outstanding }\nevaluation: { quality: 60, price: 30, social-value: 10 }\n');
    expect(findings).toEqual([]);
    expect(config.tender).toEqual({
      title: 'Synergy ERP',
      classification: 'OFFICIAL-SENSITIVE [COMMERCIAL]',
      scoring: { max: 5, descriptors: ['None', '', '', '', '', 'Outstanding'] },
      evaluation: { quality: 60, price: 30, 'social-value': 10 },
    });
    expect(DEFAULT_CONFIG.tender.scoring.max).toBe(4);
    const partial = parseConfig('file:///c', 'scoring: { descriptors: { 4: Outstanding } }\n').config.tender.scoring;
    expect(partial.descriptors).toEqual([...DEFAULT_CONFIG.tender.scoring.descriptors.slice(0, 4), 'Outstanding']);
    expect(DEFAULT_CONFIG.tender.scoring.descriptors[0]).toMatch(/^Unacceptable/);
  });

  it('refuses a bad score or part name at the key, in words, and keeps the defaults', () => {
    const text = 'scoring:\n  max: 4\n  descriptors: { "x": Bad }\nevaluation: { Quality: 60 }\n';
    const { config, findings } = parseConfig('file:///c', text);
    expect(findings.map((f) => [text.slice(f.span.start, f.span.end), f.message])).toEqual([
      ['"x"', '"x" is not a score: descriptors are given by score, a whole number from 0 to 10 (0: Unacceptable).'],
      ['Quality', '"Quality" is not a name for a part of the evaluation: use lower-case letters, digits and \'-\', e.g. quality, price or social-value.'],
    ]);
    expect(config.tender.evaluation).toBeUndefined();
  });

  it('an empty config is the default', () => {
    expect(parseConfig('file:///c', '')).toEqual({ config: DEFAULT_CONFIG, findings: [] });
  });

  it('an invalid value is a schema finding on the value; the valid settings still apply', () => {
    const { text, spans } = marked('severity:\n  broken-link: «loud»\n  «no-such-code»: off\n  orphan-requirement: off\n');
    const { config, findings } = parseConfig('file:///c', text);
    expect(config.severity).toEqual({ 'orphan-requirement': 'off' });
    expect(findings.map((f) => [f.span, f.message])).toEqual([
      [spans[0], 'broken-link must be one of error, warning, info, hint, off (found "loud").'],
      [spans[1], expect.stringMatching(/^Unknown field 'no-such-code' in severity. Allowed fields: yaml-syntax, /)],
    ]);
  });

  it('refuses globs that could hang matching or leave the folder, where they are written; the rest apply', () => {
    const { text, spans } = marked(
      'files:\n  - «a*a*a*a*a*a*a*a*a*a*b.reqs.yaml»\n  - sor/**/*.reqs.yaml\nexclude:\n  - «../elsewhere/**»\n  - «/etc/**»\n  - drafts/**\n',
    );
    const { config, findings } = parseConfig('file:///ws/reqtrace.config.yaml', text);
    expect(config.files).toEqual(['sor/**/*.reqs.yaml']);
    expect(config.exclude).toEqual(['**/node_modules/**', '**/.git/**', 'drafts/**']);
    expect(findings.map((f) => [f.code, f.span, f.message])).toEqual([
      ['schema', spans[0], `The pattern "a*a*a*a*a*a*a*a*a*a*b.reqs.yaml" in files has 10 wildcards in 'a*a*a*a*a*a*a*a*a*a*b.reqs.yaml'; a part of a pattern may have at most 3, as more can make matching take minutes, so reqtrace ignores it.`],
      ['schema', spans[1], `The pattern "../elsewhere/**" in exclude climbs out of the workspace folder with '..', so reqtrace ignores it.`],
      ['schema', spans[2], 'The pattern "/etc/**" in exclude is an absolute path; patterns are relative to the workspace folder, so reqtrace ignores it.'],
    ]);
    expect(globProblem('x'.repeat(300))).toMatch(/300 characters long/);
    for (const fine of [...DEFAULT_CONFIG.files, '**/*', 'sor/{hr,pay}/*.reqs.yaml', 'a?b?c*.yaml']) expect(globProblem(fine)).toBeUndefined();
  });

  it('a YAML error in the config is reported, not thrown', () => {
    const { config, findings } = parseConfig('file:///c', 'severity: [\n');
    expect(config).toBe(DEFAULT_CONFIG);
    expect(findings.map((f) => f.code)).toEqual(['yaml-syntax']);
  });

  it("says what a YAML mistake in the config is in plain words, once, at the mistake, with the parser's words in the detail", () => {
    const cases = [
      // One setting indented a space deeper than the others: the parser fails a line earlier, at 'warning'.
      ['severity:\n  broken-link: warning\n«   »uncovered-need: off\n  orphan-requirement: info\n', 'This line is indented 3 spaces; the other fields under `severity` use 2.', 'Nested mappings are not allowed in compact mappings'],
      ['rules:\n  vague-term:\n    add: [snappy]\n«     »allow: [fast track]\n', 'This line is indented 5 spaces; the other fields under `vague-term` use 4.', 'All mapping items must start at the same column'],
      ['severity:\n«\t»broken-link: warning\n', 'A tab is used for indentation; use spaces.', 'Tabs are not allowed as indentation'],
      ['files: «[»a/**\nseverity:\n  x: y\n', 'This [ starts a list that is never closed: add ] after its last entry.', 'end with a ]'],
    ] as const;
    for (const [source, message, parser] of cases) {
      const { text, spans } = marked(source);
      const { config, findings } = parseConfig('file:///c', text);
      expect(config, source).toBe(DEFAULT_CONFIG);
      expect(findings.map((f) => [f.code, f.span, f.message]), source).toEqual([['yaml-syntax', spans[0], message]]);
      expect(findings[0]?.detail, source).toContain(parser);
    }
  });

  it('severities change or drop findings by code', () => {
    const ws = workspace({ 'n.needs.yaml': 'kind: needs\nitems:\n  - id: UN-1\n    title: T\n    as: a\n    need: b\n    so-that: c\n' });
    const findings = ws.index.check('file:///ws/n.needs.yaml');
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['uncovered-need', 'warning']]);
    expect(applySeverity(findings, { 'uncovered-need': 'error' }).map((f) => f.severity)).toEqual(['error']);
    expect(applySeverity(findings, { 'uncovered-need': 'off' })).toEqual([]);
  });

  it('the config schema knows every finding code, with its default severity', () => {
    expect(Object.keys(configSchema.properties.severity.properties).sort()).toEqual(Object.keys(CODES).sort());
  });
});
