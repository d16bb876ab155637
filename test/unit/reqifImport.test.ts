/** The pure parts of `import reqif`: references and XHTML to text, the XML reader's bounds, the name rules, and one inline file through the whole mapping. */
import { describe, expect, it } from 'vitest';
import { ImportRefusal } from '../../server/src/core/import/importer';
import { importReqif } from '../../server/src/core/import/reqif';
import { enumValue, kindOfTypeName } from '../../server/src/core/import/reqifFields';
import { scanXml } from '../../server/src/core/import/reqifScan';
import { readReqif } from '../../server/src/core/import/reqifXml';
import { decodeXmlText, xhtmlToText } from '../../server/src/core/import/reqifText';

describe('decodeXmlText', () => {
  it('decodes the five entities and numeric references, one character each, and nothing else', () => {
    expect(decodeXmlText('a &lt;b&gt; &amp;amp; &quot;q&quot; &apos;s&apos; &#65;&#x42;&#x1F600;')).toBe('a <b> &amp; "q" \'s\' AB\u{1F600}');
    expect(decodeXmlText('&nbsp; &unknown; & alone')).toBe('&nbsp; &unknown; & alone');
    expect(decodeXmlText('&#0;&#xD800;&#x110000;&#1;&#9;')).toBe('\uFFFD\uFFFD\uFFFD\uFFFD\t');
  });
});

describe('xhtmlToText', () => {
  it('makes paragraphs, breaks and list items lines, collapses layout white space, keeps <pre>', () => {
    expect(xhtmlToText('<xhtml:div>\n  <xhtml:p>One  &amp;\n two</xhtml:p><xhtml:p>Three<xhtml:br/>four</xhtml:p></xhtml:div>')).toBe('One & two\nThree\nfour');
    expect(xhtmlToText('<div>Intro<ul><li>first</li><li>second <b>bold</b></li></ul></div>')).toBe('Intro\n- first\n- second bold');
    expect(xhtmlToText('<div>a<br/><br/>b</div>')).toBe('a\n\nb');
    expect(xhtmlToText('<pre>  x\n  y</pre>')).toBe('  x\n  y');
    expect(xhtmlToText('<div>some data<br/>&#9;Subtitle<br/></div>')).toBe('some data\n\tSubtitle');
    expect(xhtmlToText('<div><![CDATA[<not a tag> &amp;]]></div>')).toBe('<not a tag> &amp;');
    expect(xhtmlToText('<table><tr><td>a</td><td>b</td></tr></table>')).toBe('a | b');
  });
});

describe('scanXml', () => {
  const limits = { maxElements: 100, maxDepth: 10, rawElements: new Set(['THE-VALUE']), keptAttributes: new Set(['IDENTIFIER']) };
  it('builds elements in order, drops namespace prefixes, keeps only the attributes asked for and raw values as written', () => {
    const root = scanXml('<r:A IDENTIFIER="x" DESC="y"><__proto__>1</__proto__><B/><C> t <![CDATA[a&b]]> </C><B/><THE-VALUE><x:p>a<x:br/>b</x:p></THE-VALUE></r:A>', limits);
    expect(root.name).toBe('A');
    expect(root.attributes).toEqual(['IDENTIFIER', 'x']);
    expect(root.attribute('DESC')).toBeUndefined();
    expect(root.children.map((child) => child.name)).toEqual(['__proto__', 'B', 'C', 'B', 'THE-VALUE']);
    expect(root.child('__proto__')?.text).toBe('1');
    expect(root.all('B')).toHaveLength(2);
    expect(root.child('C')?.text).toBe('ta&amp;b');
    expect(root.child('THE-VALUE')?.text).toBe('<x:p>a<x:br/>b</x:p>');
    expect(root.child('THE-VALUE')?.children).toEqual([]);
  });
  it('refuses what is not well-formed, and past its bounds', () => {
    expect(() => scanXml('<A><B></A>', limits)).toThrow(/the end tag 'A' where 'B' should end/);
    expect(() => scanXml('<A><B>', limits)).toThrow(/ends before 'B' is closed/);
    expect(() => scanXml('<A x="1" x="2"/>', limits)).toThrow(/written twice/);
    expect(() => scanXml('<A/><B/>', limits)).toThrow(/second root/);
    expect(() => scanXml('<A><THE-VALUE><p></THE-VALUE></A>', limits)).toThrow(/where 'p' should end/);
    expect(() => scanXml('<!DOCTYPE a><A/>', limits)).toThrow(/markup declaration/);
    expect(() => scanXml(`${'<A>'.repeat(11)}${'</A>'.repeat(11)}`, limits)).toThrow(/nested more than 10 deep/);
    expect(() => scanXml(`<A>${'<B/>'.repeat(100)}</A>`, limits)).toThrow(/more than 100 elements/);
    expect(() => scanXml('<A></AB>', limits)).toThrow(/the end tag 'AB' where 'A' should end/);
    expect(() => scanXml('<A></A', limits)).toThrow(/the end tag 'A' is not closed/);
    expect(() => scanXml('<A/></A>', limits)).toThrow(/end tag 'A' with no start tag/);
    expect(() => scanXml('<A x="1"', limits)).toThrow(/the tag 'A' is not closed/);
  });

  it('hands elements named to be handed off to their function as each one closes, not keeping them', () => {
    const handed: string[] = [];
    const handOff = new Map([['O', (node: { attribute(name: string): string | undefined }, parent: { name: string }) => handed.push(`${parent.name}:${node.attribute('IDENTIFIER') ?? ''}`)]]);
    const root = scanXml('<A><OS><O IDENTIFIER="1"><V/></O><O IDENTIFIER="2"/></OS><O IDENTIFIER="3"></O></A>', { ...limits, handOff });
    expect(handed).toEqual(['OS:1', 'OS:2', 'A:3']);
    expect(root.child('OS')?.children).toEqual([]);
    expect(root.children.map((child) => child.name)).toEqual(['OS']);
  });
});

