/**
 * Where each open document changed since the index last took its text, as the editor's edits say.
 * With it, a keystroke in a large file does not compare two long texts to find what changed.
 */
import { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { widenChange, type Changed } from '../core/parse/reparse';

interface Pending {
  /** The text the changes were made to. */
  readonly base: string;
  /** Undefined once an edit replaced the whole text. */
  readonly changed: Changed | undefined;
}

export class EditLog {
  private readonly pending = new Map<string, Pending>();

  /** A TextDocuments configuration that applies each change as usual and logs where it fell. */
  documents(): { create: typeof TextDocument.create; update: typeof TextDocument.update } {
    return {
      create: (uri, languageId, version, content) => {
        // Opened (again): its text is the editor's now, whatever was logged before.
        this.pending.delete(uri);
        return TextDocument.create(uri, languageId, version, content);
      },
      update: (document, changes, version) => {
        for (const change of changes) {
          const before = document.getText();
          const logged = this.pending.get(document.uri);
          const base = logged?.base ?? before;
          if (TextDocumentContentChangeEvent.isIncremental(change) && (!logged || logged.changed)) {
            const start = document.offsetAt(change.range.start);
            const end = document.offsetAt(change.range.end);
            this.pending.set(document.uri, { base, changed: widenChange(logged?.changed, start, end, change.text.length) });
          } else this.pending.set(document.uri, { base, changed: undefined });
          TextDocument.update(document, [change], version);
        }
        return document;
      },
    };
  }

  /** Where the document changed since it read `indexed`, if known; forgets it. */
  take(uri: string, indexed: string | undefined): Changed | undefined {
    const logged = this.pending.get(uri);
    this.pending.delete(uri);
    return logged && indexed === logged.base ? logged.changed : undefined;
  }

  forget(uri: string): void {
    this.pending.delete(uri);
  }
}
