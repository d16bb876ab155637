/**
 * The Trace Explorer: a tree of the item at the cursor (or a pinned one), what it traces up to and
 * down to, expandable to any depth, from the server's TRACE_REQUEST. It follows the cursor while
 * visible and not pinned, keeps the last item when the cursor leaves items, and asks again after
 * edits and re-checks. Each item opens at its id.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TRACE_REQUEST, type TraceLink, type TraceParams, type TraceReply, type ViewItem } from '../../server/src/lsp/protocol';
import { isRequirementFile, isRequirementUri } from './workspaceFiles';

/** A pause in cursor moves before the tree follows, and in edits and re-checks before it is asked for again. */
const FOLLOW_MS = 200;
const REFRESH_MS = 400;
const EMPTY_MESSAGE = 'Put the cursor on a need, requirement or clause to see its trace';

type Direction = 'up' | 'down';

/** A node of the tree: the root item, a group under it, or an item reached by a link. */
export type TraceNode =
  | { readonly type: 'root'; readonly item: ViewItem }
  | { readonly type: 'group'; readonly direction: Direction; readonly links: readonly TraceLink[] }
  | { readonly type: 'item'; readonly item: ViewItem; readonly link: TraceLink; readonly direction: Direction; readonly path: readonly string[]; readonly onPath: boolean; readonly key: string };

/** What a test reads of a node: what the tree shows, and the children it has when expanded (to the depth asked). */
export interface ShownNode {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: string;
  readonly color?: string;
  readonly contextValue?: string;
  readonly expandable: boolean;
  readonly children?: readonly ShownNode[];
}

export class TraceExplorer implements vscode.Disposable, vscode.TreeDataProvider<TraceNode> {
  private readonly changeEvent = new vscode.EventEmitter<TraceNode | undefined>();
  readonly onDidChangeTreeData = this.changeEvent.event;
  private readonly refreshedEvent = new vscode.EventEmitter<TraceReply>();
  /** Fires once the tree shows a new root, or the root asked for again: for tests. */
  readonly onDidRefresh = this.refreshedEvent.event;
  private readonly view: vscode.TreeView<TraceNode>;
  private readonly subscriptions: vscode.Disposable[] = [this.changeEvent, this.refreshedEvent];
  private rootTrace: TraceReply = null;
  /** Traces of the items expanded below the root, by id, until the next refresh. */
  private traces = new Map<string, Promise<TraceReply>>();
  private pinnedTo = false;
  private stale = false;
  private followTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Each request of the root counts up, so an answer to an older one is dropped. */
  private asked = 0;
  /** Requests of the root under way, and who waits for none to be (whenSettled). */
  private busy = 0;
  private settleWaiters: (() => void)[] = [];

