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
 * one it showed before (while that is still open), else the first. In a workspace of several
 * folders each statement of requirements is seen on its own, as the server checks it.
 */
export function folderInFocus(previous?: vscode.WorkspaceFolder): vscode.WorkspaceFolder | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const document = vscode.window.activeTextEditor?.document;
  const active = document && document.uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(document.uri) : undefined;
  if (active) return active;
  const kept = previous && folders.find((folder) => folder.uri.toString() === previous.uri.toString());
  return kept ?? folders[0];
}

/** The folder's name where there are several folders to tell apart (a view's description, a page's title); undefined with one. */
export function folderLabel(folder: vscode.WorkspaceFolder): string | undefined {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? folder.name : undefined;
}
