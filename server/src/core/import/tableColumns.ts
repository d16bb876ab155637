/**
 * The words spreadsheets use: the header names that stand for each field of each kind, and the
 * values that stand for each MoSCoW priority, status, type, verification method and response type.
 * Headers are compared with case, spaces and punctuation removed, so "Req. ID", "req id" and
 * "REQ_ID" are one name.
 */
import type { Kind } from '../model';

/** How a field's cell becomes a value in the YAML. */
export type FieldShape = 'text' | 'lines' | 'list' | 'links' | 'link' | 'enum' | 'weighting' | 'waiver';

export interface TableField {
  readonly name: string;
  readonly shape: FieldShape;
  /** Header names, normalised (see normaliseHeader), best first. */
  readonly headers: readonly string[];
  /** Header names that stand for the field when the header starts with them ("So that I can…"). */
  readonly headerPrefixes?: readonly string[];
  /** For links: the prefix put before an id that does not start with a letter. */
  readonly linkPrefix?: string;
}

const ID_HEADERS: Record<Kind, readonly string[]> = {
  needs: ['id', 'needid', 'userneedid', 'needref', 'ref', 'reference', 'refno', 'referencenumber', 'identifier', 'uniqueid', 'no', 'number'],
  requirements: ['id', 'reqid', 'requirementid', 'reqref', 'requirementref', 'requirementreference', 'ref', 'reference', 'refno', 'referencenumber', 'requirementno', 'requirementnumber', 'identifier', 'uniqueid', 'no', 'number'],
  itt: ['id', 'clauseid', 'clauseref', 'clauseno', 'clausenumber', 'questionid', 'questionref', 'questionno', 'ittref', 'ittid', 'ref', 'reference', 'refno', 'referencenumber', 'identifier', 'no', 'number'],
};

const TITLE: TableField = { name: 'title', shape: 'text', headers: ['title', 'name', 'summary', 'shorttitle', 'heading', 'shortname', 'requirementtitle', 'needtitle', 'clausetitle', 'questiontitle'] };
const PRIORITY: TableField = { name: 'priority', shape: 'enum', headers: ['priority', 'moscow', 'moscowpriority', 'moscowrating', 'moscowcategory'] };
const COMMON_LAST: readonly TableField[] = [
  { name: 'status', shape: 'enum', headers: ['status', 'state', 'approvalstatus', 'requirementstatus'] },
  { name: 'tags', shape: 'list', headers: ['tags', 'tag', 'labels', 'label', 'keywords'] },
  { name: 'notes', shape: 'text', headers: ['notes', 'note', 'comments', 'comment', 'remarks'] },
];

/** The fields a row of each kind may fill, in the order their columns are looked for. */
export const TABLE_FIELDS: Record<Kind, readonly TableField[]> = {
  needs: [
    { name: 'id', shape: 'text', headers: ID_HEADERS.needs },
    TITLE,
    { name: 'as', shape: 'text', headers: ['as', 'asa', 'asan', 'user', 'usertype', 'role', 'persona', 'actor'], headerPrefixes: ['asa'] },
    { name: 'need', shape: 'text', headers: ['need', 'ineed', 'ineedto', 'needtext', 'userneed', 'userneedstatement', 'needstatement', 'statement', 'description', 'text'], headerPrefixes: ['ineed'] },
    { name: 'so-that', shape: 'text', headers: ['sothat', 'benefit', 'outcome', 'why'], headerPrefixes: ['sothat'] },
    { name: 'departments', shape: 'list', headers: ['departments', 'department', 'depts', 'dept', 'organisations', 'organisation', 'organizations', 'organization'] },
    PRIORITY,
    { name: 'pain-points', shape: 'lines', headers: ['painpoints', 'painpoint', 'pains', 'problems'] },
    { name: 'opportunities', shape: 'lines', headers: ['opportunities', 'opportunity'] },
    { name: 'source', shape: 'text', headers: ['source', 'origin', 'sourcedocument', 'raisedby'] },
    ...COMMON_LAST,
  ],
  requirements: [
    { name: 'id', shape: 'text', headers: ID_HEADERS.requirements },
    TITLE,
    { name: 'statement', shape: 'text', headers: ['statement', 'requirement', 'requirementtext', 'requirementstatement', 'requirementdescription', 'description', 'text', 'detail', 'details'] },
    { name: 'type', shape: 'enum', headers: ['type', 'requirementtype', 'reqtype', 'functionalnonfunctional'] },
    { name: 'category', shape: 'text', headers: ['category', 'area', 'theme', 'workstream', 'module', 'group', 'capability'] },
    PRIORITY,
    {
      name: 'satisfies',
      shape: 'links',
      linkPrefix: 'UN',
      headers: ['satisfies', 'userneed', 'userneeds', 'needid', 'needids', 'need', 'needs', 'needref', 'needrefs', 'userneedid', 'userneedids', 'linkedneeds', 'linkedneed', 'satisfiesneed', 'satisfiesneeds', 'tracesto'],
    },
    { name: 'parent', shape: 'link', linkPrefix: 'REQ', headers: ['parent', 'parentid', 'parentrequirement', 'parentreq', 'parentref'] },
    { name: 'acceptance', shape: 'lines', headers: ['acceptance', 'acceptancecriteria', 'acceptancecriterion', 'ac', 'criteria'] },
    { name: 'verification', shape: 'enum', headers: ['verification', 'verificationmethod', 'testmethod', 'verifiedby', 'howverified'] },
    { name: 'waiver', shape: 'waiver', headers: ['waiver', 'waiverreason', 'waived', 'waivedbecause'] },
    ...COMMON_LAST,
  ],
  itt: [
    { name: 'id', shape: 'text', headers: ID_HEADERS.itt },
    TITLE,
    { name: 'text', shape: 'text', headers: ['text', 'clausetext', 'question', 'questiontext', 'statement', 'description', 'requirement', 'clause', 'detail'] },
    { name: 'response', shape: 'enum', headers: ['response', 'responsetype', 'typeofresponse', 'responseformat', 'evaluation', 'evaluationtype', 'evaluationmethod', 'scoring', 'assessment'] },
    { name: 'weighting', shape: 'weighting', headers: ['weighting', 'weight', 'weightingpercent', 'weightpercent', 'weightings', 'scoreweighting', 'weightingpc'] },
    {
      name: 'covers',
      shape: 'links',
      linkPrefix: 'REQ',
      headers: ['covers', 'requirements', 'requirementids', 'reqids', 'reqs', 'requirementrefs', 'reqrefs', 'linkedrequirements', 'coveredrequirements', 'requirementid', 'reqid', 'tracesto'],
    },
    ...COMMON_LAST,
  ],
};

