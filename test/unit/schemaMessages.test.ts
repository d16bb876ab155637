import { describe, expect, it } from 'vitest';
import { parseFile } from '../../server/src/core/parse/parse';

const LONG = `REQ-${'A'.repeat(72)}`;
const requirement = (links: string): string =>
  `kind: requirements\nitems:\n  - id: REQ-1\n    title: T\n    statement: The solution shall work.\n    type: functional\n    priority: must\n${links}`;

describe('schema messages for an over-long id in a link', () => {
  it('name the id and say it is an id, in a satisfies list, a covers list and a parent', () => {
    const cases: [string, string, string][] = [
      ['r.reqs.yaml', requirement(`    satisfies: [UN-1, ${LONG}]\n`), 'entry 2 of satisfies'],
      ['r.reqs.yaml', requirement(`    parent: ${LONG}\n`), 'parent'],
      ['c.itt.yaml', `kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: Describe how.\n    response: pass-fail\n    covers: [${LONG}]\n`, 'entry 1 of covers'],
    ];
    for (const [name, text, field] of cases) {
      const messages = parseFile(`file:///ws/${name}`, text).findings.filter((f) => f.code === 'schema').map((f) => [text.slice(f.span.start, f.span.end), f.message]);
      expect(messages).toEqual([[LONG, `The id "${LONG.slice(0, 40)}…" in ${field} is 76 characters long; an id may have at most 64.`]]);
    }
  });

  it('keep the plain wording for an over-long id of the item itself', () => {
    const text = `kind: needs\nitems:\n  - id: ${LONG}\n    title: T\n    as: a payroll officer\n    need: I need to pay people\n    so-that: staff are paid\n`;
    const messages = parseFile('file:///ws/n.needs.yaml', text).findings.filter((f) => f.code === 'schema').map((f) => f.message);
    expect(messages).toEqual(['id is 76 characters long; it may have at most 64.']);
  });
});