describe('readReqif bounds', () => {
  it('refuses a file with more spec objects than it imports, while reading it', () => {
    const objects = '<SPEC-OBJECT IDENTIFIER="o"/>'.repeat(200_001);
    const text = `<REQ-IF><CORE-CONTENT><REQ-IF-CONTENT><SPEC-OBJECTS>${objects}</SPEC-OBJECTS></REQ-IF-CONTENT></CORE-CONTENT></REQ-IF>`;
    expect(() => readReqif(new TextEncoder().encode(text), 'big.reqif')).toThrow(new ImportRefusal("'big.reqif' has more than 200,000 spec objects: reqtrace imports up to 200,000 from one file"));
  });
});

describe('names', () => {
  it('finds kinds in type names', () => {
    expect(kindOfTypeName('User need')).toBe('needs');
    expect(kindOfTypeName('Stakeholder Requirement')).toBe('needs');
    expect(kindOfTypeName('Requirement Type')).toBe('requirements');
    expect(kindOfTypeName('SysReq')).toBe('requirements');
    expect(kindOfTypeName('ITT clause')).toBe('itt');
    expect(kindOfTypeName('Tender question')).toBe('itt');
    expect(kindOfTypeName('TC1300 SpecObjectType')).toBeUndefined();
  });
  it("maps tools' enumeration values to the schema's", () => {
    const priorities = ['must', 'should', 'could', 'wont'];
    expect(enumValue('priority', 'Must have', priorities)).toBe('must');
    expect(enumValue('priority', "Won't have", priorities)).toBe('wont');
    expect(enumValue('priority', 'High', priorities)).toBe('must');
    expect(enumValue('priority', 'Urgent', priorities)).toBeUndefined();
    expect(enumValue('status', 'Approved', ['draft', 'proposed', 'agreed', 'withdrawn'])).toBe('agreed');
    expect(enumValue('status', 'Rejected', ['draft', 'proposed', 'agreed', 'withdrawn'])).toBe('withdrawn');
    expect(enumValue('type', 'Non-Functional', ['functional', 'non-functional'])).toBe('non-functional');
  });
});

const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd" xmlns:xhtml="http://www.w3.org/1999/xhtml">
<CORE-CONTENT><REQ-IF-CONTENT>
<DATATYPES>
  <DATATYPE-DEFINITION-STRING IDENTIFIER="dt-s" LONG-NAME="s"/>
  <DATATYPE-DEFINITION-XHTML IDENTIFIER="dt-x" LONG-NAME="x"/>
  <DATATYPE-DEFINITION-ENUMERATION IDENTIFIER="dt-p" LONG-NAME="Priority"><SPECIFIED-VALUES>
    <ENUM-VALUE IDENTIFIER="p-must" LONG-NAME="Must have"/><ENUM-VALUE IDENTIFIER="p-urgent" LONG-NAME="Urgent"/>
  </SPECIFIED-VALUES></DATATYPE-DEFINITION-ENUMERATION>