  constructor(readonly client: () => LanguageClient | undefined) {
    this.view = vscode.window.createTreeView('reqtrace.traceExplorer', { treeDataProvider: this, showCollapseAll: true });
    this.view.message = EMPTY_MESSAGE;
    const onDisk = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    this.subscriptions.push(
      this.view,
      onDisk,
      vscode.commands.registerCommand('reqtrace.traceExplorer.pin', () => this.pin()),
      vscode.commands.registerCommand('reqtrace.traceExplorer.unpin', () => this.unpin()),
      // From a node of this tree or of the Gaps view (anything with an item), or an id (a test, a keybinding).
      vscode.commands.registerCommand('reqtrace.traceExplorer.traceItem', (target?: unknown) => this.traceItem(target)),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.follow();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.follow()),
      this.view.onDidChangeVisibility(({ visible }) => {
        if (!visible) return;
        if (!this.pinnedTo) this.follow(0);
        if (this.stale) this.changed(0);
      }),
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some(isRequirementUri)) this.changed();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && isRequirementFile(event.document)) this.changed();
      }),
      onDisk.onDidChange(() => this.changed()),
      onDisk.onDidCreate(() => this.changed()),
      onDisk.onDidDelete(() => this.changed()),
    );
    void vscode.commands.executeCommand('setContext', 'reqtrace.tracePinned', false);
  }

  /** The item the tree is rooted at, if any. */
  root(): ViewItem | undefined {
    return this.rootTrace?.item;
  }

  /** The root's trace as last asked for. */
  reply(): TraceReply {
    return this.rootTrace;
  }

  pinned(): boolean {
    return this.pinnedTo;
  }

  /** Resolves once no cursor move is waiting to be followed and no trace is being asked for: what the tree will show is shown. */
  whenSettled(): Promise<void> {
    if (!this.followTimer && !this.refreshTimer && this.busy <= 0) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  /** What the view says above the tree, when it says anything. */
  message(): string | undefined {
    return this.view.message;
  }

  /** Stops following the cursor: the tree keeps its item. */
  async pin(): Promise<void> {
    this.pinnedTo = true;
    if (this.followTimer) clearTimeout(this.followTimer);
    this.followTimer = undefined;
    this.settle();
    this.view.description = 'Pinned';
    await vscode.commands.executeCommand('setContext', 'reqtrace.tracePinned', true);
  }

  /** Follows the cursor again, from where it is now. */
  async unpin(): Promise<void> {
    this.pinnedTo = false;
    this.view.description = undefined;
    await vscode.commands.executeCommand('setContext', 'reqtrace.tracePinned', false);
    await this.followNow();
  }

  /** Trace This Item: roots the tree at the item (and pins it there). Resolves with the trace shown, null when no item has the id. */
  async traceItem(target?: unknown): Promise<TraceReply> {
    const id = typeof target === 'string' ? target : target && typeof target === 'object' && 'item' in target ? (target as { item?: ViewItem }).item?.id : undefined;
    if (!id) return this.rootTrace;
    await this.pin();
    const reply = await this.setRoot({ id });
    if (!reply) void vscode.window.showWarningMessage(`No need, requirement or clause has the id ${id}.`);
    void vscode.commands.executeCommand('reqtrace.traceExplorer.focus');
    return reply;
  }

  /**
   * What the tree shows, with `depth` levels of items under the root's groups (1: the items the
   * root links to; 2: theirs too): each node as the tree draws it. Expanding asks the server, as the tree does.
   */
  async shown(depth = 2): Promise<ShownNode[]> {
    const walk = async (nodes: readonly TraceNode[], left: number): Promise<ShownNode[]> =>
      Promise.all(
        nodes.map(async (node) => {
          const shown = shownNode(this.getTreeItem(node));
          return shown.expandable && left > 0 ? { ...shown, children: await walk(await this.getChildren(node), left - 1) } : shown;
        }),
      );
    return walk(await this.getChildren(), depth + 1);
  }

  getTreeItem(node: TraceNode): vscode.TreeItem {
    if (node.type === 'group') {
      const item = new vscode.TreeItem(node.direction === 'up' ? 'Traces up to' : 'Traced down to', vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.direction}`;
      item.description = `${node.links.length}`;
      item.iconPath = new vscode.ThemeIcon(node.direction === 'up' ? 'arrow-up' : 'arrow-down');
      item.tooltip = node.direction === 'up' ? 'The needs it satisfies, the requirement it refines, the requirements it asks bidders for' : 'The requirements that satisfy or refine it, the clauses that ask bidders for it';
      return item;
    }
    if (node.type === 'root') {
      const item = viewItemTreeItem(node.item, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `root:${node.item.id}`;
      item.description = stateWords(node.item);
      return item;
    }
    const item = viewItemTreeItem(node.item, node.onPath ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.key;
    const relation = relationWords(node.link.field, node.direction);
    item.description = [node.link.suspect ? '⚠ suspect' : undefined, relation, stateWords(node.item), node.onPath ? 'shown above' : undefined].filter(Boolean).join(' · ');
    const above = node.path[node.path.length - 1] ?? '';
    const tooltip = itemTooltip(node.item);
    tooltip.appendMarkdown(`\n\n${escape(above)} ${relation} ${escape(node.item.id)}${node.link.stamp ? ` (link stamped \`${node.link.stamp}\`)` : ''}`);
    if (node.link.suspect) {
      // The link is written on the lower item and points at the upper one: that is the one that changed.
      const [holder, target] = node.direction === 'up' ? [above, node.item.id] : [node.item.id, above];
      tooltip.appendMarkdown(`\n\n⚠ **Suspect link:** ${escape(target)} has changed since ${escape(holder)}'s link to it was reviewed. Re-read ${escape(holder)} against ${escape(target)} as it is now, then mark the link reviewed.`);
    }
    item.tooltip = tooltip;
    return item;
  }

  async getChildren(node?: TraceNode): Promise<TraceNode[]> {
    const root = this.rootTrace;
    if (!node) return root ? [{ type: 'root', item: root.item }] : [];
    if (node.type === 'root') {
      if (!root) return [];
      const groups: TraceNode[] = [];
      if (root.up.length > 0) groups.push({ type: 'group', direction: 'up', links: root.up });
      if (root.down.length > 0) groups.push({ type: 'group', direction: 'down', links: root.down });
      return groups;
    }
    if (node.type === 'group') {
      const path = root ? [root.item.id] : [];
      return node.links.map((link) => itemNode(link, node.direction, path, `${path.join('>')}/${node.direction}`));
    }
    if (node.onPath) return [];
    const trace = await this.traceOf(node.item.id);
    if (!trace) return [];
    const path = [...node.path, node.item.id];
    return [...trace.up.map((link) => itemNode(link, 'up', path, node.key)), ...trace.down.map((link) => itemNode(link, 'down', path, node.key))];
  }

  dispose(): void {
    if (this.followTimer) clearTimeout(this.followTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
    // Nothing more will be followed or asked for: whoever waits for the tree to settle is let go.
    this.followTimer = undefined;
    this.refreshTimer = undefined;
    this.busy = 0;
    this.settle();
  }

  /** The cursor moved: after a pause, the tree is rooted at the item there (while visible and not pinned). */
  private follow(delay = FOLLOW_MS): void {
    if (this.pinnedTo) return;
    if (this.followTimer) clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => {
      this.followTimer = undefined;
      void this.followNow().finally(() => this.settle());
    }, delay);
  }

  private async followNow(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const client = this.client();
    if (this.pinnedTo || !this.view.visible || !editor || !client || !isRequirementFile(editor.document)) return;
    const params: TraceParams = { textDocument: { uri: client.code2ProtocolConverter.asUri(editor.document.uri) }, position: client.code2ProtocolConverter.asPosition(editor.selection.active) };
    // A place outside every item keeps the item shown.
    await this.setRoot(params, { keepOnNull: true });
  }

  /** Something the tree shows may have changed: asked for again after a pause, or once visible. */
  private changed(delay = REFRESH_MS): void {
    if (!this.rootTrace) return;
    if (!this.view.visible) {
      this.stale = true;
      return;
    }
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.stale = false;
      const root = this.rootTrace;
      void (root ? this.setRoot({ id: root.item.id, ...this.folderOf(root.item.uri) }) : Promise.resolve()).finally(() => this.settle());
    }, delay);
  }

  /** Asks for the trace and roots the tree at it; a place that holds no item leaves the tree as it is when `keepOnNull`. */
  private async setRoot(params: TraceParams, options: { keepOnNull?: boolean } = {}): Promise<TraceReply> {
    const client = this.client();
    if (!client) return null;
    const asked = ++this.asked;
    let reply: TraceReply;
    this.busy++;
    try {
      reply = await client.sendRequest<TraceReply>(TRACE_REQUEST, params);
    } catch (error) {
      // The server restarting, say: the tree stays as it is until the next move or change.
      if (asked === this.asked) this.view.message = `The trace could not be worked out: ${error instanceof Error ? error.message : String(error)}`;
      return this.rootTrace;
    } finally {
      this.busy--;
      // Settled after this answer is shown, below.
      queueMicrotask(() => this.settle());
    }
    if (asked !== this.asked) return reply;
    if (!reply && options.keepOnNull && this.rootTrace) return this.rootTrace;
    this.rootTrace = reply;
    this.traces = new Map();
    this.view.message = reply ? undefined : params.id !== undefined && this.pinnedTo ? `No need, requirement or clause has the id ${params.id} now.` : EMPTY_MESSAGE;
    this.changeEvent.fire(undefined);
    this.refreshedEvent.fire(reply);
    return reply;
  }

  /** The workspace folder holding a file, as the server names it: the ids of a trace are looked up there. */
  private folderOf(uri: string): { folderUri?: string } {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri));
    const client = this.client();
    return folder && client ? { folderUri: client.code2ProtocolConverter.asUri(folder.uri) } : {};
  }

  private settle(): void {
    if (this.followTimer || this.refreshTimer || this.busy > 0) return;
    const waiters = this.settleWaiters;
    this.settleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private traceOf(id: string): Promise<TraceReply> {
    let trace = this.traces.get(id);
    if (!trace) {
      const client = this.client();
      const folder = this.rootTrace ? this.folderOf(this.rootTrace.item.uri) : {};
      trace = client ? client.sendRequest<TraceReply>(TRACE_REQUEST, { id, ...folder } satisfies TraceParams).catch(() => null) : Promise.resolve(null);
      this.traces.set(id, trace);
    }
    return trace;
  }
}

