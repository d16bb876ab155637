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