</DATATYPES>
<SPEC-TYPES>
  <SPEC-OBJECT-TYPE IDENTIFIER="t-need" LONG-NAME="Stakeholder Need"><SPEC-ATTRIBUTES>
    <ATTRIBUTE-DEFINITION-STRING IDENTIFIER="n-id" LONG-NAME="ReqIF.ForeignID"><TYPE><DATATYPE-DEFINITION-STRING-REF>dt-s</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>
    <ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="n-text" LONG-NAME="ReqIF.Text"><TYPE><DATATYPE-DEFINITION-XHTML-REF>dt-x</DATATYPE-DEFINITION-XHTML-REF></TYPE></ATTRIBUTE-DEFINITION-XHTML>
    <ATTRIBUTE-DEFINITION-STRING IDENTIFIER="n-name" LONG-NAME="ReqIF.Name"><TYPE><DATATYPE-DEFINITION-STRING-REF>dt-s</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>
  </SPEC-ATTRIBUTES></SPEC-OBJECT-TYPE>
  <SPEC-OBJECT-TYPE IDENTIFIER="t-req" LONG-NAME="System Requirement"><SPEC-ATTRIBUTES>
    <ATTRIBUTE-DEFINITION-STRING IDENTIFIER="r-id" LONG-NAME="ReqIF.ForeignID"><TYPE><DATATYPE-DEFINITION-STRING-REF>dt-s</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>
    <ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="r-head" LONG-NAME="Object Heading"><TYPE><DATATYPE-DEFINITION-XHTML-REF>dt-x</DATATYPE-DEFINITION-XHTML-REF></TYPE></ATTRIBUTE-DEFINITION-XHTML>
    <ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="r-text" LONG-NAME="Object Text"><TYPE><DATATYPE-DEFINITION-XHTML-REF>dt-x</DATATYPE-DEFINITION-XHTML-REF></TYPE></ATTRIBUTE-DEFINITION-XHTML>
    <ATTRIBUTE-DEFINITION-ENUMERATION IDENTIFIER="r-prio" LONG-NAME="Priority"><TYPE><DATATYPE-DEFINITION-ENUMERATION-REF>dt-p</DATATYPE-DEFINITION-ENUMERATION-REF></TYPE></ATTRIBUTE-DEFINITION-ENUMERATION>
    <ATTRIBUTE-DEFINITION-STRING IDENTIFIER="r-type" LONG-NAME="Type"><DEFAULT-VALUE><ATTRIBUTE-VALUE-STRING THE-VALUE="Functional"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>r-type</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING></DEFAULT-VALUE><TYPE><DATATYPE-DEFINITION-STRING-REF>dt-s</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>
    <ATTRIBUTE-DEFINITION-STRING IDENTIFIER="r-safety" LONG-NAME="Safety Level"><TYPE><DATATYPE-DEFINITION-STRING-REF>dt-s</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>
  </SPEC-ATTRIBUTES></SPEC-OBJECT-TYPE>
  <SPEC-OBJECT-TYPE IDENTIFIER="t-other" LONG-NAME="Picture"/>
  <SPEC-RELATION-TYPE IDENTIFIER="rt-link" LONG-NAME="Link"/>
  <SPEC-RELATION-TYPE IDENTIFIER="rt-sat" LONG-NAME="is satisfied by"/>
