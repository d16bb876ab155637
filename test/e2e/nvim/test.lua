-- End-to-end test of the reqtrace language server in a real LSP client: Neovim 0.7.2's built-in one
-- (Debian 12). 0.7 has no vim.lsp.start, so this uses vim.lsp.start_client + vim.lsp.buf_attach_client.
--
-- Run it through run.mjs, which copies samples/broken to a scratch folder and passes:
--   REQTRACE_E2E_WS      the copy of samples/broken (the workspace root)          (required)
--   REQTRACE_E2E_SERVER  the server script, started as `node SERVER --stdio`        (required)
--   REQTRACE_E2E_NODE    the node binary (default: node)
--   REQTRACE_E2E_WAIT_MS how long to wait for diagnostics (default 20000)
--
-- Output (stdout): one "PASS <name>" / "FAIL <name>: <why>" line per check, then "N passed, M failed".
-- Exit: qall! when every check passed, cquit 1 otherwise. A Lua error must be caught by the caller's
-- pcall (a Lua error leaves headless nvim hanging); see run.mjs.

local t_start = vim.loop.hrtime()
local function ms_since(t) return (vim.loop.hrtime() - t) / 1e6 end
local function out(s) io.stdout:write(s .. '\n') end

local passed, failed = 0, 0
local function check(name, ok, why)
  if ok then
    passed = passed + 1
    out('PASS ' .. name)
  else
    failed = failed + 1
    out('FAIL ' .. name .. ': ' .. tostring(why or 'assertion failed'))
  end
  return ok
end

local ws = assert(vim.env.REQTRACE_E2E_WS, 'REQTRACE_E2E_WS is not set')
local server = assert(vim.env.REQTRACE_E2E_SERVER, 'REQTRACE_E2E_SERVER is not set')
local node = vim.env.REQTRACE_E2E_NODE or 'node'
local wait_ms = tonumber(vim.env.REQTRACE_E2E_WAIT_MS or '20000')
ws = vim.fn.resolve(vim.fn.fnamemodify(ws, ':p')):gsub('/$', '')

local reqs_file = ws .. '/requirements/payroll.reqs.yaml'
local needs_file = ws .. '/needs/payroll.needs.yaml'
local itt_file = ws .. '/itt/section-3.itt.yaml'

-- The 0-based line and column (bytes = UTF-16 code units here: these sample lines are ASCII) of the
-- first match of a Lua pattern in a file, so positions come from the sample, not hard-coded numbers.
local function locate(path, pattern)
  local lines = vim.fn.readfile(path)
  for i, line in ipairs(lines) do
    local s = line:find(pattern)
    if s then return i - 1, s - 1, line end
  end
  error('pattern ' .. pattern .. ' not found in ' .. path)
end
local function plain(s) return vim.pesc(s) end

-- Positions the assertions need, read from the copy of the sample.
local broken_line, broken_col = locate(reqs_file, '%[' .. plain('UN-PAY-02') .. '%]')
broken_col = broken_col + 1 -- past the '['
-- The sample's links carry stamps (UN-PAY-001@aec59e7e3a): the link is the id and its stamp, as written.
local link_line, link_col, link_source = locate(reqs_file, 'satisfies: %[' .. plain('UN-PAY-001') .. '[@%]]')
link_col = link_col + #'satisfies: ['
local link_written = link_source:sub(link_col + 1):match('^[^%],]+')
-- The need may be missing from a deliberately broken copy; then the definition check fails, not the script.
local found, need_line, need_col = pcall(locate, needs_file, 'id: ' .. plain('UN-PAY-001') .. '$')
if found then need_col = need_col + #'id: ' else need_line, need_col = -1, -1 end
local req_line, req_col = locate(reqs_file, 'id: ' .. plain('REQ-PAY-001') .. '$')
req_col = req_col + #'id: '
local itt_line, itt_col = locate(itt_file, plain('REQ-PAY-001') .. '[@,%]]')

-- Start the server and attach it to the buffer, as an editor would.
vim.cmd('edit ' .. vim.fn.fnameescape(reqs_file))
local buf = vim.api.nvim_get_current_buf()
local exit_info -- set when the server process ends
-- Every publishDiagnostics for payroll.reqs.yaml, in order, before Neovim's own handler stores it.
local publishes = {}
local function on_publish(err, result, ctx, config)
  if result and result.uri and vim.fn.resolve(vim.uri_to_fname(result.uri)) == vim.fn.resolve(reqs_file) then
    table.insert(publishes, { ms = ms_since(t_start), diagnostics = result.diagnostics })
  end
  return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
