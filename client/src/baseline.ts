/**
 * Compare with Baseline: the requirements of the workspace as the editor has them against a git
 * revision (`reqtrace diff` in the editor). The user picks a branch, tag or recent commit (or types
 * any revision); the server computes and renders the diff; a webview beside the editor shows it, and
 * clicking an id opens the item. The webview runs one script (allowed by a fresh nonce), loads
 * nothing, and may only ask to open one of the places the server's reply numbered.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BASELINES_REQUEST, DIFF_REQUEST, type BaselineInfo, type BaselinesParams, type BaselinesReply, type DiffParams, type DiffPlace, type DiffReply } from '../../server/src/lsp/protocol';
import { folderInFocus, workspaceFile } from './workspaceFiles';

/** What the command resolves with: the server's reply and, when there was a diff, its panel and a way to open a place as a click does. */
export interface BaselineComparison {
  readonly reply: DiffReply;
  readonly panel?: vscode.WebviewPanel;
  /** Opens the item of the place numbered `place` (an index into reply.places), as clicking its id does. */
  readonly openPlace?: (place: number) => Promise<vscode.TextEditor | undefined>;
}

/** The one diff panel, shown again (with the new diff) by the next comparison while it is open. */
export class BaselineView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private places: readonly DiffPlace[] = [];

  constructor(private readonly client: () => LanguageClient | undefined) {}

  /** The command: `base` given (a test, a keybinding) skips the pick. Resolves undefined when the user picks nothing. */
  async compare(base?: string): Promise<BaselineComparison | undefined> {
    const client = this.client();
    const folder = folderInFocus();
    if (!client || !folder) {
      void vscode.window.showWarningMessage('Open a folder of requirement files to compare it with a baseline.');
      return undefined;
    }
    const folderUri = client.code2ProtocolConverter.asUri(folder.uri);
    const revision = base ?? (await pickBaseline(client, folderUri));
    if (revision === undefined) return undefined;
    if (typeof revision !== 'string') return { reply: revision };
    const nonce = randomBytes(18).toString('base64');
    let reply: DiffReply;
    try {
      reply = await client.sendRequest<DiffReply>(DIFF_REQUEST, { folderUri, base: revision, webviewNonce: nonce } satisfies DiffParams);
    } catch (error) {
      reply = { problem: error instanceof Error ? error.message : String(error) };
    }
    if ('problem' in reply) {
      void vscode.window.showErrorMessage(`Compare with Baseline: ${reply.problem}`);
      return { reply };
    }
    this.places = reply.places;
    const panel = this.show(`Requirements diff: ${revision}`);
    panel.webview.html = reply.html ?? '';
    return { reply, panel, openPlace: (place) => this.open(place) };
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private show(title: string): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel('reqtrace.diff', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, enableCommandUris: false, localResourceRoots: [] });
    panel.webview.onDidReceiveMessage(async (message: unknown) => {
      // Only one message is known: open the place numbered so.
      const { type, place } = (message ?? {}) as { type?: unknown; place?: unknown };
      if (type === 'open' && typeof place === 'number') await this.open(place);
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
    return panel;
  }

  /** Opens a numbered place beside the panel with its id selected; only a file inside the workspace. */
  private async open(place: number): Promise<vscode.TextEditor | undefined> {
    const target = Number.isInteger(place) ? this.places[place] : undefined;
    if (!target) return undefined;
    const uri = workspaceFile(target.uri);
    if (!uri) return undefined;
    const { start, end } = target.range;
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(start.line, start.character, end.line, end.character) });
  }
}

const KIND_HEADINGS: Readonly<Record<BaselineInfo['kind'], string>> = { branch: 'Branches', remote: 'Remote branches', tag: 'Tags', commit: 'Recent commits' };
const KIND_ICONS: Readonly<Record<BaselineInfo['kind'], string>> = { branch: '$(git-branch)', remote: '$(cloud)', tag: '$(tag)', commit: '$(git-commit)' };

type BaselineItem = vscode.QuickPickItem & { readonly ref?: string };

/**
 * The user's pick of the branches, tags and recent commits the server lists, or any revision they
 * type (HEAD~3, origin/main); undefined when they pick nothing, the server's problem when it has one.
 */
async function pickBaseline(client: LanguageClient, folderUri: string): Promise<string | { readonly problem: string } | undefined> {
  let listed: BaselinesReply;
  try {
    listed = await client.sendRequest<BaselinesReply>(BASELINES_REQUEST, { folderUri } satisfies BaselinesParams);
  } catch (error) {
    listed = { problem: error instanceof Error ? error.message : String(error) };
  }
  if ('problem' in listed) {
    void vscode.window.showErrorMessage(`Compare with Baseline: ${listed.problem}`);
    return listed;
  }
  const items: BaselineItem[] = [];
  let kind: BaselineInfo['kind'] | undefined;
  for (const baseline of listed.baselines) {
    if (baseline.kind !== kind) items.push({ label: KIND_HEADINGS[(kind = baseline.kind)], kind: vscode.QuickPickItemKind.Separator });
    const short = baseline.commit.slice(0, 8);
    const date = baseline.date.slice(0, 10);
    items.push({
      label: `${KIND_ICONS[baseline.kind]} ${baseline.kind === 'commit' ? short : baseline.ref}`,
      description: baseline.kind === 'commit' ? date : `${short} · ${date}`,
      detail: baseline.subject,
      ref: baseline.ref,
    });
  }
  const pick = vscode.window.createQuickPick<BaselineItem>();
  pick.title = 'Compare the requirements with';
  pick.placeholder = 'A branch, tag or commit (or type a revision: HEAD~3, origin/main)';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.items = items;
  return new Promise((resolve) => {
    let chosen: string | undefined;
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0]?.ref ?? (pick.value.trim() || undefined);
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}
