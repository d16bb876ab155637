/**
 * One interface for every importer: ReqIF from DOORS or Polarion, a Doorstop tree, a spreadsheet.
 * An importer reads its source through an ImportSource (the command line gives it files from disk,
 * a test gives it bytes) and returns the files to write as plain data; the caller writes them as
 * YAML (./writeYaml.ts) and reports what was skipped. Importers trust nothing they read: every
 * refusal is an ImportRefusal with one line that says why, never a stack trace.
 */
import { ID_PATTERN, MAX_ID_LENGTH, normaliseLookalikes } from '../ids';
import { KINDS, type Kind } from '../model';

/** Where an importer reads from: one file, or the files under one folder (a Doorstop tree). */
export interface ImportSource {
  /** The file or folder as the user named it, for messages. */
  readonly name: string;
  readonly type: 'file' | 'folder';
  /** For a folder: the files under it, as '/'-separated paths relative to it, in a stable order. For a file: ['']. */
  list(): Promise<readonly string[]>;
  /** The bytes of a file listed by list() ('' for the file itself); reading more than `maxBytes` is refused. */
  read(path: string): Promise<Uint8Array>;
}

/** One item to write, with its fields under the format's own names, in the order they are to be written. */
export interface ImportedItem {
  readonly id: string;
  /** title, statement, satisfies, …: values are text, numbers, booleans, lists of text, or a mapping (waiver). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** A comment written above the item: where it came from when that is worth keeping (a foreign id that was changed). */
  readonly comment?: string;
}

/** One requirement file to write. */
export interface ImportedFile {
  /** The file's name in the output folder, '/'-separated, ending in the kind's suffix (hr.reqs.yaml). */
  readonly path: string;
  readonly kind: Kind;
  readonly title?: string;
  /** The file's other fields, written after its title (an ITT file's section, weighting-budget, section-weight). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** A comment written at the top of the file (where it was imported from). */
  readonly comment?: string;
  readonly items: readonly ImportedItem[];
}

/** What an import made, and what it left out and why: one line each, in words a requirements author reads. */
export interface ImportResult {
  readonly files: readonly ImportedFile[];
  readonly skipped: readonly string[];
  /** Things imported but changed on the way (an id made valid, an unknown priority left out): one line each. */
  readonly changed: readonly string[];
  /** Required fields the source had no value for, one line per kind and field, saying how to fill them (reqtrace check then lists each item). */
  readonly missing?: readonly string[];
}

/** An option of one importer; on the command line it is `--<name>`. */
export interface ImporterOption {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  /** True when the option may be given more than once (`--map A=needs --map B=requirements`). */
  readonly multiple?: boolean;
  /** How its value is shown in the usage (`TYPE=kind`). */
  readonly value?: string;
  readonly summary: string;
  /** The values it takes, when it is one of a list: the editor offers them to choose from. */
  readonly choices?: readonly string[];
  /** True when the import cannot run without it. */
  readonly required?: boolean;
}
export type ImportOptions = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

export interface Importer {
  /** What `import <name>` takes. */
  readonly name: string;
  /** A one-line description for help texts. */
  readonly summary: string;
  /** Whether it reads one file or a folder. */
  readonly reads: 'file' | 'folder';
  /** How its source is shown in the usage (FILE.reqif, TREE). */
  readonly source: string;
  /** For a file: the name extensions it reads, without dots (the editor's file picker offers them). */
  readonly extensions?: readonly string[];
  readonly options: readonly ImporterOption[];
  read(source: ImportSource, options: ImportOptions): Promise<ImportResult>;
}

/** An input the importer will not read, with the reason in one line (exit 2 on the command line). */
export class ImportRefusal extends Error {}

const SUFFIX: Record<Kind, string> = { needs: '.needs.yaml', requirements: '.reqs.yaml', itt: '.itt.yaml' };

/**
 * A file name for imported items of `kind`, made from any text (a ReqIF specification's name, a
 * Doorstop prefix): lower case words joined by '-', the kind's suffix, unique among `taken`.
 */
export function importedFileName(name: string, kind: Kind, taken: Set<string>): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || kind;
  let path = `${base}${SUFFIX[kind]}`;
  for (let n = 2; taken.has(path); n++) path = `${base}-${n}${SUFFIX[kind]}`;
  taken.add(path);
  return path;
}

/**
 * A valid id made from a foreign one: upper case, look-alike dashes and every other character
 * outside the id alphabet turned into '-', and `prefix` put in front when it does not start with a
 * letter (DOORS numbers its objects: 12 becomes REQ-12). Undefined when nothing usable is left.
 * The id is returned unchanged when it is valid already.
 */
export function importedId(foreign: string, prefix: string): string | undefined {
  const trimmed = foreign.trim();
  if (ID_PATTERN.test(trimmed) && trimmed.length <= MAX_ID_LENGTH) return trimmed;
  let id = normaliseLookalikes(trimmed)
    .normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z0-9.]+/g, '-')
    .replace(/[-.]{2,}/g, (run) => run.charAt(0))
    .replace(/^[-.]+|[-.]+$/g, '');
  if (id === '') return undefined;
  if (!/^[A-Z]/.test(id)) id = `${prefix}-${id}`;
  id = id.slice(0, MAX_ID_LENGTH).replace(/[-.]+$/, '');
  return ID_PATTERN.test(id) ? id : undefined;
}

const PLURAL: Record<Kind, [string, string]> = { needs: ['need', 'needs'], requirements: ['requirement', 'requirements'], itt: ['clause', 'clauses'] };

function count(n: number, kind: Kind): string {
  return `${n.toLocaleString('en-GB')} ${PLURAL[kind][n === 1 ? 0 : 1]}`;
}

/**
 * What an import did, in lines for a terminal or a message: the totals, each file written with
 * what it holds (`shownAs` names it), then what was changed on the way and what was left out, and why.
 */
export function describeImport(result: ImportResult, source: string, into: string, shownAs: (file: ImportedFile) => string): string[] {
  const totals = new Map<Kind, number>();
  for (const file of result.files) totals.set(file.kind, (totals.get(file.kind) ?? 0) + file.items.length);
  // Needs, requirements, clauses: the order of the trace, whatever order the files came in.
  const parts = KINDS.filter((kind) => totals.has(kind)).map((kind) => count(totals.get(kind) ?? 0, kind));
  const what = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? 'nothing');
  const lines = [`Imported ${what} from ${source} into ${result.files.length} ${result.files.length === 1 ? 'file' : 'files'} in ${into}:`];
  for (const file of result.files) lines.push(`  ${shownAs(file)}: ${count(file.items.length, file.kind)}`);
  if (result.changed.length > 0) lines.push(`Changed on the way (${result.changed.length}):`, ...result.changed.map((line) => `  ${line}`));
  if (result.skipped.length > 0) lines.push(`Not imported (${result.skipped.length}):`, ...result.skipped.map((line) => `  ${line}`));
  const missing = result.missing ?? [];
  if (missing.length > 0) lines.push(`Still to fill in for reqtrace check (${missing.length}):`, ...missing.map((line) => `  ${line}`));
  return lines;
}
