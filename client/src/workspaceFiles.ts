/**
 * What the views and webviews may read and open in the workspace: requirement files, and files
 * inside a workspace folder. A page (the report, the matrix, the diff) only ever names a file; the
 * extension opens it only when it is a file of the workspace, its path free of '.' and '..' segments.
 */
import * as vscode from 'vscode';

/** A file the server checks: its language, or a .yaml or .yml file (a requirement file not yet recognised as one). */
export function isRequirementFile(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && (document.languageId === 'reqtrace-yaml' || isRequirementUri(document.uri));
}

/** A .yaml or .yml file on disk: what a diagnostics change must touch to change a view. */
export function isRequirementUri(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && /\.ya?ml$/i.test(uri.path);
}

/** The file a page names, when it is a file inside a workspace folder; undefined for anything else (other schemes, '..', text that is no URI). */
export function workspaceFile(uri: unknown): vscode.Uri | undefined {
  if (typeof uri !== 'string') return undefined;
  let target: vscode.Uri;
  try {
    target = vscode.Uri.parse(uri, true);
  } catch {
    return undefined;
  }
  if (target.scheme !== 'file' || target.path.split('/').some((segment) => segment === '..' || segment === '.')) return undefined;
  return vscode.workspace.getWorkspaceFolder(target) ? target : undefined;
}

/**
 * The workspace folder a view or page shows: the folder of the file in the active editor, else the
 * folder of the last file that was (so that a webview or the Output panel taking the focus moves
 * nothing), else the one the caller showed before, else the first. Every view and command asks
 * here, so they agree. In a workspace of several folders each statement of requirements is seen on
 * its own, as the server checks it.
 */
export function folderInFocus(previous?: vscode.WorkspaceFolder): vscode.WorkspaceFolder | undefined {
  const active = editorFolder(vscode.window.activeTextEditor);
  if (active) return (lastFocused = active);
  const folders = vscode.workspace.workspaceFolders ?? [];
  const open = (folder: vscode.WorkspaceFolder | undefined): vscode.WorkspaceFolder | undefined => folder && folders.find((f) => f.uri.toString() === folder.uri.toString());
  return open(lastFocused) ?? open(previous) ?? folders[0];
}

/** Keeps the folder of the last file in an editor, for folderInFocus; registered once, by activate. */
export function trackFolderInFocus(): vscode.Disposable {
  lastFocused = editorFolder(vscode.window.activeTextEditor) ?? lastFocused;
  return vscode.window.onDidChangeActiveTextEditor((editor) => {
    const folder = editorFolder(editor);
    if (folder) lastFocused = folder;
  });
}

/** The folder of the last file in the active editor (see folderInFocus). */
let lastFocused: vscode.WorkspaceFolder | undefined;

function editorFolder(editor: vscode.TextEditor | undefined): vscode.WorkspaceFolder | undefined {
  const uri = editor?.document.uri;
  return uri?.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
}

/** The folder's name where there are several folders to tell apart (a view's description, a page's title); undefined with one. */
export function folderLabel(folder: vscode.WorkspaceFolder): string | undefined {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? folder.name : undefined;
}