function itemNode(link: TraceLink, direction: Direction, path: readonly string[], parentKey: string): TraceNode {
  return { type: 'item', item: link.item, link, direction, path, onPath: path.includes(link.item.id), key: `${parentKey}/${direction}:${link.field}:${link.item.id}@${link.item.uri}:${link.item.range.start.line}` };
}

/** The relation of a linked item to the one above it, in words: "satisfies", "covered by"… */
function relationWords(field: TraceLink['field'], direction: Direction): string {
  if (direction === 'up') return field === 'satisfies' ? 'satisfies' : field === 'parent' ? 'refines' : 'covers';
  return field === 'satisfies' ? 'satisfied by' : field === 'parent' ? 'refined by' : 'covered by';
}

const KIND_WORD: Record<ViewItem['kind'], string> = { needs: 'User need', requirements: 'Requirement', itt: 'ITT clause' };
const KIND_ICON: Record<ViewItem['kind'], string> = { needs: 'person', requirements: 'checklist', itt: 'law' };

/** An item's coverage state in words, as the hover says it. */
export function stateWords(item: ViewItem): string {
  switch (item.state) {
    case 'traced':
      return 'traced end to end';
    case 'covered':
      return item.kind === 'needs' ? 'met, not asked of bidders' : item.kind === 'requirements' ? 'asked of bidders' : 'asks for requirements';
    case 'uncovered':
      return item.kind === 'needs' ? 'not met' : 'not asked of bidders';
    case 'waived':
      return 'waived';
    case 'withdrawn':
      return 'withdrawn';
    case 'information':
      return 'for information';
    case 'empty':
      return 'covers nothing';
  }
}

