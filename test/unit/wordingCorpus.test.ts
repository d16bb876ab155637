/**
 * The wording rules against the labelled corpus (test/fixtures/wording/corpus.yaml, written before
 * the rules): for each rule on by default, precision (how many of its findings a reviewer would
 * make) must be at least 0.9 and recall (how many of the reviewer's it makes) at least 0.8. Counted
 * per phrase: a finding is right when it covers a phrase labelled for its rule in that entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { WORDING_RULES } from '../../server/src/core/checks/wording';
import { DEFAULT_LIMITS } from '../../server/src/core/parse/parse';

interface Entry {
  field: 'statement' | 'acceptance' | 'clause' | 'title' | 'need' | 'so-that';
  text: string;
  smells: Record<string, string[]>;
}
interface Corpus {
  statements: Entry[];
  needs: { as: string; generic: boolean }[];
}

/** The fields each rule reads (the list): a label on a field a rule does not read is not its to find. */
const PROSE: readonly Entry['field'][] = ['statement', 'acceptance', 'clause'];
const READS: Readonly<Record<string, readonly Entry['field'][]>> = {
  placeholder: [...PROSE, 'title', 'need', 'so-that'],
  'multiple-shall': ['statement'],
  'no-shall': ['statement'],
  'generic-user': [],
};

const corpus = parse(readFileSync(join(__dirname, '..', 'fixtures', 'wording', 'corpus.yaml'), 'utf8')) as Corpus;
const CLEAN = 'The solution shall record it.';

/** Each entry as an item of its own, in a file of the kind that holds its field. */
function files(): { uri: string; text: string; entries: Map<string, Entry | Corpus['needs'][number]> }[] {
  const reqs: unknown[] = [];
  const clauses: unknown[] = [];
  const needs: unknown[] = [];
  const entries = new Map<string, Entry | Corpus['needs'][number]>();
  corpus.statements.forEach((entry, n) => {
    const id = `X-${n + 1}`;
    entries.set(id, entry);
    const base = { id, title: 'T', statement: CLEAN, type: 'functional', priority: 'must' };
    if (entry.field === 'statement') reqs.push({ ...base, statement: entry.text });
    else if (entry.field === 'acceptance') reqs.push({ ...base, acceptance: [entry.text] });
    else if (entry.field === 'title') reqs.push({ ...base, title: entry.text });
    else if (entry.field === 'clause') clauses.push({ id, title: 'T', text: entry.text, response: 'information', covers: ['X-1'] });
    else needs.push({ id, title: 'T', as: 'a payroll officer', need: entry.field === 'need' ? entry.text : 'to pay people', 'so-that': entry.field === 'so-that' ? entry.text : 'staff are paid' });
  });
  corpus.needs.forEach((need, n) => {
    const id = `N-${n + 1}`;
    entries.set(id, need);
    needs.push({ id, title: 'T', as: need.as, need: 'to pay people', 'so-that': 'staff are paid' });
  });
  const write = (kind: string, items: unknown[]): string => stringify({ kind, items }, { lineWidth: 0 });
  return [
    { uri: 'file:///c/a.reqs.yaml', text: write('requirements', reqs), entries },
    { uri: 'file:///c/a.itt.yaml', text: write('itt', clauses), entries },
    { uri: 'file:///c/a.needs.yaml', text: write('needs', needs), entries },
  ];
}

/** Lower case, one space between words, YAML's doubled quotes undone: to compare a finding's text with a label. */
const norm = (text: string): string => text.replace(/''/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();

describe('wording rules on the labelled corpus', () => {
  it('has the entries the issue asks for', () => {
    expect(corpus.statements.length).toBeGreaterThanOrEqual(150);
  });

  it('each rule on by default: precision >= 0.9, recall >= 0.8', () => {
    const index = new Workspace(DEFAULT_LIMITS, WORDING_RULES);
    const found = new Map<string, Map<string, string[]>>();
    const written = files();
    const entries = written[0]!.entries;
    for (const file of written) {
      index.setFile(file.uri, file.text);
      const items = index.file(file.uri)?.items ?? [];
      for (const finding of index.check(file.uri)) {
        const item = items.find((i) => i.span.start <= finding.span.start && finding.span.end <= i.span.end);
        if (!item) continue;
        let byRule = found.get(finding.code);
        if (!byRule) found.set(finding.code, (byRule = new Map<string, string[]>()));
        byRule.set(item.id, [...(byRule.get(item.id) ?? []), norm(file.text.slice(finding.span.start, finding.span.end))]);
      }
    }
    const lines: string[] = [];
    const failures: string[] = [];
    for (const rule of WORDING_RULES) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      const misses: string[] = [];
      const wrong: string[] = [];
      for (const [id, entry] of entries) {
        // What a reviewer labelled: phrases, or for no-shall and generic-user the entry itself.
        const reads = 'smells' in entry && (READS[rule.code] ?? PROSE).includes(entry.field);
        const labels = 'smells' in entry && reads ? entry.smells?.[rule.code] : undefined;
        const expected = 'smells' in entry ? (labels === undefined ? [] : rule.code === 'no-shall' ? ['*'] : labels.map(norm)) : rule.code === 'generic-user' && entry.generic ? ['*'] : [];
        const got = found.get(rule.code)?.get(id) ?? [];
        const left = [...expected];
        for (const text of got) {
          const at = left.findIndex((label) => label === '*' || text.includes(label) || label.includes(text));
          if (at >= 0) {
            tp++;
            left.splice(at, 1);
          } else {
            fp++;
            wrong.push(`${id} '${text}' in: ${'text' in entry ? entry.text : entry.as}`);
          }
        }
        fn += left.length;
        for (const label of left) misses.push(`${id} '${label}' in: ${'text' in entry ? entry.text : entry.as}`);
      }
      const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
      const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
      lines.push(`${rule.code.padEnd(15)} precision ${precision.toFixed(2)}  recall ${recall.toFixed(2)}  (${tp} found right, ${fp} wrongly, ${fn} missed)`);
      if (precision < 0.9 || recall < 0.8 || tp === 0) failures.push(`${rule.code}: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}\n  wrongly found:\n    ${wrong.join('\n    ')}\n  missed:\n    ${misses.join('\n    ')}`);
    }
    // The figures are the point of this test: print them whether it passes or not.
    // eslint-disable-next-line no-console
    console.log(`Wording rules on ${corpus.statements.length} statements and ${corpus.needs.length} needs:\n${lines.join('\n')}`);
    expect(failures).toEqual([]);
  });
});
