/**
 * Every importer, listed once. `import <name>`, its help text and the editor's Import command come
 * from this list; a new importer is one file and one line here.
 */
import { doorstopImporter } from './doorstop';
import type { Importer } from './importer';
import { reqifImporter } from './reqif';
import { tableImporter } from './table';

export const IMPORTERS: readonly Importer[] = [reqifImporter, tableImporter, doorstopImporter];

export function importerNamed(name: string, importers: readonly Importer[] = IMPORTERS): Importer | undefined {
  return importers.find((importer) => importer.name === name);
}
