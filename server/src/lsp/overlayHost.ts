/** A file host where open documents win over disk: unsaved text is what gets checked. */
import type { FileHost, ReadResult } from '../core/host';
import type { OpenDocuments } from './convert';

export function overlayHost(disk: FileHost, openDocument: OpenDocuments): FileHost {
  return {
    read(uri: string): Promise<ReadResult> {
      const document = openDocument(uri);
      return document ? Promise.resolve({ text: document.getText() }) : disk.read(uri);
    },
    list: (root, include, exclude) => disk.list(root, include, exclude),
  };
}
