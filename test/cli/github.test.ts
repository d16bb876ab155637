/** `check --format github`: GitHub Actions workflow commands, one annotation per finding. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../server/src/core/lines';
import type { Finding } from '../../server/src/core/model';
import { findingsGithub } from '../../server/src/core/report/findingsGithub';
import type { Diagnostic } from './output';
import { run } from './run';

const BROKEN = join(__dirname, '..', '..', 'samples', 'broken');

describe('check --format github', () => {
  it('gives one annotation per finding, at the same place and with the same words as --format json', async () => {
    const json = JSON.parse((await run(BROKEN, 'check', '.', '--format', 'json')).stdout) as { diagnostics: Diagnostic[] };
    const github = await run(BROKEN, 'check', '.', '--format', 'github');
    expect(github.status).toBe(1);
    const command = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as Record<string, string>;
    const expected = json.diagnostics.map(
      (d) => `::${command[d.severity]} file=${d.file},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=reqtrace ${d.code}::${d.message.replace(/%/g, '%25')}`,
    );
    expect(json.diagnostics.length).toBeGreaterThan(10);
    expect(github.stdout).toBe(`${expected.join('\n')}\n`);
  });

  it('escapes what would end a message or a property: %, line breaks, and in properties : and ,', () => {
    const text = 'items:\n  - id: X\n';
    const finding: Finding = { code: 'schema', severity: 'info', message: '100% sure\r\nreally', uri: 'file:///ws/a,b:c.reqs.yaml', span: { start: 9, end: 10 } };
    const output = findingsGithub.render({ findings: [finding] }, { title: 't', pathOf: () => 'dir/a,b:c%.reqs.yaml', linesOf: () => new LineIndex(text), provenance: { generatedAt: new Date(0) } }, {});
    expect(output).toBe('::notice file=dir/a%2Cb%3Ac%25.reqs.yaml,line=2,col=3,endLine=2,endColumn=4,title=reqtrace schema::100%25 sure%0D%0Areally\n');
    expect(findingsGithub.render({ findings: [] }, { title: 't', pathOf: String, linesOf: () => new LineIndex(''), provenance: { generatedAt: new Date(0) } }, {})).toBe('');
  });
});
