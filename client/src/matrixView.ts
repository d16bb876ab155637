/** The Matrix view: a webview of need → requirement → clause rows, filtered, sorted and exported as CSV, from MATRIX_REQUEST. */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export class MatrixView implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(readonly client: () => LanguageClient | undefined) {}

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
