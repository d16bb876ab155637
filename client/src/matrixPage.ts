/**
 * The Matrix view's page: a table of need → requirement → clause rows with filters, sortable
 * columns and ids that open their items, drawn a screenful at a time so that 10,000 rows cost no
 * more than forty. It runs one script and one stylesheet (each allowed by a fresh nonce), loads
 * nothing, takes its colours from the editor's theme, and sends the editor only: ready, state and
 * painted (what it shows, and when it drew it), open (an item's file and place) and exportCsv (the
 * filter and sort the reader chose). It is shown at once, saying it is loading, and given the rows
 * as the server's compact reply (protocol.ts MatrixReply), its JSON gzipped, when they come.
 * The filtering, sorting and words of its cells are core/query/matrixTable.ts's, run from its source.
 */
import { matrixEngine } from '../../server/src/core/query/matrixTable';

/** The page, before any rows: they come by message once it says it is ready. */
export function matrixPageHtml(nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Traceability matrix</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>
  <h1 id="title">Traceability matrix</h1>
  <form class="filters" id="filters" role="search" aria-label="Filter the rows">
    <div><label for="f-department">Department</label><select id="f-department" data-filter="department"><option value="">All departments</option></select></div>
    <div><label for="f-priority">Priority</label><select id="f-priority" data-filter="priority"><option value="">All priorities</option></select></div>
    <div><label for="f-status">Status</label><select id="f-status" data-filter="status"><option value="">All statuses</option></select></div>
    <div><label for="f-coverage">Coverage</label><select id="f-coverage" data-filter="coverage"><option value="">All rows</option></select></div>
    <div class="grow"><label for="f-text">Search ids and titles</label><input id="f-text" type="search" data-filter="text" autocomplete="off" spellcheck="false"></div>
    <div class="actions"><button type="button" id="clear">Clear filters</button><button type="button" id="export">Export the filtered rows as CSV</button></div>
  </form>
  <p id="count" class="count" role="status" aria-live="polite">Loading the rows…</p>
</header>
<div id="scroller" class="scroller" tabindex="0" role="region" aria-label="Rows of the matrix">
  <table id="grid" aria-labelledby="title" aria-rowcount="1">
    <colgroup><col class="c-need"><col class="c-departments"><col class="c-priority"><col class="c-requirement"><col class="c-status"><col class="c-coverage"><col class="c-clause"><col class="c-response"></colgroup>
    <thead><tr aria-rowindex="1" id="head"></tr></thead>
    <tbody id="body"></tbody>
  </table>
  <p id="empty" class="empty" hidden>No row matches these filters.</p>
</div>
<script nonce="${nonce}">
var engine = (${matrixEngine.toString()})();
${PAGE_SCRIPT}
</script>
</body>
</html>
`;
}

/** Every row has this height (the CSS says so too), so the rows on screen follow from the scroll position alone. */
const ROW_HEIGHT = 26;

const STYLE = `
:root { color-scheme: light dark; }
html, body { height: 100%; }
body { margin: 0; display: flex; flex-direction: column; overflow: hidden; font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px);
  color: var(--vscode-foreground, #1b1b1b); background: var(--vscode-editor-background, #fff); }
header { flex: none; padding: 8px 16px 0; }
h1 { font-size: 1.3em; font-weight: 600; margin: 4px 0 8px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; }
.filters div { display: flex; flex-direction: column; gap: 2px; }
.filters .grow { flex: 1 1 14em; min-width: 12em; }
.filters .actions { flex-direction: row; gap: 8px; }
label { font-weight: 600; }
select, input { font: inherit; color: var(--vscode-input-foreground, inherit); background: var(--vscode-input-background, transparent);
  border: 1px solid var(--vscode-input-border, var(--vscode-dropdown-border, #8a8a8a)); padding: 3px 4px; border-radius: 2px; }
select { color: var(--vscode-dropdown-foreground, inherit); background: var(--vscode-dropdown-background, transparent); max-width: 16em; }
button { font: inherit; cursor: pointer; }
.actions button { color: var(--vscode-button-foreground, #fff); background: var(--vscode-button-background, #0e639c); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 10px; border-radius: 2px; }
.actions button:hover { background: var(--vscode-button-hoverBackground, #1177bb); }
#clear { color: var(--vscode-button-secondaryForeground, inherit); background: var(--vscode-button-secondaryBackground, transparent); }
#clear:hover { background: var(--vscode-button-secondaryHoverBackground, rgba(128,128,128,.2)); }
:focus { outline: none; }
:focus-visible { outline: 2px solid var(--vscode-focusBorder, #0078d4); outline-offset: -1px; }
.count { margin: 8px 0 6px; color: var(--vscode-descriptionForeground, inherit); }
.scroller { flex: 1 1 auto; min-height: 0; overflow: auto; position: relative; border-top: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, #c8c8c8)); }
table { border-collapse: separate; border-spacing: 0; table-layout: fixed; width: 100%; min-width: 1100px; }
col.c-departments { width: 10.5em; } col.c-priority { width: 6.5em; } col.c-status { width: 6.5em; } col.c-coverage { width: 13em; } col.c-response { width: 8em; }
th, td { height: ${ROW_HEIGHT}px; box-sizing: border-box; padding: 0 6px; text-align: left; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,.25)); line-height: ${ROW_HEIGHT - 1}px; }
thead th { position: sticky; top: 0; z-index: 1; background: var(--vscode-editorGroupHeader-tabsBackground, var(--vscode-editor-background, #f3f3f3)); font-weight: 600; padding: 0; }
thead th button { all: unset; box-sizing: border-box; display: block; width: 100%; height: ${ROW_HEIGHT}px; padding: 0 6px; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
thead th button:focus-visible { outline: 2px solid var(--vscode-focusBorder, #0078d4); outline-offset: -2px; }
thead th button .arrow { display: inline-block; width: 1em; margin-left: 4px; }
tbody tr:hover td { background: var(--vscode-list-hoverBackground, rgba(128,128,128,.12)); }
tr.spacer td { padding: 0; border: 0; height: 0; line-height: 0; }
button.id { all: unset; cursor: pointer; font-family: var(--vscode-editor-font-family, ui-monospace, Menlo, Consolas, monospace); color: var(--vscode-textLink-foreground, #0066cc); text-decoration: underline; }
button.id:hover { color: var(--vscode-textLink-activeForeground, #004c99); }
button.id:focus-visible { outline: 2px solid var(--vscode-focusBorder, #0078d4); outline-offset: 1px; }
.none, .cross { color: var(--vscode-descriptionForeground, #6b6b6b); }
.gap { color: var(--vscode-errorForeground, #b0281a); font-weight: 600; }
.waived { color: var(--vscode-editorWarning-foreground, #7a5400); }
.empty { padding: 16px; }
body.vscode-high-contrast td, body.vscode-high-contrast th { border-bottom-color: var(--vscode-contrastBorder, #6fc3df); }
`;

/**
 * The page's script (plain JavaScript: the page has no module loader). `engine` is the table logic,
 * defined just before it.
 */
const PAGE_SCRIPT = `(function () {
  var ROW_HEIGHT = ${ROW_HEIGHT};
  var OVERSCAN = 8;
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  var kept = (vscode && vscode.getState()) || {};
  var table = { title: '', files: [], items: [], rows: [] };
  var filter = engine.cleanFilter(kept.filter);
  var sort = engine.cleanSort(kept.sort);
  var shown = [];
  var drawn = { first: -1, last: -1, version: -1 };
  var version = 0;
  var pendingScroll = typeof kept.scrollTop === 'number' ? kept.scrollTop : 0;
  var scroller = document.getElementById('scroller');
  var grid = document.getElementById('grid');
  var body = document.getElementById('body');
  var head = document.getElementById('head');
  var count = document.getElementById('count');
  var empty = document.getElementById('empty');
  var controls = Array.prototype.slice.call(document.querySelectorAll('[data-filter]'));
  var numbers = new Intl.NumberFormat('en-GB');

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }

  head.innerHTML = engine.COLUMNS.map(function (column) {
    return '<th scope="col" data-column="' + column.key + '" aria-sort="none"><button type="button" data-sort="' + column.key + '">' + esc(column.label) + '<span class="arrow" aria-hidden="true"></span></button></th>';
  }).join('');

  function save() {
    if (vscode) vscode.setState({ filter: filter, sort: sort, scrollTop: scroller.scrollTop });
  }
  function tell() {
    if (vscode) vscode.postMessage({ type: 'state', filter: filter, sort: sort || null, shown: shown.length, total: table.rows.length });
  }

  function fillChoices() {
    var choices = engine.choices(table);
    var lists = {
      department: choices.departments.map(function (d) { return { value: d, label: d }; }),
      priority: choices.priorities,
      status: choices.statuses,
      coverage: choices.coverage,
    };
    controls.forEach(function (control) {
      var field = control.getAttribute('data-filter');
      if (field === 'text') { control.value = filter.text || ''; return; }
      var list = lists[field].slice();
      var value = filter[field] || '';
      // A choice the reader made stays, even when no row has it any more.
      if (value && !list.some(function (c) { return c.value === value; })) list.push({ value: value, label: value });
      var first = control.options[0].outerHTML;
      control.innerHTML = first + list.map(function (c) { return '<option value="' + esc(c.value) + '">' + esc(c.label) + '</option>'; }).join('');
      control.value = value;
    });
  }

  function apply() {
    shown = engine.sortRows(table, engine.filterRows(table, filter), sort);
    version++;
    grid.setAttribute('aria-rowcount', String(shown.length + 1));
    count.textContent = 'Showing ' + numbers.format(shown.length) + ' of ' + numbers.format(table.rows.length) + (table.rows.length === 1 ? ' row' : ' rows');
    empty.hidden = shown.length > 0;
    empty.textContent = table.rows.length === 0 ? 'This folder has no needs or requirements yet.' : 'No row matches these filters.';
    head.querySelectorAll('th').forEach(function (th) {
      var column = th.getAttribute('data-column');
      var state = sort && sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none';
      th.setAttribute('aria-sort', state);
      th.querySelector('.arrow').textContent = state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '';
    });
  }

  function idCell(at, kind) {
    var item = at >= 0 ? table.items[at] : undefined;
    if (!item) return '<td class="none">—</td>';
    return '<td title="' + esc(item.id + ' — ' + item.title) + '"><button type="button" class="id" data-open="' + at + '" data-kind="' + kind + '">' + esc(item.id) + '</button> ' + esc(item.title) + '</td>';
  }

  function rowHtml(position) {
    var at = shown[position];
    var row = table.rows[at];
    var keys = engine.coverageKeys(table, row);
    var words = engine.coverageWords(table, row);
    // A gap in bold in the error colour, a waiver in the warning colour; the words say it either way.
    var tone = keys.some(function (k) { return k === 'need-unmet' || k === 'not-asked' || k === 'need-not-traced'; }) ? 'gap' : keys.indexOf('waived') >= 0 ? 'waived' : '';
    var departments = engine.departmentsText(table, row);
    var response = engine.responseText(table, row);
    return '<tr aria-rowindex="' + (position + 2) + '" data-row="' + at + '">' +
      idCell(row[0], 'need') +
      (departments ? '<td title="' + esc(departments) + '">' + esc(departments) + '</td>' : '<td class="cross" title="' + esc(engine.CROSS) + '">Cross-cutting</td>') +
      '<td>' + esc(engine.priorityText(table, row)) + '</td>' +
      idCell(row[1], 'requirement') +
      '<td>' + esc(engine.statusText(table, row)) + '</td>' +
      '<td' + (tone ? ' class="' + tone + '"' : '') + ' title="' + esc(words) + '">' + esc(words) + '</td>' +
      idCell(row[2], 'clause') +
      (response ? '<td>' + esc(response) + '</td>' : '<td class="none">—</td>') +
      '</tr>';
  }

  function render(force) {
    var top = scroller.scrollTop;
    var height = scroller.clientHeight || 600;
    var first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    var last = Math.min(shown.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    if (!force && first === drawn.first && last === drawn.last && version === drawn.version) return;
    // The focused id keeps its focus when the rows around it are drawn again.
    var focused = document.activeElement && body.contains(document.activeElement) ? document.activeElement : null;
    var focusRow = focused && focused.closest('tr') ? focused.closest('tr').getAttribute('data-row') : null;
    var focusKind = focused ? focused.getAttribute('data-kind') : null;
    var html = '<tr class="spacer" aria-hidden="true"><td colspan="8"></td></tr>';
    for (var position = first; position < last; position++) html += rowHtml(position);
    html += '<tr class="spacer" aria-hidden="true"><td colspan="8"></td></tr>';
    body.innerHTML = html;
    var spacers = body.querySelectorAll('tr.spacer td');
    spacers[0].style.height = first * ROW_HEIGHT + 'px';
    spacers[1].style.height = (shown.length - last) * ROW_HEIGHT + 'px';
    drawn = { first: first, last: last, version: version };
    if (focusRow !== null) {
      var again = body.querySelector('tr[data-row="' + focusRow + '"] [data-kind="' + focusKind + '"]');
      if (again) again.focus({ preventScroll: true });
    }
  }

  var scrollPending = false;
  scroller.addEventListener('scroll', function () {
    if (scrollPending) return;
    scrollPending = true;
    requestAnimationFrame(function () {
      scrollPending = false;
      render(false);
      save();
    });
  });
  window.addEventListener('resize', function () { render(true); });

  function changed() {
    apply();
    scroller.scrollTop = 0;
    render(true);
    save();
    tell();
  }

  var typing;
  controls.forEach(function (control) {
    var field = control.getAttribute('data-filter');
    control.addEventListener(field === 'text' ? 'input' : 'change', function () {
      var next = Object.assign({}, filter);
      if (control.value) next[field] = control.value; else delete next[field];
      filter = engine.cleanFilter(next);
      clearTimeout(typing);
      if (field === 'text') typing = setTimeout(changed, 150); else changed();
    });
  });
  document.getElementById('filters').addEventListener('submit', function (event) { event.preventDefault(); });
  document.getElementById('clear').addEventListener('click', function () {
    filter = {};
    fillChoices();
    changed();
  });
  document.getElementById('export').addEventListener('click', function () {
    if (vscode) vscode.postMessage({ type: 'exportCsv', filter: filter, sort: sort || null });
  });
  head.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('button[data-sort]') : null;
    if (!button) return;
    var column = button.getAttribute('data-sort');
    sort = sort && sort.column === column ? (sort.descending ? undefined : { column: column, descending: true }) : { column: column, descending: false };
    changed();
    button.focus();
  });
  body.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('button[data-open]') : null;
    var item = button ? table.items[Number(button.getAttribute('data-open'))] : undefined;
    if (!item || !vscode) return;
    var at = item.at;
    vscode.postMessage({ type: 'open', uri: table.files[item.file], range: { start: { line: at[0], character: at[1] }, end: { line: at[2], character: at[3] } } });
  });

  /**
   * The rows' message: the server's reply as gzipped JSON (bytes cross from the editor to the page
   * as one block, and gzipped they are a fifth of the size), read here. Resolves with the table,
   * or undefined for anything that is not one.
   */
  function readTable(gzip) {
    if (!(gzip instanceof Uint8Array) || typeof DecompressionStream !== 'function') return Promise.resolve(undefined);
    return new Response(new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function (text) {
      var read = JSON.parse(text);
      return read && Array.isArray(read.rows) && Array.isArray(read.items) && Array.isArray(read.files) ? read : undefined;
    }).catch(function () { return undefined; });
  }

  /** The rows last given; an earlier message still being read when a later one comes is dropped. */
  var given = 0;
  function showRows(message) {
    // Timed from the message's arrival to the frame after the first rows are drawn (for the UI test).
    var started = performance.now();
    var receivedAt = Date.now();
    var mine = ++given;
    readTable(message.gzip).then(function (read) {
      if (!read || mine !== given) return;
      var scrollTop = table.rows.length === 0 ? pendingScroll : scroller.scrollTop;
      table = read;
      document.getElementById('title').textContent = 'Traceability matrix: ' + table.title;
      document.title = 'Traceability matrix: ' + table.title;
      fillChoices();
      apply();
      // A refresh keeps the reader where they were, as far as the rows still reach.
      scroller.scrollTop = scrollTop;
      render(true);
      save();
      tell();
      requestAnimationFrame(function () {
        setTimeout(function () {
          var ms = performance.now() - started;
          var paintedAt = Date.now();
          document.body.setAttribute('data-paint-ms', ms.toFixed(1));
          document.body.setAttribute('data-paint-rows', String(table.rows.length));
          document.body.setAttribute('data-painted-at', String(paintedAt));
          document.body.setAttribute('data-timing', JSON.stringify(Object.assign({}, message.timing || {}, { receivedAt: receivedAt, paintedAt: paintedAt })));
          if (vscode) vscode.postMessage({ type: 'painted', ms: ms, rows: table.rows.length, paintedAt: paintedAt });
        }, 0);
      });
    });
  }

  window.addEventListener('message', function (event) {
    var message = event.data || {};
    if (message.type === 'rows') {
      showRows(message);
    } else if (message.type === 'failed' && typeof message.text === 'string') {
      // The rows shown (if any) stay; the count says why no new ones came.
      count.textContent = message.text;
    } else if (message.type === 'setFilter') {
      filter = engine.cleanFilter(message.filter);
      sort = engine.cleanSort(message.sort);
      fillChoices();
      changed();
    }
  });
  if (vscode) vscode.postMessage({ type: 'ready' });
})();`;