</SPEC-TYPES>
<SPEC-OBJECTS>
  <SPEC-OBJECT IDENTIFIER="o-n1"><TYPE><SPEC-OBJECT-TYPE-REF>t-need</SPEC-OBJECT-TYPE-REF></TYPE><VALUES>
    <ATTRIBUTE-VALUE-STRING THE-VALUE="SN-1"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>n-id</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>
    <ATTRIBUTE-VALUE-STRING THE-VALUE="Pay on time"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>n-name</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>
    <ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>n-text</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE><xhtml:div>As a payroll officer, I need to run payroll &amp; pensions, so that staff are paid on time.</xhtml:div></THE-VALUE></ATTRIBUTE-VALUE-XHTML>
  </VALUES></SPEC-OBJECT>
  <SPEC-OBJECT IDENTIFIER="o-n2"><TYPE><SPEC-OBJECT-TYPE-REF>t-need</SPEC-OBJECT-TYPE-REF></TYPE><VALUES>
    <ATTRIBUTE-VALUE-STRING THE-VALUE="SN-2"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>n-id</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>
  </VALUES></SPEC-OBJECT>
  <SPEC-OBJECT IDENTIFIER="o-h"><TYPE><SPEC-OBJECT-TYPE-REF>t-req</SPEC-OBJECT-TYPE-REF></TYPE><VALUES>
    <ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>r-head</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE><xhtml:div>1 Introduction</xhtml:div></THE-VALUE></ATTRIBUTE-VALUE-XHTML>
  </VALUES></SPEC-OBJECT>
  <SPEC-OBJECT IDENTIFIER="o-r1"><TYPE><SPEC-OBJECT-TYPE-REF>t-req</SPEC-OBJECT-TYPE-REF></TYPE><VALUES>
    <ATTRIBUTE-VALUE-STRING THE-VALUE="12"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>r-id</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>
    <ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>r-text</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE><xhtml:p>The system shall pay staff.</xhtml:p></THE-VALUE></ATTRIBUTE-VALUE-XHTML>
    <ATTRIBUTE-VALUE-ENUMERATION><DEFINITION><ATTRIBUTE-DEFINITION-ENUMERATION-REF>r-prio</ATTRIBUTE-DEFINITION-ENUMERATION-REF></DEFINITION><VALUES><ENUM-VALUE-REF>p-must</ENUM-VALUE-REF></VALUES></ATTRIBUTE-VALUE-ENUMERATION>
    <ATTRIBUTE-VALUE-STRING THE-VALUE="SIL 2"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>r-safety</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>
  </VALUES></SPEC-OBJECT>
  <SPEC-OBJECT IDENTIFIER="o-r2"><TYPE><SPEC-OBJECT-TYPE-REF>t-req</SPEC-OBJECT-TYPE-REF></TYPE><VALUES>
    <ATTRIBUTE-VALUE-STRING THE-VALUE="SR-2"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>r-id</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>
    <ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>r-text</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE><xhtml:p>Loose requirement.</xhtml:p></THE-VALUE></ATTRIBUTE-VALUE-XHTML>
    <ATTRIBUTE-VALUE-ENUMERATION><DEFINITION><ATTRIBUTE-DEFINITION-ENUMERATION-REF>r-prio</ATTRIBUTE-DEFINITION-ENUMERATION-REF></DEFINITION><VALUES><ENUM-VALUE-REF>p-urgent</ENUM-VALUE-REF></VALUES></ATTRIBUTE-VALUE-ENUMERATION>
  </VALUES></SPEC-OBJECT>
  <SPEC-OBJECT IDENTIFIER="o-pic"><TYPE><SPEC-OBJECT-TYPE-REF>t-other</SPEC-OBJECT-TYPE-REF></TYPE></SPEC-OBJECT>
</SPEC-OBJECTS>
<SPEC-RELATIONS>
  <SPEC-RELATION IDENTIFIER="rel-1"><SOURCE><SPEC-OBJECT-REF>o-n1</SPEC-OBJECT-REF></SOURCE><TARGET><SPEC-OBJECT-REF>o-r1</SPEC-OBJECT-REF></TARGET><TYPE><SPEC-RELATION-TYPE-REF>rt-sat</SPEC-RELATION-TYPE-REF></TYPE></SPEC-RELATION>
  <SPEC-RELATION IDENTIFIER="rel-2"><SOURCE><SPEC-OBJECT-REF>o-n1</SPEC-OBJECT-REF></SOURCE><TARGET><SPEC-OBJECT-REF>o-n2</SPEC-OBJECT-REF></TARGET><TYPE><SPEC-RELATION-TYPE-REF>rt-link</SPEC-RELATION-TYPE-REF></TYPE></SPEC-RELATION>
  <SPEC-RELATION IDENTIFIER="rel-3"><SOURCE><SPEC-OBJECT-REF>o-r2</SPEC-OBJECT-REF></SOURCE><TARGET><SPEC-OBJECT-REF>o-gone</SPEC-OBJECT-REF></TARGET><TYPE><SPEC-RELATION-TYPE-REF>rt-link</SPEC-RELATION-TYPE-REF></TYPE></SPEC-RELATION>
  <SPEC-RELATION IDENTIFIER="rel-4"><SOURCE><SPEC-OBJECT-REF>o-r2</SPEC-OBJECT-REF></SOURCE><TARGET><SPEC-OBJECT-REF>o-r1</SPEC-OBJECT-REF></TARGET><TYPE><SPEC-RELATION-TYPE-REF>rt-link</SPEC-RELATION-TYPE-REF></TYPE></SPEC-RELATION>
