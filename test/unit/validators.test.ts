/**
 * The bundles validate with code that ajv generates at build time (validatorsModuleSource(), put in
 * place of validators.ts by scripts/build.mjs); the sources compile the same schemas when they load.
 * Both must give the same answer and the very same error objects, every field of them: schema.ts
 * reads keyword, instancePath, params, data and parentSchema to place and word its findings.
 */
import type { ValidateFunction } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { kindFromUri } from '../../server/src/core/parse/parse';
import { validators, validatorsModuleSource, type SchemaName } from '../../server/src/core/parse/validators';
import { configCases, fileCases, type SchemaCase } from './schemaCases';

const SAMPLES = fileURLToPath(new URL('../../samples', import.meta.url));

/** The generated module, run as CommonJS the way the bundles run it, with ajv's run-time helpers from node_modules. */
function generatedValidators(): Record<SchemaName, ValidateFunction> {
  const module = { exports: {} as { validators?: Record<SchemaName, ValidateFunction> } };
  const run = runInThisContext(`(function (module, exports, require) {\n${validatorsModuleSource()}\n})`, { filename: 'generated-validators.js' }) as (
    module: unknown,
    exports: unknown,
    require: NodeJS.Require,
  ) => void;
  run(module, module.exports, createRequire(import.meta.url));
  if (!module.exports.validators) throw new Error('the generated module exports no validators');
  return module.exports.validators;
}

/** Every requirements file in samples/ that is valid YAML, as a case. */
function sampleCases(): SchemaCase[] {
  const cases: SchemaCase[] = [];
  for (const entry of readdirSync(SAMPLES, { recursive: true, encoding: 'utf8' })) {
    const kind = kindFromUri(entry);
    if (!kind) continue;
    const doc = parseDocument(readFileSync(join(SAMPLES, entry), 'utf8'));
    if (doc.errors.length === 0) cases.push({ schema: kind, label: `samples/${entry}`, value: doc.toJS() });
  }
  return cases;
}

/** What a validator says of a value: whether it is valid, and its errors as they are. */
function outcome(validate: ValidateFunction, { label, value }: SchemaCase): { label: string; valid: boolean; errors: unknown } {
  const valid = validate(value);
  return { label, valid, errors: validate.errors };
}

describe('validators generated at build time', () => {
  const generated = generatedValidators();

  it('cover the same schemas', () => {
    expect(Object.keys(generated).sort()).toEqual(Object.keys(validators).sort());
  });

  const groups: [string, SchemaCase[]][] = [
    ['requirements files made wrong one field at a time', fileCases()],
    ['configs made wrong one field at a time', configCases()],
    ['the sample workspaces', sampleCases()],
  ];
  it.each(groups)('give the errors of the run-time compiled validators, to the last field: %s', (_, cases) => {
    expect(cases.length).toBeGreaterThan(5);
    for (const testCase of cases) {
      expect(outcome(generated[testCase.schema], testCase)).toStrictEqual(outcome(validators[testCase.schema], testCase));
    }
  });

  it('are compared on values that raise every kind of error schema.ts words, many at a time', () => {
    const keywords = new Set<string>();
    let mostErrors = 0;
    let valid = 0;
    for (const testCase of [...fileCases(), ...configCases(), ...sampleCases()]) {
      const validate = generated[testCase.schema];
      if (validate(testCase.value)) valid++;
      for (const error of validate.errors ?? []) keywords.add(error.keyword);
      mostErrors = Math.max(mostErrors, validate.errors?.length ?? 0);
    }
    const worded = ['required', 'additionalProperties', 'enum', 'const', 'type', 'pattern', 'minItems', 'minLength', 'maxLength', 'minimum', 'maximum'];
    expect([...keywords].sort()).toEqual(expect.arrayContaining([...worded, 'if', 'exclusiveMinimum'].sort()));
    expect(valid).toBeGreaterThan(10);
    expect(mostErrors).toBeGreaterThan(20);
  });
});
