/**
 * What yaml's composer makes of a plain scalar, and which plain keys it reads as strings: the
 * core-schema tags parseDocument uses by default (YAML 1.2), taken from yaml itself, so that the
 * scanner (scanYaml.ts) resolves scalars exactly as it does.
 */
import { Document, isScalar } from 'yaml';

const DEFAULTS = new Document();
const OPTIONS = DEFAULTS.options;
type ScalarTag = { test: RegExp; resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown };
const TAGS = DEFAULTS.schema.tags as unknown as readonly (ScalarTag & { default?: boolean | 'key'; collection?: string })[];
/** The tags a plain scalar is tried against, in order (yaml's findScalarTagByTest). */
const VALUE_TAGS = TAGS.filter((tag) => tag.default === true && tag.test && !tag.collection);
/** A plain key matching one of these would not be a string. */
const KEY_TAGS = TAGS.filter((tag) => (tag.default === true || tag.default === 'key') && tag.test && !tag.collection);

/** Letters no core-schema tag can match at the start of a scalar (only n/N, t/T and f/F begin null and booleans). */
function plainWordStart(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a && lower !== 0x6e && lower !== 0x74 && lower !== 0x66;
}

/**
 * The value of a plain scalar whose text (as written, trimmed) is `text`: a string, number,
 * boolean or null. `fail` is called for anything the composer would report, or read as an object.
 */
export function plainScalarValue(text: string, fail: () => never): unknown {
  if (plainWordStart(text.charCodeAt(0))) return text;
  const tag = VALUE_TAGS.find((candidate) => candidate.test.test(text));
  if (!tag) return text;
  let value = tag.resolve(text, fail, OPTIONS);
  // Some tags resolve to a Scalar (booleans, null), as yaml's composeScalar allows.
  if (isScalar(value)) value = value.value;
  if (typeof value === 'object' && value !== null) fail();
  return value;
}

/** Whether a plain key reads as this string and may be set on a plain object (`__proto__` and the merge key `<<` may not). */
export function plainKeyIsString(name: string): boolean {
  if (name === '__proto__' || name === '<<') return false;
  return plainWordStart(name.charCodeAt(0)) || !KEY_TAGS.some((tag) => tag.test.test(name));
}
