/**
 * `reqtrace import <name> SOURCE --out DIR [--force] [options]`: runs an importer from the registry
 * on a file or folder and writes the requirement files it makes into DIR, then says what was
 * imported, what was changed on the way and what was left out. A refusal (an unsafe or unreadable
 * input, a file that would be overwritten) is one line and exit 2.
 */
import { relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeImport, type Importer, type ImportOptions } from '../core/import/importer';
import { IMPORTERS, importerNamed } from '../core/import/registry';
import { diskSource, importInto } from '../node/importFiles';

type ParseOptions = NonNullable<ParseArgsConfig['options']>;
const OWN: ParseOptions = { out: { type: 'string' }, force: { type: 'boolean' } };

export interface ImportTerminal {
  readonly cwd: string;
  readonly stdout: { write(data: string): unknown };
}

/** Thrown for what the user got wrong: the caller prints it as one line and exits 2. */
export class ImportUsageError extends Error {}

export async function runImport(args: readonly string[], terminal: ImportTerminal, importers: readonly Importer[] = IMPORTERS): Promise<number> {
  const options: ParseOptions = { ...OWN };
  for (const importer of importers) {
    for (const option of importer.options) {
      if (option.name in OWN) throw new Error(`${importer.name} has an option --${option.name}, which import has already`);
      options[option.name] = option.multiple ? { type: option.type, multiple: true } : { type: option.type };
    }
  }
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true, options });
  const names = importers.map((importer) => importer.name).join(', ');
  const [name, sourcePath, ...extra] = positionals;
  if (name === undefined) throw new ImportUsageError(`import needs the name of an importer: ${names}`);
  const importer = importerNamed(name, importers);
  if (!importer) throw new ImportUsageError(`unknown importer '${name}': the importers are ${names}`);
  if (sourcePath === undefined) throw new ImportUsageError(`import ${name} needs the ${importer.reads} to read: reqtrace import ${name} ${importer.source} --out DIR`);
  if (extra.length > 0) throw new ImportUsageError(`import ${name} reads one ${importer.reads}; found '${extra[0]}' as well`);
  if (typeof values.out !== 'string' || values.out === '') throw new ImportUsageError(`import needs --out DIR: the folder to write the requirement files into`);

  const mine = new Set(importer.options.map((option) => option.name));
  const chosen: Record<string, string | boolean | readonly string[]> = {};
  for (const [option, value] of Object.entries(values)) {
    if (option in OWN || value === undefined) continue;
    if (!mine.has(option)) throw new ImportUsageError(`--${option} is not an option of import ${importer.name}`);
    chosen[option] = value as string | boolean | string[];
  }
  const importOptions: ImportOptions = chosen;

  const { cwd } = terminal;
  const outDir = resolve(cwd, values.out);
  const source = await diskSource(resolve(cwd, sourcePath), sourcePath, importer.reads);
  const { result } = await importInto(importer, source, importOptions, outDir, values.force === true);
  const shownOut = relative(cwd, outDir) || '.';
  const lines = describeImport(result, sourcePath, shownOut, (file) => relative(cwd, resolve(outDir, file.path)).split('\\').join('/'));
  lines.push(`Check them with: reqtrace check ${shownOut}`);
  terminal.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** The usage lines of `import`, one per importer. */
export function importUsage(importers: readonly Importer[] = IMPORTERS): string[] {
  return importers.map((importer) => {
    const options = importer.options.map((option) => {
      const shown = option.type === 'boolean' ? `--${option.name}` : `--${option.name} ${option.value ?? 'VALUE'}`;
      if (option.required) return ` ${shown}`;
      return option.multiple ? ` [${shown} ...]` : ` [${shown}]`;
    });
    return `  reqtrace import ${importer.name} ${importer.source} --out DIR [--force]${options.join('')}`;
  });
}
