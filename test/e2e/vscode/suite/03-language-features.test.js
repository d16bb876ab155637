// The language features through VS Code's own provider commands, as an editor would call them:
// definition, references, hover, completion, rename, code lens and quick fixes. Nothing is edited here.
const assert = require('assert');
const vscode = require('vscode');
const { fileUri, fmtRange, hoverText, locationKey, positionOf, rel, waitForDiagnostics, findings } = require('./helpers');

const REQS = 'requirements/payroll.reqs.yaml';
const NEEDS = 'needs/payroll.needs.yaml';
const ITT = 'itt/section-3.itt.yaml';

/** Every place UN-PAY-001 is defined or linked to (satisfies lists), 0-based. */
const UN_PAY_001 = [
  `${NEEDS} 4:8-4:18`,
  'requirements/finance.reqs.yaml 11:16-11:26',
  'requirements/finance.reqs.yaml 21:16-21:26',
  'requirements/finance.reqs.yaml 33:16-33:26',
  'requirements/finance.reqs.yaml 43:16-43:26',
  `${REQS} 10:16-10:26`,
  `${REQS} 30:16-30:26`,
  `${REQS} 49:16-49:26`,
  'requirements/procurement.reqs.yaml 12:16-12:26',
];

const exec = (command, ...args) => vscode.commands.executeCommand(command, ...args);

