/**
 * Values to validate against each schema, for tests that hold two ways of validating to the same
 * answers: a small valid file, and that file made wrong one field at a time. Every field of the
 * file, of an item and of the config is dropped or given values of every shape; the fields come
 * from the schemas, so a field added to a schema is covered without touching this file.
 */
import configSchema from '../../schemas/config.schema.json';
import ittSchema from '../../schemas/itt.schema.json';
import needsSchema from '../../schemas/needs.schema.json';
import requirementsSchema from '../../schemas/requirements.schema.json';
import type { Kind } from '../../server/src/core/model';
import type { SchemaName } from '../../server/src/core/parse/validators';

export interface SchemaCase {
  readonly schema: SchemaName;
  readonly label: string;
  readonly value: unknown;
}

/** Values of every JSON shape, and values that are right for some fields and wrong for others. */
const SHAPES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  101,
  '',
  'x',
  'A'.repeat(70),
  'REQ-HR-001',
  'req-1',
  'UN\u2010HR\u2010001',
  'needs',
  'scored',
  'information',
  'must',
  'warning',
  [],
  [null],
  ['REQ-1', 'not an id'],
  [1, 'x'],
  {},
  { a: 1 },
  { reason: '' },
];

const KINDS: readonly Kind[] = ['needs', 'requirements', 'itt'];
const FILE_SCHEMAS = { needs: needsSchema, requirements: requirementsSchema, itt: ittSchema };
const ITEM_SCHEMAS = { needs: needsSchema.definitions.need, requirements: requirementsSchema.definitions.requirement, itt: ittSchema.definitions.clause };
const VALID_ITEMS: Record<Kind, Record<string, unknown>> = {
  needs: { id: 'UN-1', title: 'File a claim', as: 'a clerk', need: 'I need to file a claim', 'so-that': 'it is paid' },
  requirements: { id: 'REQ-1', title: 'Claims', statement: 'The solution shall take claims.', type: 'functional', priority: 'must' },
  itt: { id: 'ITT-1', title: 'Claims', text: 'Describe how claims are taken.', response: 'pass-fail', covers: ['REQ-1'] },
};
const VALID_CONFIG = { files: ['**/*.needs.yaml'], exclude: ['old/**'], severity: { 'broken-link': 'warning' }, limits: { 'max-file-size-mb': 5 } };

/** `record` with `key` set to `value`, or without `key` when `value` is undefined. */
function withField(record: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...record };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}

const change = (key: string, value: unknown): string => `${key} ${value === undefined ? 'dropped' : `= ${JSON.stringify(value)}`}`;
const droppedOrShaped: readonly unknown[] = [undefined, ...SHAPES];

/** Cases for the three kinds of requirements file. */
export function fileCases(): SchemaCase[] {
  const cases: SchemaCase[] = [];
  for (const kind of KINDS) {
    // Each file has ids of its own, as in a workspace: hundreds of files with the same ids would
    // only make a checked workspace of them relate every file to every other.
    const item = (): Record<string, unknown> => ({ ...VALID_ITEMS[kind], id: `${String(VALID_ITEMS[kind].id)}.${cases.length + 1}` });
    const file = (): Record<string, unknown> => ({ kind, title: 'A file', items: [item()] });
    cases.push({ schema: kind, label: `a valid ${kind} file`, value: file() });
    for (const value of SHAPES) cases.push({ schema: kind, label: `a ${kind} file that is ${JSON.stringify(value)}`, value });
    for (const key of [...Object.keys(FILE_SCHEMAS[kind].properties), 'unknown']) {
      for (const value of droppedOrShaped) cases.push({ schema: kind, label: `a ${kind} file with ${change(key, value)}`, value: withField(file(), key, value) });
    }
    // One file per item field, with an item for each value: many errors at once, at many paths.
    for (const key of [...Object.keys(ITEM_SCHEMAS[kind].properties), 'priorty', '<<']) {
      const base = item();
      const items = droppedOrShaped.map((value) => withField(base, key, value));
      cases.push({ schema: kind, label: `a ${kind} file whose items have ${key} dropped or set to each shape`, value: { ...file(), items } });
    }
  }
  return cases;
}

/** Cases for reqtrace.config.yaml. */
export function configCases(): SchemaCase[] {
  const cases: SchemaCase[] = [{ schema: 'config', label: 'a valid config', value: VALID_CONFIG }];
  for (const value of SHAPES) cases.push({ schema: 'config', label: `a config that is ${JSON.stringify(value)}`, value });
  for (const key of [...Object.keys(configSchema.properties), 'unknown']) {
    for (const value of droppedOrShaped) cases.push({ schema: 'config', label: `a config with ${change(key, value)}`, value: withField(VALID_CONFIG, key, value) });
  }
  for (const section of ['severity', 'limits'] as const) {
    const keys = [...Object.keys(configSchema.properties[section].properties), 'unknown'];
    for (const value of SHAPES) {
      const settings = Object.fromEntries(keys.map((key) => [key, value]));
      cases.push({ schema: 'config', label: `a config whose ${section} are all ${JSON.stringify(value)}`, value: { ...VALID_CONFIG, [section]: settings } });
    }
  }
  return cases;
}
