/** The Gaps view: what stops the ITT being issued, grouped, with the blocking count as the view's badge, from GAPS_REQUEST. */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export class GapsView implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(readonly client: () => LanguageClient | undefined) {}

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
