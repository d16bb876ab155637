/**
 * The Gaps view: what stops the ITT being issued, grouped, with the blocking count as the view's
 * badge, from GAPS_REQUEST. Asked for again after edits and re-checks (after a pause) and by its
 * refresh command; each entry opens the item or finding it is about.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GAPS_REQUEST, type GapEntry, type GapGroup, type GapsParams, type GapsReply } from '../../server/src/lsp/protocol';
import { openCommand, shownNode, stateWords, viewItemTreeItem, type ShownNode } from './traceExplorer';
import { folderInFocus, folderLabel, isRequirementFile, isRequirementUri } from './workspaceFiles';

const REFRESH_MS = 500;
const NOTHING_BLOCKS = 'Nothing stops the ITT being issued';
const NOTHING_WRITTEN = 'No needs, requirements or ITT clauses in this folder yet: there is nothing to issue. Add a .needs.yaml, .reqs.yaml or .itt.yaml file (see the README), or open the folder that holds them.';

export type GapNode = { readonly type: 'group'; readonly group: GapGroup } | { readonly type: 'entry'; readonly group: GapGroup; readonly entry: GapEntry; readonly item?: GapEntry['item']; readonly at: number };

/** The icon of an entry about a finding, by its group. */
const FINDING_ICON: Partial<Record<GapGroup['key'], [string, string]>> = {
  readiness: ['error', 'problemsErrorIcon.foreground'],
  errors: ['error', 'problemsErrorIcon.foreground'],
  'suspect-links': ['warning', 'problemsWarningIcon.foreground'],
  'readiness-warnings': ['warning', 'problemsWarningIcon.foreground'],
};

export class GapsView implements vscode.Disposable, vscode.TreeDataProvider<GapNode> {
  private readonly changeEvent = new vscode.EventEmitter<GapNode | undefined>();
  readonly onDidChangeTreeData = this.changeEvent.event;
  private readonly refreshedEvent = new vscode.EventEmitter<GapsReply>();
  /** Fires with each reply the view shows: for tests. */
  readonly onDidRefresh = this.refreshedEvent.event;
  private readonly view: vscode.TreeView<GapNode>;
  private readonly subscriptions: vscode.Disposable[] = [this.changeEvent, this.refreshedEvent];
  private gaps: GapsReply | undefined;
  private timer: NodeJS.Timeout | undefined;
  private asked = 0;
  /** The folder whose gaps are shown (see folderInFocus). */
  private folder: vscode.WorkspaceFolder | undefined;

