/**
 * One workspace folder as the server keeps it between requests, and the one place that keeps it:
 * its config (reqtrace.config.yaml with the user's settings laid over it) and which files that
 * selects, its index, whether its first load has ended and which loads are queued, the open
 * documents whose latest text the index has not taken yet, what each of its files was last sent,
 * and its coverage figures. Loading it is the loader's work (loader.ts), showing it the
 * publisher's (publisher.ts), applying the editor's and the disk's events the session's
 * (session.ts); none of them keeps any of this state itself.
 */
import { nodeSha256 } from '../node/nodeHash';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, safeGlobs, type Config } from '../core/config';
import { Workspace } from '../core/analysis/workspace';
import { mergeSeverity, rulesOn, type SeveritySetting } from '../core/checks/registry';
import { Fingerprints } from '../core/fingerprint';
import type { Rule } from '../core/checks/rule';
import type { Finding } from '../core/model';
import { coverageSummary, type CoverageSummary } from '../core/query/trace';
import { computeCoverage, type Coverage } from '../core/report/coverage';
import { keptLineIndexes } from './convert';

/** User settings (`reqtrace.*`); each one overrides reqtrace.config.yaml only when set. */
export interface UserSettings {
  readonly files?: readonly string[] | null;
  readonly exclude?: readonly string[] | null;
  readonly severity?: Readonly<Record<string, SeveritySetting>> | null;
}

/** The user's settings with every glob that could hang matching or leave the folder taken out (and logged). */
export function safeSettings(settings: UserSettings, warn: (message: string) => void): UserSettings {
  const clean = (key: 'files' | 'exclude'): string[] | undefined => {
    const list = settings[key];
    if (!Array.isArray(list)) return undefined;
    return safeGlobs(list, (at, problem) => warn(`Ignoring the pattern ${JSON.stringify(list[at])} in the reqtrace.${key} setting: it ${problem}.`));
  };
  return { ...settings, files: clean('files'), exclude: clean('exclude') };
}

export class Folder {
  index: Workspace;
  fileConfig: Config = DEFAULT_CONFIG;
  configFindings: Finding[] = [];
  configText = '';
  settings: UserSettings = {};
  /**
   * Open documents edited (or opened) since the index took their text: indexed on the next turn,
   * or, before the first load ends, once it has (a file checked alone would show false broken links).
   */
  readonly waiting = new Set<string>();
  /** A fingerprint of the diagnostics each file was last sent; written by the publisher only. */
  readonly published = new Map<string, string>();
  /**
   * Resolves once the folder's files are first indexed; until then nothing is published for it but
   * the findings of a warm start on unchanged files, which are those of the whole folder.
   */
  readonly loaded: Promise<void>;
  isLoaded = false;
  markLoaded: () => void = () => undefined;
  /**
   * The loads of this folder under way and queued, one at a time: file events wait for them (see
   * idle), and typing waits in `waiting` until they end (see Session.flushPending), so a load never
   * lays the texts it read over a change that came in meanwhile.
   */
  private loading: Promise<void> | undefined;
  private matcher: ((path: string) => boolean) | undefined;
  /** The coverage figures of the index as it was at a generation (see coverage). */
  private figures: { readonly index: Workspace; readonly generation: number; readonly summary: CoverageSummary } | undefined;
  /** The coverage model of the index as it was at a generation (see coverageModel). */
  private model: { readonly index: Workspace; readonly generation: number; readonly coverage: Coverage } | undefined;

  constructor(readonly root: string) {
    this.index = new Workspace(DEFAULT_CONFIG.limits, undefined, undefined, new Fingerprints(undefined, nodeSha256));
    this.loaded = new Promise((resolve) => {
      this.markLoaded = () => {
        this.isLoaded = true;
        resolve();
      };
    });
    // Files opened outside every folder need no loading.
    if (!root) this.markLoaded();
  }

  /** Runs a load of this folder after every load of it under way or queued. */
  afterLoads(load: () => Promise<void>): Promise<void> {
    const run = (this.loading ?? Promise.resolve()).then(load);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.loading = settled;
    void settled.then(() => {
      if (this.loading === settled) this.loading = undefined;
    });
    return run;
  }

  /** True while a load of this folder is under way or queued. */
  get isLoading(): boolean {
    return this.loading !== undefined;
  }

  /** Resolves when no load of this folder is under way or queued. */
  async idle(): Promise<void> {
    while (this.loading) await this.loading;
  }

  /** The index's coverage figures, worked out once per change of the index. */
  get coverage(): CoverageSummary {
    const { index } = this;
    if (this.figures?.index !== index || this.figures.generation !== index.generation) this.figures = { index, generation: index.generation, summary: coverageSummary(index) };
    return this.figures.summary;
  }