describe('language features', () => {
  before(async () => {
    // The server answers from its index: make sure it is built (the diagnostics say so).
    await waitForDiagnostics(() => findings(fileUri(REQS)).length > 0, { what: `findings in ${REQS}` });
  });

  describe('go to definition', () => {
    it('goes from a satisfies link to the need in the other file', async () => {
      const at = await positionOf(fileUri(REQS), 'UN-PAY-001', { offset: 3 });
      const locations = await exec('vscode.executeDefinitionProvider', fileUri(REQS), at);
      assert.deepStrictEqual(locations.map(locationKey), [`${NEEDS} 4:8-4:18`]);
    });

    it('goes from a parent link to the requirement it names', async () => {
      const at = await positionOf(fileUri(REQS), 'parent: REQ-PAY-011', { offset: 12 });
      const locations = await exec('vscode.executeDefinitionProvider', fileUri(REQS), at);
      assert.deepStrictEqual(locations.map(locationKey), [`${REQS} 62:8-62:19`]);
    });

    it("from an item's own id, peeks the links to it", async () => {
      const at = await positionOf(fileUri(REQS), 'id: REQ-PAY-001', { offset: 6 });
      const locations = await exec('vscode.executeDefinitionProvider', fileUri(REQS), at);
      assert.deepStrictEqual(locations.map(locationKey), [`${ITT} 9:13-9:24`]);
    });
  });

  describe('find all references', () => {
    it('from a need finds its definition and every link to it, in every file', async () => {
      const at = await positionOf(fileUri(NEEDS), 'UN-PAY-001', { offset: 2 });
      const locations = await exec('vscode.executeReferenceProvider', fileUri(NEEDS), at);
      assert.deepStrictEqual(locations.map(locationKey).sort(), [...UN_PAY_001].sort());
    });

    it('from a link finds the same', async () => {
      const at = await positionOf(fileUri(REQS), 'UN-PAY-001', { occurrence: 1, offset: 5 });
      const locations = await exec('vscode.executeReferenceProvider', fileUri(REQS), at);
      assert.deepStrictEqual(locations.map(locationKey).sort(), [...UN_PAY_001].sort());
    });
  });

  describe('hover', () => {
    it('on a requirement id: title, facts, statement and trace', async () => {
      const at = await positionOf(fileUri(REQS), 'id: REQ-PAY-001', { offset: 8 });
      const hovers = await exec('vscode.executeHoverProvider', fileUri(REQS), at);
      const text = hoverText(hovers);
      assert.match(text, /^\*\*REQ-PAY-001\*\* — Gross-to-net calculation/);
      assert.ok(text.includes('*requirement · must · agreed · functional*'), text);
      assert.ok(text.includes('The solution shall calculate gross-to-net pay'), text);
      assert.ok(text.includes('↑ satisfies UN-PAY-001'), text);
      assert.ok(text.includes('✓ covered by ITT-3.1'), text);
      assert.ok(text.includes('EARS: ubiquitous'), text);
      assert.ok(text.includes('*payroll.reqs.yaml*'), text);
      assert.strictEqual(fmtRange(hovers[0].range), '4:8-4:19');
    });

    it('on a link to a need: the need in GDS form and its trace end to end', async () => {
      const at = await positionOf(fileUri(REQS), 'UN-PAY-001', { offset: 4 });
      const text = hoverText(await exec('vscode.executeHoverProvider', fileUri(REQS), at));
      assert.match(text, /^\*\*UN-PAY-001\*\* — Pay everyone correctly and on time/);
      assert.ok(text.includes('As a payroll officer in HM Prison and Probation Service, I need to run the monthly payroll'), text);
      assert.match(text, /✓ UN-PAY-001 — covered by [^\n]*REQ-PAY-001[^\n]* → ✓ traced end to end via ITT-3\.1/);
    });

    it("on a broken link: says no item has the id, then the rule's help", async () => {
      const at = await positionOf(fileUri(REQS), 'UN-PAY-02]', { offset: 2 });
      const text = hoverText(await exec('vscode.executeHoverProvider', fileUri(REQS), at));
      assert.ok(text.startsWith('**UN-PAY-02** — no item has this id.\n\n---\n\n**`broken-link`** (error) — a link to an id that does not exist'), text);
      assert.ok(text.includes('**How to fix:** correct the id'), text);
    });
  });

  describe('completion', () => {
    const references = (list) => list.items.filter((i) => i.kind === vscode.CompletionItemKind.Reference);
    const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

    it('offers the needs, and only needs, in satisfies, with their titles', async () => {
      const at = await positionOf(fileUri(REQS), 'satisfies: [UN-PAY-001]', { offset: 13 });
      const list = await exec('vscode.executeCompletionItemProvider', fileUri(REQS), at);
      const items = references(list);
      assert.deepStrictEqual(items.map(labelOf).sort(), ['UN-PAY-001', 'UN-PAY-002', 'UN-PAY-003']);
      const item = items.find((i) => labelOf(i) === 'UN-PAY-002');
      assert.strictEqual(item.detail, 'Pay allowances from approved time records');
      // It replaces the whole id under the cursor.
      const range = item.range.replacing || item.range;
      assert.strictEqual(fmtRange(range), '10:16-10:26');
    });

    it('offers live requirements, and only requirements, in covers', async () => {
      const at = await positionOf(fileUri(ITT), 'covers: [REQ-PAY-004]', { offset: 10 });
      const labels = references(await exec('vscode.executeCompletionItemProvider', fileUri(ITT), at)).map(labelOf);
      // Every id defined in the .reqs.yaml files (req-fin-004 is there too, with an invalid id).
      const requirements = ['REQ-PAY-001', 'REQ-PAY-002', 'REQ-PAY-003', 'REQ-PAY-004', 'REQ-PAY-005', 'REQ-PAY-010', 'REQ-PAY-011',
        'REQ-FIN-001', 'REQ-FIN-002', 'REQ-FIN-003', 'req-fin-004', 'REQ-PRC-001'];
      assert.deepStrictEqual(labels.filter((l) => !requirements.includes(l)), [], 'only requirements belong in covers');
      for (const id of ['REQ-PAY-001', 'REQ-PAY-004', 'REQ-PAY-010', 'REQ-FIN-001', 'REQ-PRC-001']) assert.ok(labels.includes(id), `${id} missing from ${labels}`);
      assert.ok(!labels.includes('REQ-PAY-003'), 'REQ-PAY-003 is withdrawn and must not be offered');
    });

    it('offers the values of priority from the schema', async () => {
      const at = await positionOf(fileUri(REQS), 'priority: must', { offset: 10 });
      const list = await exec('vscode.executeCompletionItemProvider', fileUri(REQS), at);
      const values = list.items.filter((i) => i.kind === vscode.CompletionItemKind.EnumMember).map(labelOf);
      assert.deepStrictEqual(values, ['must', 'should', 'could', 'wont']);
    });
  });

  describe('rename', () => {
    it('prepares with the id as placeholder', async () => {
      const at = await positionOf(fileUri(NEEDS), 'UN-PAY-001', { offset: 1 });
      const prepared = await exec('vscode.prepareRename', fileUri(NEEDS), at);
      assert.strictEqual(prepared.placeholder, 'UN-PAY-001');
      assert.strictEqual(fmtRange(prepared.range), '4:8-4:18');
    });

    it('changes the definition and every link, in every file, in one edit', async () => {
      const at = await positionOf(fileUri(NEEDS), 'UN-PAY-001', { offset: 1 });
      const edit = await exec('vscode.executeDocumentRenameProvider', fileUri(NEEDS), at, 'UN-PAY-100');
      const changed = [];
      for (const [uri, edits] of edit.entries()) {
        const document = await vscode.workspace.openTextDocument(uri);
        for (const e of edits) {
          assert.strictEqual(e.newText, 'UN-PAY-100');
          assert.strictEqual(document.getText(e.range), 'UN-PAY-001', `edit at ${rel(uri)} ${fmtRange(e.range)} replaces other text`);
          changed.push(`${rel(uri)} ${fmtRange(e.range)}`);
        }
      }
      assert.deepStrictEqual(changed.sort(), [...UN_PAY_001].sort());
    });

    it('refuses an id that is taken or not valid, with the reason', async () => {
      const at = await positionOf(fileUri(NEEDS), 'UN-PAY-001', { offset: 1 });
      await assert.rejects(exec('vscode.executeDocumentRenameProvider', fileUri(NEEDS), at, 'UN-PAY-002'), /UN-PAY-002 is already the id of a need/);
      await assert.rejects(exec('vscode.executeDocumentRenameProvider', fileUri(NEEDS), at, 'un-pay-1'), /not a valid id/);
    });
  });

  describe('code lens', () => {
    it('puts trace counts on every requirement', async () => {
      const lenses = await exec('vscode.executeCodeLensProvider', fileUri(REQS));
      const titles = lenses.map((l) => `${l.range.start.line}: ${l.command && l.command.title}`);
      assert.deepStrictEqual(titles, [
        '4: 1 need · 1 clause · covered',
        '13: 0 needs · 1 clause · covered',
        '24: withdrawn · 1 link to it',
        '34: 0 needs · 2 clauses · covered', // ITT-3.1 and ITT-3.4
        '43: 1 need · 0 clauses · not covered',
        '52: 0 needs · 1 clause · 1 child requirement · covered',
        '62: 0 needs · 1 clause · 1 child requirement · covered',
      ]);
      assert.strictEqual(lenses[0].command.command, 'reqtrace.showReferences');
    });

    it('says when a need is not covered', async () => {
      const lenses = await exec('vscode.executeCodeLensProvider', fileUri(NEEDS));
      assert.strictEqual(lenses.length, 3);
      assert.match(lenses[0].command.title, /^\d+ requirements · 1 clause · traced end to end$/);
      assert.strictEqual(lenses[2].command.title, '0 requirements · 0 clauses · not covered');
    });
  });

  describe('quick fixes', () => {
    it('offers "Change to UN-PAY-002" for the broken link, replacing just the id', async () => {
      const broken = vscode.languages.getDiagnostics(fileUri(REQS)).find((d) => d.message.startsWith('UN-PAY-02 does not exist'));
      assert.ok(broken, 'the broken-link diagnostic is missing');
      const actions = await exec('vscode.executeCodeActionProvider', fileUri(REQS), broken.range);
      const titles = actions.map((a) => a.title);
      assert.deepStrictEqual(titles, ['Change to UN-PAY-002', 'Create need UN-PAY-02 in payroll.needs.yaml']);
      const [change] = actions;
      assert.strictEqual(change.isPreferred, true);
      assert.strictEqual(change.kind.value, 'quickfix');
      const edits = change.edit.entries().flatMap(([uri, list]) => list.map((e) => `${rel(uri)} ${fmtRange(e.range)} → ${e.newText}`));
      assert.deepStrictEqual(edits, [`${REQS} 20:16-20:25 → UN-PAY-002`]);
    });
  });
});
