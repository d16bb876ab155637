/**
 * readComposed: a text read through yaml's composer when it reads cleanly — no errors, no warnings,
 * no anchors or aliases — as the Tree and plain value the scanner (scanYaml.ts) gives for the texts
 * it takes. It is the reader below the scanner: what a partial re-parse falls back to for entries
 * the scanner leaves, and what the property tests hold the scanner equal to.
 *
 * Two readers once sat between them (yaml's syntax tree read without composing a Document, built by
 * yaml's Parser or from its Lexer's tokens); on the samples and the bench corpora they took 1 and 0
 * of 3,428 files, and removing them cost nothing measurable (see the README's Performance section).
 */
import { parseDocument } from 'yaml';
import { YAML_OPTIONS } from './parse';
import { treeOfDocument, type CleanRead } from './tree';

export function readComposed(source: string): CleanRead | undefined {
  let doc;
  try {
    doc = parseDocument(source, YAML_OPTIONS);
  } catch {
    return undefined;
  }
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  const { root, shared } = treeOfDocument(doc);
  if (shared || !root) return undefined;
  return { root, value: doc.toJS() };
}