  /**
   * The coverage model the report, the Gaps view and the Matrix view are made from, worked out when
   * one of them first asks after a change of the index and shared until the next: the Gaps view
   * refreshing after an edit leaves the Matrix view's rows already worked out.
   */
  coverageModel(): Coverage {
    const { index } = this;
    if (this.model?.index !== index || this.model.generation !== index.generation) this.model = { index, generation: index.generation, coverage: computeCoverage(index, keptLineIndexes(index)) };
    return this.model.coverage;
  }

  /** Coverage figures worked out in an earlier run on exactly the files the index holds now (a warm start). */
  seedCoverage(summary: CoverageSummary): void {
    this.figures = { index: this.index, generation: this.index.generation, summary };
  }

  get configUri(): string {
    return `${this.root}/${CONFIG_FILE_NAME}`;
  }

  /** reqtrace.config.yaml with the user's settings laid over it. */
  get config(): Config {
    const { files, exclude, severity } = this.settings;
    return {
      ...this.fileConfig,
      files: files && files.length > 0 ? files : this.fileConfig.files,
      exclude: exclude ? [...this.fileConfig.exclude, ...exclude] : this.fileConfig.exclude,
      severity: mergeSeverity({ ...this.fileConfig.severityLayers, editor: severity ?? undefined }),
    };
  }

  /** Takes the user's settings (new globs select other files). */
  useSettings(settings: UserSettings): void {
    this.settings = settings;
    this.matcher = undefined;
  }

  /** The check rules the folder's settings leave on. */
  get rules(): readonly Rule[] {
    return rulesOn(this.config.severity);
  }

  /** What a run's findings depend on besides the files: kept with them in the parse cache. */
  get checkScope(): Readonly<Record<string, unknown>> {
    return { options: this.config.ruleOptions, rules: codesOf(this.rules), fingerprint: this.config.fingerprintFields };
  }

  /** Takes the text of reqtrace.config.yaml (undefined: there is none). */
  useConfigText(text: string | undefined): void {
    if (text === undefined) {
      this.fileConfig = DEFAULT_CONFIG;
      this.configFindings = [];
      this.configText = '';
    } else {
      const parsed = parseConfig(this.configUri, text);
      this.fileConfig = parsed.config;
      this.configFindings = parsed.findings;
      this.configText = text;
    }
    this.matcher = undefined;
    // A new size limit changes how every file reads, new rule options what the rules find, and a
    // rule turned on or off which rules run: start an index that uses them.
    const { limits, ruleOptions, fingerprintFields } = this.config;
    const rules = this.rules;
    if (
      this.index.limits.maxFileChars !== limits.maxFileChars ||
      JSON.stringify(this.index.ruleOptions) !== JSON.stringify(ruleOptions) ||
      codesOf(this.index.rules) !== codesOf(rules) ||
      JSON.stringify(this.index.fingerprints.fields) !== JSON.stringify(fingerprintFields)
    ) {
      this.index = new Workspace(limits, rules, ruleOptions, new Fingerprints(fingerprintFields, nodeSha256));
    }
  }

  /**
   * True when new links are written with stamps: the config says `suspect-links`, or some link in
   * the folder already carries one (a team that reviews links stamps them all).
   */
  stampsLinks(): boolean {
    return this.config.suspectLinks !== undefined || this.index.stampedLinks > 0;
  }

  contains(uri: string): boolean {
    return uri.startsWith(`${this.root}/`);
  }

  /** True when the file is a requirements file of this folder under the configured globs. */
  selects(uri: string): boolean {
    if (!this.contains(uri)) return false;
    if (!this.matcher) {
      const { files, exclude } = this.config;
      const include = picomatch([...files], { dot: false });
      const skip = picomatch([...exclude], { dot: true });
      this.matcher = (path) => include(path) && !skip(path);
    }
    return this.matcher(decodeURIComponent(uri.slice(this.root.length + 1)));
  }

  /** True when an open document is one this folder checks: selected by its globs, or, outside every folder, named as a requirements file. */
  checks(uri: string): boolean {
    return this.root ? this.selects(uri) : /\.(needs|reqs|itt)\.ya?ml$/i.test(uri);
  }
}

function codesOf(rules: readonly Rule[]): string {
  return rules.map((rule) => rule.code).join(' ');
}

/** Whether a folder URI an editor sends names the folder the session keeps (kept without a trailing slash), however either encodes its characters. */
export function sameFolder(root: string, given: string): boolean {
  const trimmed = given.replace(/\/+$/, '');
  if (root === trimmed) return true;
  try {
    return decodeURIComponent(root) === decodeURIComponent(trimmed);
  } catch {
    return false;
  }
}