/** The colour of an item's icon: passed when it is where it should be, a warning when part way, an error when it is a gap. */
function stateColor(item: ViewItem): vscode.ThemeColor | undefined {
  switch (item.state) {
    case 'traced':
      return new vscode.ThemeColor('testing.iconPassed');
    case 'covered':
      return new vscode.ThemeColor(item.kind === 'needs' ? 'problemsWarningIcon.foreground' : 'testing.iconPassed');
    case 'waived':
    case 'information':
      return new vscode.ThemeColor('problemsWarningIcon.foreground');
    case 'uncovered':
    case 'empty':
      return new vscode.ThemeColor('problemsErrorIcon.foreground');
    case 'withdrawn':
      return new vscode.ThemeColor('disabledForeground');
  }
}

/** A tree item for a ViewItem: `ID — title`, its kind's icon in its state's colour, opening it at its id. */
export function viewItemTreeItem(view: ViewItem, state: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const item = new vscode.TreeItem(view.title ? `${view.id} — ${view.title}` : view.id, state);
  item.iconPath = new vscode.ThemeIcon(KIND_ICON[view.kind], stateColor(view));
  item.contextValue = `reqtrace.item.${view.kind}`;
  item.tooltip = itemTooltip(view);
  item.command = openCommand(view.uri, view.range);
  item.accessibilityInformation = { label: `${KIND_WORD[view.kind]} ${view.id}, ${view.title}, ${stateWords(view)}` };
  return item;
}

/** The command that opens a file at a range. */
export function openCommand(uri: string, range: ViewItem['range']): vscode.Command {
  const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(uri), { selection, preserveFocus: false } satisfies vscode.TextDocumentShowOptions] };
}

function itemTooltip(view: ViewItem): vscode.MarkdownString {
  const facts = [KIND_WORD[view.kind], view.priority, view.status, stateWords(view)].filter(Boolean).join(' · ');
  return new vscode.MarkdownString(`**${escape(view.id)}**${view.title ? ` — ${escape(view.title)}` : ''}\n\n*${escape(facts)}*`);
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}


/** A tree item as a test reads it. */
export function shownNode(item: vscode.TreeItem): ShownNode {
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
  return {
    label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
    ...(typeof item.description === 'string' ? { description: item.description } : {}),
    ...(item.tooltip !== undefined ? { tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip.value } : {}),
    ...(icon ? { icon: icon.id, ...(icon.color ? { color: colorId(icon.color) } : {}) } : {}),
    ...(item.contextValue !== undefined ? { contextValue: item.contextValue } : {}),
    expandable: item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
  };
}

/** A theme colour's id (the typings of VS Code 1.91 do not declare it; the object has it). */
export function colorId(color: vscode.ThemeColor): string {
  return (color as unknown as { readonly id: string }).id;
}


