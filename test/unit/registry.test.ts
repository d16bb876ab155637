/**
 * Everything written about the rules elsewhere is the registry's: package.json's reqtrace.severity
 * setting, the config schema's severity and rules keys, and the README's table. Edit one by hand
 * and these fail; after changing a rule, write them anew with
 *   REQTRACE_WRITE_RULES=1 npx vitest run test/unit/registry.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configRulesProperties, configSeverityProperties, readmeTable, severitySettingProperties } from '../../server/src/core/checks/catalog';
import { CHECK_RULES, RULES, ruleFor } from '../../server/src/core/checks/registry';
import { CODES } from '../../server/src/core/config';

const root = join(__dirname, '..', '..');
const write = process.env.REQTRACE_WRITE_RULES === '1';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape, read and written back
type Json = any;

/** Reads a JSON file, lets `update` change it when writing, and returns what it holds. */
function jsonFile(name: string, update: (json: Json) => void): Json {
  const path = join(root, name);
  const json: Json = JSON.parse(readFileSync(path, 'utf8'));
  if (write) {
    update(json);
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  }
  return json;
}

describe('the rule registry', () => {
  it('declares every code once, each with a severity, summary, where, help and reads', () => {
    const codes = RULES.map((rule) => rule.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const rule of RULES) {
      expect(['error', 'warning', 'info', 'hint']).toContain(rule.severity);
      expect(rule.summary.length, rule.code).toBeGreaterThan(10);
      expect(rule.where.length, rule.code).toBeGreaterThan(3);
      expect(rule.help, rule.code).toMatch(/\*\*How to fix:\*\*/);
      expect(ruleFor(rule.code)).toBe(rule);
    }
    expect(Object.keys(CODES)).toEqual(codes);
    // Check rules say what they read beyond their own item (or nothing, when they read only it).
    for (const rule of CHECK_RULES) expect(Array.isArray(rule.reads), rule.code).toBe(true);
  });

  it("is what package.json's reqtrace.severity setting lists", () => {
    const pkg = jsonFile('package.json', (json) => {
      json.contributes.configuration.properties['reqtrace.severity'].properties = severitySettingProperties();
    });
    expect(pkg.contributes.configuration.properties['reqtrace.severity'].properties).toEqual(severitySettingProperties());
  });

  it("is what the config schema's severity and rules keys list", () => {
    const schema = jsonFile('schemas/config.schema.json', (json) => {
      json.properties.severity.properties = configSeverityProperties();
      json.properties.rules.properties = configRulesProperties();
    });
    expect(schema.properties.severity.properties).toEqual(configSeverityProperties());
    expect(schema.properties.rules.properties).toEqual(configRulesProperties());
  });

  it("is the README's table of checks", () => {
    const path = join(root, 'README.md');
    const readme = readFileSync(path, 'utf8');
    const start = readme.indexOf('| code | default | what | where |');
    const end = readme.indexOf('\n\n', start);
    expect(start, 'the README has a table of checks').toBeGreaterThan(0);
    if (write) writeFileSync(path, readme.slice(0, start) + readmeTable() + readme.slice(end));
    expect(readme.slice(start, end)).toBe(readmeTable());
  });
});