  constructor(readonly client: () => LanguageClient | undefined) {
    this.view = vscode.window.createTreeView('reqtrace.gaps', { treeDataProvider: this, showCollapseAll: true });
    const onDisk = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    this.subscriptions.push(
      this.view,
      onDisk,
      vscode.commands.registerCommand('reqtrace.gaps.refresh', () => this.refresh()),
      // Re-checks publish diagnostics: the first after start says the workspace is indexed.
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some(isRequirementUri)) this.changed();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && isRequirementFile(event.document)) this.changed();
      }),
      onDisk.onDidChange(() => this.changed()),
      onDisk.onDidCreate(() => this.changed()),
      onDisk.onDidDelete(() => this.changed()),
      // Another folder's file in the editor: that folder's gaps (a workspace of several folders).
      vscode.window.onDidChangeActiveTextEditor(() => {
        if (this.folder && folderInFocus(this.folder)?.uri.toString() !== this.folder.uri.toString()) this.changed(0);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed(0)),
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible && !this.gaps) this.changed(0);
      }),
    );
  }

  /** The reply shown, once there is one. */
  reply(): GapsReply | undefined {
    return this.gaps;
  }

  /** The view's badge: the number of gaps that stop the ITT being issued, and its tooltip. */
  badge(): vscode.ViewBadge | undefined {
    return this.view.badge;
  }

  message(): string | undefined {
    return this.view.message;
  }

  /** The view's description: the folder shown, where the workspace has several. */
  description(): string | undefined {
    return this.view.description;
  }

  /** What the tree shows: each group and, when `entries`, its entries, as the tree draws them. */
  shown(entries = true): ShownNode[] {
    return this.getChildren().map((group) => {
      const shown = shownNode(this.getTreeItem(group));
      return entries ? { ...shown, children: this.getChildren(group).map((entry) => shownNode(this.getTreeItem(entry))) } : shown;
    });
  }

  /** The refresh command: asks for the gaps now. Resolves with what the view shows. */
  async refresh(): Promise<GapsReply | undefined> {
    const client = this.client();
    const folder = folderInFocus(this.folder);
    if (!client || !folder) {
      this.view.message = 'Open a folder of requirement files to see what stops the ITT being issued.';
      return undefined;
    }
    const asked = ++this.asked;
    let reply: GapsReply;
    try {
      reply = await client.sendRequest<GapsReply>(GAPS_REQUEST, { folderUri: client.code2ProtocolConverter.asUri(folder.uri) } satisfies GapsParams);
    } catch (error) {
      // The gaps shown stay until the next change asks again (the server restarting, say).
      if (asked === this.asked) this.view.message = `The gaps could not be worked out: ${error instanceof Error ? error.message : String(error)}`;
      return this.gaps;
    }
    if (asked !== this.asked) return reply;
    this.gaps = reply;
    // Named once its gaps are shown: a failed request leaves the view on the folder it shows.
    this.folder = folder;
    this.view.description = folderLabel(folder);
    const count = reply.blocking;
    this.view.badge = count > 0 ? { value: count, tooltip: `${count} ${count === 1 ? 'gap stops' : 'gaps stop'} the ITT being issued` } : undefined;
    // A folder with no items has nothing to issue yet; saying nothing stops it would be a false all-clear.
    if (reply.items === 0 && reply.groups.length === 0) this.view.message = NOTHING_WRITTEN;
    else this.view.message = count === 0 ? `${NOTHING_BLOCKS}${reply.groups.length > 0 ? ': what is listed does not block.' : '.'}` : undefined;
    this.changeEvent.fire(undefined);
    this.refreshedEvent.fire(reply);
    return reply;
  }

  getTreeItem(node: GapNode): vscode.TreeItem {
    if (node.type === 'group') {
      const { group } = node;
      const item = new vscode.TreeItem(`${group.label} (${group.entries.length})`, group.blocking ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `group:${group.key}`;
      item.description = group.blocking ? undefined : 'does not block';
      item.tooltip = group.blocking ? `${group.label}: ${group.entries.length} stopping the ITT being issued` : `${group.label}: ${group.entries.length}, shown for the record; they do not stop the ITT being issued`;
      item.contextValue = `reqtrace.gapGroup.${group.key}`;
      return item;
    }
    const { entry, group } = node;
    const finding = FINDING_ICON[group.key];
    let item: vscode.TreeItem;
    if (entry.item && !finding) {
      item = viewItemTreeItem(entry.item, vscode.TreeItemCollapsibleState.None);
      item.label = entry.label;
      item.description = entry.detail ?? stateWords(entry.item);
    } else {
      // A finding: where it is (the item, else the file and line) first, so that a long message cannot hide it; then its code and message.
      const place = entry.item?.id ?? `${vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri), false)}:${entry.range.start.line + 1}`;
      item = new vscode.TreeItem(place, vscode.TreeItemCollapsibleState.None);
      if (finding) item.iconPath = new vscode.ThemeIcon(finding[0], new vscode.ThemeColor(finding[1]));
      item.description = [entry.detail, entry.label].filter(Boolean).join(' · ');
      if (entry.item) item.contextValue = `reqtrace.item.${entry.item.kind}`;
      item.tooltip = new vscode.MarkdownString().appendText(entry.label).appendMarkdown(`\n\n*${[entry.detail, entry.item ? `in ${entry.item.id}` : undefined, `${vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri), false)}:${entry.range.start.line + 1}`].filter(Boolean).join(' · ')}*`);
      item.command = openCommand(entry.uri, entry.range);
    }
    item.id = `${group.key}:${node.at}`;
    return item;
  }

  getChildren(node?: GapNode): GapNode[] {
    if (!node) return (this.gaps?.groups ?? []).filter((group) => group.entries.length > 0).map((group) => ({ type: 'group', group }));
    if (node.type === 'entry') return [];
    return node.group.entries.map((entry, at) => ({ type: 'entry', group: node.group, entry, ...(entry.item ? { item: entry.item } : {}), at }));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** Something may have changed: the gaps are asked for again after a pause (the badge shows even with the view closed). */
  private changed(delay = REFRESH_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }
}