/** The fields each item of a kind must have, to say which are missing from a sheet. */
export const REQUIRED_FIELDS: Record<Kind, readonly string[]> = {
  needs: ['title', 'as', 'need', 'so-that'],
  requirements: ['title', 'statement', 'type', 'priority'],
  itt: ['title', 'text', 'response'],
};

/** The field whose text makes a title when a row has none. */
export const TEXT_FIELD: Record<Kind, string> = { needs: 'need', requirements: 'statement', itt: 'text' };

/** A header as it is compared: lower case letters and digits only, accents dropped. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** The values each enumerated field takes, and the words spreadsheets write for them (normalised like headers). */
const VALUES: Record<string, Record<string, readonly string[]>> = {
  priority: {
    must: ['must', 'musthave', 'm', 'mandatory', 'essential'],
    should: ['should', 'shouldhave', 's', 'desirable', 'important'],
    could: ['could', 'couldhave', 'c', 'nicetohave', 'optional'],
    wont: ['wont', 'wonthave', 'w', 'willnot', 'willnothave', 'wonthavethistime', 'notthistime'],
  },
  status: {
    draft: ['draft', 'indraft', 'new', 'open'],
    proposed: ['proposed', 'forreview', 'inreview', 'underreview', 'submitted', 'review'],
    agreed: ['agreed', 'approved', 'accepted', 'baselined', 'signedoff', 'final', 'confirmed'],
    withdrawn: ['withdrawn', 'deleted', 'removed', 'rejected', 'cancelled', 'canceled', 'obsolete', 'superseded', 'retired'],
  },
  type: {
    functional: ['functional', 'f', 'fr', 'func', 'functionalrequirement'],
    'non-functional': ['nonfunctional', 'nf', 'nfr', 'nonfunc', 'nonfunctionalrequirement', 'quality', 'technical'],
  },
  verification: {
    test: ['test', 't', 'testing', 'tested'],
    inspection: ['inspection', 'i', 'inspect', 'review'],
    demonstration: ['demonstration', 'd', 'demo', 'demonstrate'],
    analysis: ['analysis', 'a', 'analyse', 'analyze'],
  },
  response: {
    scored: ['scored', 'score', 'quality', 'qualityscored', 'evaluated', 'weighted'],
    'pass-fail': ['passfail', 'pass', 'passorfail', 'yesno', 'mandatory', 'compliance', 'compliant'],
    information: ['information', 'forinformation', 'info', 'informationonly', 'forinfo', 'notscored', 'fyi'],
  },
};

/** The value `text` stands for in the enumerated field `field`, or undefined. */
export function enumValue(field: string, text: string): string | undefined {
  const words = VALUES[field];
  if (!words) return undefined;
  const normal = normaliseHeader(text);
  for (const [value, synonyms] of Object.entries(words)) if (synonyms.includes(normal)) return value;
  return undefined;
}

/** The values of an enumerated field, for messages. */
export function enumValues(field: string): string[] {
  return Object.keys(VALUES[field] ?? {});
}
