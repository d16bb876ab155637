/**
 * The exporter registry: every entry is complete and consistent, names and formats never clash, and
 * each exporter renders from exactly the data it declares it needs (a caller works out nothing else).
 */
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { gatherData, lineIndexes, type ExportContext, type ExportData, type Need } from '../../server/src/core/report/exporter';
import { EXPORTERS, exporterForFormat, formatsOf } from '../../server/src/core/report/registry';
import type { Finding } from '../../server/src/core/model';
import { REQ, uriOf, workspace } from './fixture';

const NEEDS: readonly Need[] = ['findings', 'coverage', 'items'];

const fixture = workspace({
  'n.needs.yaml': 'kind: needs\nitems:\n  - id: UN-1\n    title: A need\n    as: a\n    need: b\n    so-that: c\n',
  'r.reqs.yaml': `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    satisfies: [UN-1]\n`,
});
const finding: Finding = { code: 'uncovered-requirement', severity: 'warning', message: 'REQ-1 is not covered.', uri: uriOf('r.reqs.yaml'), span: { start: 27, end: 32 } };
const everything: ExportData = { findings: [finding], coverage: computeCoverage(fixture.index), items: fixture.index };
const context: ExportContext = {
  title: 'ws',
  pathOf: (uri) => uri.replace('file:///ws/', ''),
  linesOf: lineIndexes((uri) => fixture.index.file(uri)?.text ?? ''),
  provenance: { generatedAt: new Date(0) },
};

/** The exporter's data with only its declared parts; reading any other part throws. */
function onlyDeclared(needs: readonly Need[], name: string): ExportData {
  const data = gatherData(needs, { findings: () => everything.findings, coverage: () => everything.coverage, items: () => everything.items });
  return new Proxy(data, {
    get(target, key, receiver) {
      if (typeof key === 'string' && (NEEDS as readonly string[]).includes(key) && !needs.includes(key as Need)) throw new Error(`${name} read '${key}', which it does not declare it needs`);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

describe('the exporter registry', () => {
  it('names each exporter once', () => {
    const names = EXPORTERS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('gives every findings and coverage exporter a format, unique within its kind, and exchange outputs none', () => {
    for (const exporter of EXPORTERS) {
      if (exporter.kind === 'exchange') expect(exporter.format, exporter.name).toBeUndefined();
      else expect(exporter.format, exporter.name).toMatch(/^[a-z0-9]+$/);
    }
    for (const kind of ['findings', 'coverage'] as const) {
      const formats = formatsOf(kind);
      expect(new Set(formats).size, kind).toBe(formats.length);
    }
  });

  it('keeps the formats check and report have always offered', () => {
    expect(formatsOf('findings')).toEqual(['text', 'json', 'github', 'sarif', 'junit']);
    expect(formatsOf('coverage')).toEqual(['html', 'md', 'json', 'csv']);
    expect(exporterForFormat('findings', 'json')?.name).toBe('findings-json');
    expect(exporterForFormat('coverage', 'json')?.name).toBe('coverage-json');
    expect(exporterForFormat('findings', 'html')).toBeUndefined();
  });

  it('describes each exporter fully: summary, extension without a dot, media type, what it needs and writes', () => {
    for (const exporter of EXPORTERS) {
      expect(exporter.summary.length, exporter.name).toBeGreaterThan(10);
      expect(exporter.summary, exporter.name).not.toMatch(/\n/);
      expect(exporter.extension, exporter.name).toMatch(/^[a-z0-9]+(\.[a-z0-9]+)*$/);
      expect(exporter.mediaType, exporter.name).toMatch(/^[a-z]+\/[a-z0-9.+-]+(; ?[a-z-]+=[a-z0-9-]+)*$/);
      expect(exporter.needs.length, exporter.name).toBeGreaterThan(0);
      expect(new Set(exporter.needs).size, exporter.name).toBe(exporter.needs.length);
      for (const need of exporter.needs) expect(NEEDS).toContain(need);
      expect(['text', 'bytes']).toContain(exporter.writes);
      expect(['output', 'cwd']).toContain(exporter.relativeTo);
    }
  });

  it('gives each option name one type, whichever exporter has it', () => {
    const types = new Map<string, string>();
    for (const exporter of EXPORTERS) {
      for (const option of exporter.options) {
        expect(option.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        expect(types.get(option.name) ?? option.type, `--${option.name}`).toBe(option.type);
        types.set(option.name, option.type);
      }
    }
  });

  for (const exporter of EXPORTERS) {
    it(`${exporter.name} renders from exactly the data it declares (${exporter.needs.join(', ')})`, async () => {
      const output = exporter.writes === 'text' ? exporter.render(onlyDeclared(exporter.needs, exporter.name), context, {}) : await exporter.render(onlyDeclared(exporter.needs, exporter.name), context, {});
      expect(output.length).toBeGreaterThan(0);
    });
  }
});

describe('gatherData', () => {
  it('works out only the parts asked for', () => {
    const asked: Need[] = [];
    const supply = <K extends Need>(need: K) => (): ExportData[K] => {
      asked.push(need);
      return everything[need];
    };
    const data = gatherData(['coverage'], { findings: supply('findings'), coverage: supply('coverage'), items: supply('items') });
    expect(asked).toEqual(['coverage']);
    expect(Object.keys(data)).toEqual(['coverage']);
  });
});
