/**
 * The diff's renderers on models made by hand: user text escaped for Markdown and for a terminal,
 * long lists folded and cut in Markdown, colour only when asked, JSON the model itself.
 */
import { describe, expect, it } from 'vitest';
import type { RequirementsDiff } from '../../server/src/core/change/diff';
import { diffJson, diffMarkdown, diffText, MARKDOWN_LIST_LIMIT, MARKDOWN_MAX_CHARS } from '../../server/src/core/change/diffRender';
import { changedItem, item, model } from './diffModel';

describe('diffMarkdown', () => {
  it('escapes user text: emphasis, strike-through, code, tables and HTML stay literal', () => {
    const out = diffMarkdown(changedItem('A *bold* ~~claim~~ | <script>', 'pay `x`', '~~y~~'));
    expect(out).toContain('- **REQ-1** requirement A \\*bold\\* \\~\\~claim\\~\\~ \\| &lt;script> · `r.reqs.yaml:3`');
    expect(out).toContain('  - statement: The solution shall ~~pay \\`x\\`~~ **\\~\\~y\\~\\~**');
    expect(out).not.toContain('<script>');
  });

  it('folds a list longer than ten entries in <details>, and stops at the limit with a pointer to the JSON', () => {
    const many = (n: number): RequirementsDiff => model({ items: { added: Array.from({ length: n }, (_, i) => ({ ...item(`REQ-${i}`), fingerprint: '0123456789' })), removed: [], renamed: [], changed: [] } });
    expect(diffMarkdown(many(10))).not.toContain('<details>');
    const folded = diffMarkdown(many(11));
    expect(folded).toContain('### Added (11)\n\n<details>\n<summary>11 added</summary>\n\n- **REQ-0** requirement · `r.reqs.yaml:3`\n');
    expect(folded).toContain('- **REQ-10** requirement · `r.reqs.yaml:3`\n\n</details>\n');
    const cut = diffMarkdown(many(MARKDOWN_LIST_LIMIT + 5));
    expect(cut.match(/^- \*\*REQ-/gm)).toHaveLength(MARKDOWN_LIST_LIMIT);
    expect(cut).toContain('- … and 5 more (reqtrace diff --format json lists them all)\n');
  });

  it('cuts its lists shorter until it fits a pull-request comment', () => {
    const long = 'word '.repeat(60).trim();
    const changed = Array.from({ length: 300 }, (_, i) => ({ ...item(`REQ-${i}`, long), before: { file: 'r.reqs.yaml', line: 3 }, fingerprint: { before: '0123456789', after: '9876543210' }, fields: [{ field: 'statement' as const, before: long, after: `${long} more`, words: [{ kind: 'same' as const, text: long }, { kind: 'added' as const, text: 'more' }] }] }));
    const impact = changed.map((entry) => ({ ...item(entry.id, long), change: 'changed' as const, downstream: Array.from({ length: 40 }, (_, j) => ({ ...item(`REQ-${j}`, long), path: [entry.id, `REQ-${j}`] })) }));
    const out = diffMarkdown(model({ items: { added: [], removed: [], renamed: [], changed }, impact }));
    expect(out.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    // Fewer than the usual 100 changes shown, and the rest counted.
    const shown = out.slice(0, out.indexOf('### Impact')).match(/^- \*\*REQ-/gm)?.length ?? 0;
    expect(shown).toBeLessThan(MARKDOWN_LIST_LIMIT);
    expect(out).toContain(`- … and ${300 - shown} more (reqtrace diff --format json lists them all)\n`);
    expect(out).toContain(`- … and ${300 - shown} more changes (reqtrace diff --format json lists them all)\n`);
  });

  it('puts a long impact list in <details> with an HTML summary', () => {
    const downstream = Array.from({ length: 12 }, (_, i) => ({ ...item(`REQ-1.${i}`), path: ['UN-1', `REQ-1.${i}`] }));
    const out = diffMarkdown(model({ impact: [{ ...item('UN-1', 'Pay <now>'), kind: 'needs', change: 'changed', downstream }] }));
    expect(out).toContain('<details>\n<summary><b>UN-1</b> need Pay &lt;now&gt; · r.reqs.yaml:3 changed: 12 items downstream</summary>\n\n- UN-1 → REQ-1.0 · `r.reqs.yaml:3`\n');
  });
});

describe('diffText', () => {
  it('marks words [-removed-]{+added+}, shows control characters as escapes, and colours only when asked', () => {
    const diff = changedItem('Esc \u001b[2J here', 'pay', 'reimburse');
    const plain = diffText(diff);
    expect(plain.split('\n').slice(3, 6)).toEqual(['Changed (1)', '  ~ REQ-1 (requirement) Esc \\u001b[2J here  r.reqs.yaml:3', '    statement: The solution shall [-pay-]{+reimburse+}']);
    expect(plain).not.toMatch(/\u001b/);
    const coloured = diffText(diff, true);
    expect(coloured).toContain('\u001b[31m[-pay-]\u001b[39m\u001b[32m{+reimburse+}\u001b[39m');
  });
});

describe('diffJson', () => {
  it('is the model, indented, with a final line break', () => {
    const diff = changedItem('T', 'a', 'b');
    expect(JSON.parse(diffJson(diff))).toEqual(diff);
    expect(diffJson(diff).endsWith('}\n')).toBe(true);
  });
});
