/**
 * The core, as the benchmark uses it in process. bench.mjs bundles this entry with esbuild into a
 * temporary CommonJS file and requires it, since plain .mjs cannot import the TypeScript core.
 */
import { nodeSha256 } from '../../server/src/node/nodeHash';
import { DEFAULT_CONFIG, parseConfig } from '../../server/src/core/config';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { rulesOn } from '../../server/src/core/checks/registry';
import { Fingerprints } from '../../server/src/core/fingerprint';
import type { Finding } from '../../server/src/core/model';
import { parseFile } from '../../server/src/core/parse/parse';
import { workspaceFindings } from '../../server/src/core/workspace';

export { Workspace, workspaceFindings, DEFAULT_CONFIG };

export interface Source {
  readonly uri: string;
  readonly text: string;
}

export interface CheckAllResult {
  readonly index: Workspace;
  readonly findings: Finding[];
  /** Time to parse and load every file (parse, schema, index). */
  readonly indexMs: number;
  /** Time for every finding of the workspace once indexed. */
  readonly checkMs: number;
}

/**
 * A cold check as the CLI does it (core/workspace.ts loadWorkspace): every file parsed and loaded
 * into the index (no file's findings are out of date yet, so no affected set is worked out), then
 * every finding of the workspace.
 */
export function checkAll(sources: readonly Source[]): CheckAllResult {
  const t0 = performance.now();
  const index = new Workspace(DEFAULT_CONFIG.limits);
  for (const { uri, text } of sources) index.loadParsed(parseFile(uri, text, index.limits));
  const t1 = performance.now();
  const findings = workspaceFindings(index, DEFAULT_CONFIG);
  const t2 = performance.now();
  return { index, findings, indexMs: t1 - t0, checkMs: t2 - t1 };
}

/**
 * A cold check with a workspace's config, built as the CLI builds it (its rules, rule options and
 * fingerprint fields); the config is read before the clock starts. Also says how many links carry
 * stamps and how many findings each code has, so a run can show that what it timed is what it meant.
 */
export function checkAllConfigured(sources: readonly Source[], configUri: string, configText: string): CheckAllResult & { stampedLinks: number; byCode: Record<string, number> } {
  const { config } = parseConfig(configUri, configText);
  const t0 = performance.now();
  const index = new Workspace(config.limits, rulesOn(config.severity), config.ruleOptions, new Fingerprints(config.fingerprintFields, nodeSha256));
  for (const { uri, text } of sources) index.loadParsed(parseFile(uri, text, index.limits));
  const t1 = performance.now();
  const findings = workspaceFindings(index, config);
  const t2 = performance.now();
  const byCode: Record<string, number> = {};
  for (const { code } of findings) byCode[code] = (byCode[code] ?? 0) + 1;
  return { index, findings, indexMs: t1 - t0, checkMs: t2 - t1, stampedLinks: index.stampedLinks, byCode };
}

/** One edit with the index warm: set the new text, then re-check every file it affects. */
export function edit(index: Workspace, uri: string, text: string): { affected: number; findings: number } {
  const affected = index.setFile(uri, text);
  let findings = 0;
  for (const u of affected) findings += index.check(u).length;
  return { affected: affected.size, findings };
}