</SPEC-RELATIONS>
<SPECIFICATIONS>
  <SPECIFICATION IDENTIFIER="spec-1" LONG-NAME="Payroll: needs &amp; requirements"><CHILDREN>
    <SPEC-HIERARCHY IDENTIFIER="h1"><OBJECT><SPEC-OBJECT-REF>o-h</SPEC-OBJECT-REF></OBJECT><CHILDREN>
      <SPEC-HIERARCHY IDENTIFIER="h2"><OBJECT><SPEC-OBJECT-REF>o-r1</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY>
      <SPEC-HIERARCHY IDENTIFIER="h3"><OBJECT><SPEC-OBJECT-REF>o-n2</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY>
    </CHILDREN></SPEC-HIERARCHY>
    <SPEC-HIERARCHY IDENTIFIER="h4"><OBJECT><SPEC-OBJECT-REF>o-n1</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY>
  </CHILDREN></SPECIFICATION>
</SPECIFICATIONS>
</REQ-IF-CONTENT></CORE-CONTENT></REQ-IF>
`;

describe('importReqif', () => {
  const bytes = new TextEncoder().encode(`\uFEFF${SAMPLE}`);

  it('maps types, fields, values and relations, and says what it changed and left out', () => {
    const result = importReqif(bytes, 'payroll.reqif');
    expect(result.files.map((file) => [file.path, file.kind, file.title, file.items.map((item) => item.id)])).toEqual([
      ['payroll-needs-requirements.reqs.yaml', 'requirements', 'Payroll: needs & requirements', ['REQ-12']],
      ['payroll-needs-requirements.needs.yaml', 'needs', 'Payroll: needs & requirements', ['SN-2', 'SN-1']],
      ['payroll.reqs.yaml', 'requirements', undefined, ['SR-2']],
    ]);
    const [reqs, needs, loose] = result.files;
    expect(reqs?.items[0]).toEqual({
      id: 'REQ-12',
      comment: 'ReqIF.ForeignID: 12',
      fields: { title: 'The system shall pay staff.', statement: 'The system shall pay staff.', type: 'functional', priority: 'must', satisfies: ['SN-1'] },
    });
    expect(needs?.items[1]?.fields).toEqual({ title: 'Pay on time', as: 'a payroll officer', need: 'I need to run payroll & pensions', 'so-that': 'so that staff are paid on time.' });
    expect(loose?.items[0]?.fields).toEqual({ title: 'Loose requirement.', statement: 'Loose requirement.', type: 'functional', parent: 'REQ-12' });
    expect(result.skipped).toEqual([
      '1 object that are headings (a chapter name and no text), which reqtrace has no item for: \'1 Introduction\'',
      "1 object of type 'Picture': no kind for this type; map it with --map \"Picture=requirements\" (or needs, itt)",
      '1 relation from a need to a need, which reqtrace has no link for: SN-1 → SN-2 (rel-2)',
      '1 relation to or from an object not in the file: rel-3',
    ]);
    expect(result.changed).toEqual([
      '1 need written as one sentence: split into as, need and so-that',
      "attribute 'Safety Level' has no requirement field: left out of 1 requirement",
      '2 requirements had no name: titled with the first words of their text',
      "priority 'Must have' written as must (1 item)",
      "type 'Functional' written as functional (2 items)",
      "priority 'Urgent' (attribute 'Priority') is not must, should, could, wont: left out of 1 item",
      "1 ForeignID made valid ids, the original kept in a comment: '12' → REQ-12",
      "1 relation from a need to a requirement read as the requirement's satisfies",
      '1 need without title in the source: written without it; reqtrace check reports it',
      '1 need without as in the source: written without it; reqtrace check reports it',
      '1 need without need in the source: written without it; reqtrace check reports it',
      '1 need without so-that in the source: written without it; reqtrace check reports it',
      '1 requirement without priority in the source: written without it; reqtrace check reports it',
    ]);
  });

  it('maps with --map by name and skips a type', () => {
    const result = importReqif(bytes, 'payroll.reqif', { map: ['Picture=itt', 'Stakeholder Need=skip'] });
    expect(result.files.map((file) => file.kind)).toEqual(['requirements', 'requirements', 'itt']);
    expect(result.skipped[0]).toBe("2 objects of type 'Stakeholder Need': --map says skip");
    expect(() => importReqif(bytes, 'payroll.reqif', { map: ['Nope=needs'] })).toThrow(ImportRefusal);
  });
});
