/**
 * The Trace Explorer: a tree of the item at the cursor (or a pinned one), what it traces up to and
 * down to, expandable to any depth, from the server's TRACE_REQUEST.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export class TraceExplorer implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(readonly client: () => LanguageClient | undefined) {}

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