end
local client_id = vim.lsp.start_client({
  name = 'reqtrace',
  cmd = { node, server, '--stdio' },
  root_dir = ws,
  handlers = { ['textDocument/publishDiagnostics'] = on_publish },
  on_exit = function(code, signal) exit_info = { code = code, signal = signal } end,
})
if not check('client starts', client_id ~= nil, 'vim.lsp.start_client returned nil') then
  out(string.format('%d passed, %d failed', passed, failed))
  vim.cmd('cquit! 1')
  return
end
check('buffer attaches', vim.lsp.buf_attach_client(buf, client_id), 'vim.lsp.buf_attach_client returned false')

-- 1. Diagnostics arrive, including the broken link with its suggestion at the link's exact range.
-- The wait is on what the user sees: the broken link to UN-PAY-02 with its suggestion, which needs the
-- whole workspace indexed (UN-PAY-002 is in another file). Everything after runs on the settled index.
local function find_broken_link()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'broken-link' and d.message:find('UN-PAY-02 ', 1, true) then return d end
  end
end
local function settled()
  local d = find_broken_link()
  return d ~= nil and d.message:find('Did you mean', 1, true) ~= nil
end
local t_diag = vim.loop.hrtime()
vim.wait(wait_ms, function() return settled() or exit_info ~= nil end, 50)
local diag_ms = ms_since(t_diag)
local diags = vim.diagnostic.get(buf)
check('diagnostics arrive', #diags > 0,
  exit_info and string.format('server exited (code %s, signal %s) before publishing any', exit_info.code, exit_info.signal)
  or string.format('none within %d ms', wait_ms))
