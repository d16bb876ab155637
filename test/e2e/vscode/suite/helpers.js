// Shared helpers for the extension-host suite. The workspace is a throwaway copy of samples/broken.
const assert = require('assert');
const { execFileSync } = require('child_process');
const path = require('path');
const vscode = require('vscode');

/** The command line, as built (npm run build). */
const CLI = path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

const EXTENSION_ID = 'reqtrace.reqtrace';

/** The workspace folder's URI joined with a relative path. */
function fileUri(relative) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

/** The path of a URI relative to the workspace folder, for readable assertions. */
function rel(uri) {
  return vscode.workspace.asRelativePath(uri, false);
}

/** "line:character-line:character", 0-based as in the API. */
function fmtRange(range) {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

/** The reqtrace diagnostics of a file as [code, severity, range] triples, in the order of their ranges. */
function findings(uri) {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'reqtrace')
    .map((d) => ({ code: typeof d.code === 'object' ? d.code.value : d.code, severity: SEVERITY[d.severity], range: fmtRange(d.range), message: d.message }))
    .sort((a, b) => compareRanges(a.range, b.range));
}

function compareRanges(a, b) {
  const [al, ac] = a.split(/[:-]/).map(Number);
  const [bl, bc] = b.split(/[:-]/).map(Number);
  return al - bl || ac - bc;
}

/**
 * Resolves with check()'s value once it is truthy, re-checking whenever diagnostics change (and
 * once now); never sleeps. On timeout rejects with describe()'s account of what was there instead.
 */
function waitForDiagnostics(check, { timeout = 20000, what = 'diagnostics', describe = () => '' } = {}) {
  return new Promise((resolve, reject) => {
    let subscription;
    const done = (fn, value) => {
      clearTimeout(timer);
      subscription?.dispose();
      fn(value);
    };
    const timer = setTimeout(() => done(reject, new Error(`timed out after ${timeout} ms waiting for ${what}${describe() ? `\n${describe()}` : ''}`)), timeout);
    const test = () => {
      let value;
      try {
        value = check();
      } catch (error) {
        done(reject, error);
        return;
      }
      if (value) done(resolve, value);
    };
    subscription = vscode.languages.onDidChangeDiagnostics(test);
    test();
  });
}

/** The position of the n-th (0-based) occurrence of text in a document, plus offset characters. */
async function positionOf(uri, text, { occurrence = 0, offset = 0 } = {}) {
  const document = await vscode.workspace.openTextDocument(uri);
  const content = document.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = content.indexOf(text, at + 1);
    if (at < 0) throw new Error(`"${text}" (occurrence ${occurrence}) is not in ${rel(uri)}`);
  }
  return document.positionAt(at + offset);
}

/** "file line:char-line:char" of a Location or LocationLink, for comparing result sets. */
function locationKey(location) {
  const uri = location.targetUri || location.uri;
  const range = location.targetSelectionRange || location.targetRange || location.range;
  return `${rel(uri)} ${fmtRange(range)}`;
}

/** The plain text of what a hover provider returned. */
function hoverText(hovers) {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Replaces oldText at (line, start) of a file with newText, unsaved, checking first that oldText is there. */
async function replaceText(file, line, start, oldText, newText) {
  const uri = fileUri(file);
  const document = await vscode.workspace.openTextDocument(uri);
  const range = new vscode.Range(line, start, line, start + oldText.length);
  assert.strictEqual(document.getText(range), oldText, `${file} ${fmtRange(range)}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, newText);
  assert.strictEqual(await vscode.workspace.applyEdit(edit), true, 'applyEdit refused the edit');
}

/** Resolves with the first value of `event` that passes `check`, or now when `now()` already does. */
function until(event, check, now, what, timeout = 15000) {
  const current = now();
  if (check(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for ${what}; last: ${JSON.stringify(now()).slice(0, 2000)}`));
    }, timeout);
    const subscription = event((value) => {
      if (!check(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Puts the cursor at `text` (plus offset) in a file, in an editor of its own. */
async function cursorAt(file, text, offset = 1) {
  const uri = fileUri(file);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  const position = await positionOf(uri, text, { offset });
  editor.selection = new vscode.Selection(position, position);
  return editor;
}

/** A shown tree as "label | description" lines, indented two spaces a level; " (+)" marks a node that expands. */
function outline(nodes, depth = 0) {
  return nodes.flatMap((node) => [`${'  '.repeat(depth)}${node.label}${node.description ? ` | ${node.description}` : ''}${node.expandable && !node.children ? ' (+)' : ''}`, ...outline(node.children || [], depth + 1)]);
}

/** The command line's coverage report of the workspace: its gaps (JSON) and the counts its verdict says block issue (Markdown). */
function reportOfWorkspace(root = vscode.workspace.workspaceFolders[0].uri.fsPath) {
  const env = { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(root) };
  const json = JSON.parse(execFileSync(process.execPath, [CLI, 'report', root, '--format', 'json'], { encoding: 'utf8', env }));
  const markdown = execFileSync(process.execPath, [CLI, 'report', root, '--format', 'md'], { encoding: 'utf8', env });
  const verdict = markdown.slice(markdown.indexOf('## Verdict'), markdown.indexOf('\n| |'));
  const lines = [...verdict.split('Warnings, which do not block')[0].matchAll(/^- \*\*(\d+)\*\* (.*)$/gm)].map((m) => [Number(m[1]), m[2]]);
  return { gaps: json.gaps, verdictLines: lines, blocking: lines.reduce((n, [count]) => n + count, 0) };
}

/** What the extension's activate() returned (its views and test hooks). */
function api() {
  return vscode.extensions.getExtension(EXTENSION_ID).exports;
}

module.exports = { EXTENSION_ID, fileUri, rel, fmtRange, findings, waitForDiagnostics, positionOf, locationKey, hoverText, replaceText, until, cursorAt, outline, CLI, reportOfWorkspace, api };