out(string.format('INFO %d diagnostic(s) for payroll.reqs.yaml after %.0f ms', #diags, diag_ms))
for _, d in ipairs(diags) do
  out(string.format('INFO   %d:%d-%d:%d %s [%s] %s', d.lnum + 1, d.col + 1, (d.end_lnum or d.lnum) + 1, (d.end_col or d.col) + 1,
    vim.diagnostic.severity[d.severity] or '?', tostring(d.code), d.message))
end

local bl = find_broken_link()
if check('broken-link diagnostic for UN-PAY-02', bl ~= nil, 'no diagnostic with code broken-link naming UN-PAY-02') then
  check('broken-link is at the link (line ' .. (broken_line + 1) .. ', col ' .. (broken_col + 1) .. ')',
    bl.lnum == broken_line and bl.col == broken_col and bl.end_lnum == broken_line and bl.end_col == broken_col + #'UN-PAY-02',
    string.format('got %d:%d-%d:%d (0-based), want %d:%d-%d:%d', bl.lnum, bl.col, bl.end_lnum or -1, bl.end_col or -1,
      broken_line, broken_col, broken_line, broken_col + #'UN-PAY-02'))
  check('broken-link suggests UN-PAY-002', bl.message:find('Did you mean UN-PAY-002?', 1, true) ~= nil, 'message: ' .. bl.message)
  check('broken-link is an error', bl.severity == vim.diagnostic.severity.ERROR, 'severity ' .. tostring(bl.severity))
end

-- The server publishes nothing for a file opened at start-up until the workspace is indexed, so the
-- editor never shows false findings (UN-PAY-001 "does not exist") that a half-built index would give.
local false_pub
for i, p in ipairs(publishes) do
  for _, d in ipairs(p.diagnostics) do
    if d.message:find('UN-PAY-001 does not exist', 1, true) then false_pub = false_pub or { i = i, p = p } end
  end
end
out(string.format('INFO %d publish(es) for payroll.reqs.yaml: %s', #publishes,
  table.concat(vim.tbl_map(function(p) return string.format('%d at %.0f ms', #p.diagnostics, p.ms) end, publishes), ', ')))
local no_false_name = 'no false broken-link on UN-PAY-001 while the workspace is indexed'
local why = false_pub and string.format('publish #%d (at %.0f ms, %d diagnostics) says UN-PAY-001 does not exist',
  false_pub.i, false_pub.p.ms, #false_pub.p.diagnostics)
if not settled() then
  out('INFO ' .. no_false_name .. ': not judged, the diagnostics never settled')
else
  check(no_false_name, false_pub == nil, why)
end

-- The requests below go through the client like an editor's would; one result per client id.
local function request(method, params)
  if exit_info then return nil, method .. ': not sent, the server has exited', 0 end
  local t = vim.loop.hrtime()
  local results, err = vim.lsp.buf_request_sync(buf, method, params, 5000)
  local elapsed = ms_since(t)
  if not results then return nil, string.format('%s: no answer (%s)', method, tostring(err)), elapsed end
  local r = results[client_id]
  if not r then return nil, method .. ': no result from the reqtrace client', elapsed end
  if r.err then return nil, method .. ': error ' .. vim.inspect(r.err), elapsed end
  return r.result, nil, elapsed
end
local uri = vim.uri_from_bufnr(buf)
local function pos_params(line, character)
  return { textDocument = { uri = uri }, position = { line = line, character = character } }
end
local function same_file(a_uri, path)
  return vim.fn.resolve(vim.uri_to_fname(a_uri)) == vim.fn.resolve(path)
end

-- 2. Hover on the link UN-PAY-001 shows the need's title, as markdown.
local hover, herr, hover_ms = request('textDocument/hover', pos_params(link_line, link_col + 3))
out(string.format('INFO hover answered in %.0f ms', hover_ms))
if check('hover on UN-PAY-001 answers', hover ~= nil and hover ~= vim.NIL and hover.contents ~= nil, herr or 'null result') then
  local c = hover.contents
  local value = type(c) == 'string' and c or c.value or vim.inspect(c)
  check('hover is markdown', type(c) == 'table' and c.kind == 'markdown', 'contents: ' .. vim.inspect(c))
  check('hover names the need and its title',
    value:find('UN-PAY-001', 1, true) ~= nil and value:find('Pay everyone correctly and on time', 1, true) ~= nil, 'value: ' .. value)
  if hover.range then
    check('hover range is the link', hover.range.start.line == link_line and hover.range.start.character == link_col
      and hover.range['end'].character == link_col + #link_written, 'range: ' .. vim.inspect(hover.range))
  end
end

-- 3. Go to definition on the link lands on the need's id in needs/payroll.needs.yaml.
local def, derr, def_ms = request('textDocument/definition', pos_params(link_line, link_col + 1))
out(string.format('INFO definition answered in %.0f ms', def_ms))
local locs = {}
if def ~= nil and def ~= vim.NIL then locs = vim.tbl_islist(def) and def or { def } end
if check('definition on UN-PAY-001 answers', #locs > 0, derr or 'empty result') then
  local l = locs[1]
  local target_uri = l.targetUri or l.uri
  local range = l.targetSelectionRange or l.range
  check('definition is in needs/payroll.needs.yaml', #locs == 1 and same_file(target_uri, needs_file),
    string.format('%d location(s), first %s', #locs, tostring(target_uri)))
  check('definition is at the id (line ' .. (need_line + 1) .. ', col ' .. (need_col + 1) .. ')',
    range.start.line == need_line and range.start.character == need_col,
    string.format('got %s, want line %d col %d (0-based)', vim.inspect(range), need_line, need_col))
end

-- 4. Find all references on REQ-PAY-001's own id includes the ITT clause that covers it.
local refs_params = pos_params(req_line, req_col + 2)
refs_params.context = { includeDeclaration = true }
local refs, rerr, refs_ms = request('textDocument/references', refs_params)
out(string.format('INFO references answered in %.0f ms', refs_ms))
if check('references on REQ-PAY-001 answer', refs ~= nil and refs ~= vim.NIL and #refs > 0, rerr or 'empty result') then
  local in_itt, decl = false, false
  for _, l in ipairs(refs) do
    out(string.format('INFO   %s:%d:%d', vim.fn.fnamemodify(vim.uri_to_fname(l.uri), ':.'), l.range.start.line + 1, l.range.start.character + 1))
    if same_file(l.uri, itt_file) and l.range.start.line == itt_line and l.range.start.character == itt_col then in_itt = true end
    if same_file(l.uri, reqs_file) and l.range.start.line == req_line and l.range.start.character == req_col then decl = true end
  end
  check('references include the ITT link (section-3.itt.yaml line ' .. (itt_line + 1) .. ', col ' .. (itt_col + 1) .. ')', in_itt,
    vim.inspect(refs))
  check('references include the declaration (includeDeclaration)', decl, vim.inspect(refs))
end

-- Shut the server down cleanly so no node process outlives nvim.
if exit_info then
  check('server stays up', false, string.format('exited early (code %s, signal %s)', exit_info.code, exit_info.signal))
else
  vim.lsp.stop_client(client_id)
  local stopped = vim.wait(5000, function() return exit_info ~= nil end, 50)
  if not stopped then vim.lsp.stop_client(client_id, true) end
  check('server exits on shutdown', stopped, 'still running 5 s after shutdown')
end

out(string.format('INFO total %.0f ms', ms_since(t_start)))
out(string.format('%d passed, %d failed', passed, failed))
io.stdout:flush()
vim.cmd(failed == 0 and 'qall!' or 'cquit! 1')
