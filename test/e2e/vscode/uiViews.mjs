// UI test of the Requirements views in the PACKAGED extension (reqtrace.vsix) in a real VS Code
// workbench (code-server), driven like a user with headless Chromium on samples/synergy: open the
// Requirements container from the activity bar, put the cursor on REQ-PAY-009 and see the Trace
// Explorer root there with its suspect link to UN-PAY-005, expand two levels, then read the Gaps
// view's groups and the badge on the container. It waits on DOM evidence only and saves
// test/e2e/screenshots/views-trace-explorer.png and views-gaps.png.
//
//   npm run package && node test/e2e/vscode/uiViews.mjs
//
// Env: REQTRACE_VSIX (default ./reqtrace.vsix), NODE24_BIN, CODE_SERVER (else from
// test/e2e/install.sh), KEEP=1 (keep the run folder), STEP_TIMEOUT_SCALE (e.g. 2 on a slow machine).

import fs from 'node:fs';
import path from 'node:path';
import { REPO, copySample, launchBrowser, log, startCodeServer, workbenchUrl } from './codeServer.mjs';

const started = Date.now();
const VSIX = path.resolve(process.env.REQTRACE_VSIX || path.join(REPO, 'reqtrace.vsix'));
const SHOTS = path.join(REPO, 'test/e2e/screenshots');
const SCALE = Number(process.env.STEP_TIMEOUT_SCALE || 1);

if (!fs.existsSync(VSIX)) {
  console.error(`${VSIX} is missing: run \`npm run package\` first.`);
  process.exit(2);
}
const stale = ['client/src', 'server/src'].flatMap((d) => fs.readdirSync(path.join(REPO, d), { recursive: true }).map((f) => path.join(REPO, d, f)))
  .filter((f) => f.endsWith('.ts') && fs.statSync(f).mtimeMs > fs.statSync(VSIX).mtimeMs);
if (stale.length) console.warn(`warning: ${path.basename(VSIX)} is older than ${stale.length} source file(s), e.g. ${path.relative(REPO, stale[0])}: run \`npm run package\``);

fs.mkdirSync(SHOTS, { recursive: true });
for (const f of fs.readdirSync(SHOTS)) if (/^views-.*\.png$/.test(f)) fs.rmSync(path.join(SHOTS, f));

const run = await startCodeServer({ vsix: VSIX, label: 'reqtrace-ui-views' });
let page;

// ---------------------------------------------------------------------------------------------
// Helpers

const activeTab = () => page.locator('.editor-group-container.active .tab.active').first();
/** A view's pane in the side bar, by its name. */
const pane = (name) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: name }) }).first();
/** A row of a view's tree, by text it shows. */
const row = (name, text) => pane(name).locator('.monaco-list-row', { hasText: text }).first();

/** The on-screen box of some text in the active editor's rendered lines. */
async function textBox(text, timeout) {
  const handle = await page.waitForFunction(
    (text) => {
      const lines = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
      if (!lines) return null;
      for (const line of lines.querySelectorAll('.view-line')) {
        const nodes = [];
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) nodes.push(walker.currentNode);
        const content = nodes.map((n) => n.data).join('').replace(/\u00a0/g, ' ');
        const at = content.indexOf(text);
        if (at < 0) continue;
        const locate = (offset) => {
          for (const node of nodes) {
            if (offset <= node.data.length) return [node, offset];
            offset -= node.data.length;
          }
          return null;
        };
        const range = document.createRange();
        range.setStart(...locate(at));
        range.setEnd(...locate(at + text.length));
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return null;
    },
    text,
    { timeout, polling: 100 },
  );
  return handle.jsonValue();
}

/** In the page: the rows of a side bar view's tree, top to bottom, as "indent label | description" (indent: the tree's level). */
function treeRows(name) {
  const pane = [...document.querySelectorAll('.part.sidebar .pane')].find((p) => p.querySelector('.pane-header')?.textContent?.includes(name));
  if (!pane) return [];
  return [...pane.querySelectorAll('.monaco-list-row')]
    .map((r) => ({ top: parseFloat(r.style.top || '0'), level: Number(r.getAttribute('aria-level') || '1'), label: r.querySelector('.label-name')?.textContent ?? '', description: r.querySelector('.label-description')?.textContent ?? '' }))
    .sort((a, b) => a.top - b.top)
    .map((r) => `${'  '.repeat(r.level - 1)}${r.label}${r.description ? ` | ${r.description}` : ''}`);
}

/** Waits until the rows of a view's tree equal `expected` (re-read as the page changes); fails saying what they were instead. */
async function rowsEqual(name, expected, timeout) {
  // As an expression (evaluated by the debugging protocol, which the workbench's script policy does not govern).
  const rows = `(${treeRows.toString()})(${JSON.stringify(name)})`;
  try {
    await page.waitForFunction(`JSON.stringify(${rows}) === ${JSON.stringify(JSON.stringify(expected))}`, undefined, { timeout, polling: 'raf' });
  } catch (error) {
    const shown = await page.evaluate(rows);
    throw new Error(`the ${name} shows\n    ${shown.join('\n    ')}\n  not\n    ${expected.join('\n    ')}\n  (${error.message.split('\n')[0]})`);
  }
}

/** Expands a tree row by its twistie (a click on the label would open the item). */
async function expand(name, text, timeout) {
  const target = row(name, text);
  await target.waitFor({ timeout });
  if ((await target.getAttribute('aria-expanded')) === 'true') return;
  await target.locator('.monaco-tl-twistie').click();
  await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await target.elementHandle(), { timeout });
}

// ---------------------------------------------------------------------------------------------
// Steps: each has its own timeout; one failing does not stop the others unless it is `essential`.

const results = [];

async function step(name, timeoutMs, body, { essential = false, screenshot } = {}) {
  const timeout = timeoutMs * SCALE;
  const stepStarted = Date.now();
  let timer;
  try {
    await Promise.race([
      body(timeout),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`step timed out after ${timeout} ms`)), timeout + 3000);
      }),
    ]);
    if (screenshot) await page.screenshot({ path: path.join(SHOTS, screenshot) });
    results.push({ name, ok: true });
    log(`PASS ${name} (${Date.now() - stepStarted} ms)${screenshot ? ` → screenshots/${screenshot}` : ''}`);
  } catch (error) {
    const failed = `views-FAILED-${results.length + 1}.png`;
    await page.screenshot({ path: path.join(SHOTS, failed) }).catch(() => {});
    results.push({ name, ok: false, error });
    log(`FAIL ${name} (${Date.now() - stepStarted} ms): ${error.message.split('\n')[0]} → screenshots/${failed}`);
    if (essential) throw error;
  } finally {
    clearTimeout(timer);
  }
}

function expectation(message, promise) {
  return promise.catch((error) => {
    throw new Error(`${message} (${error.message.split('\n')[0]})`);
  });
}

// ---------------------------------------------------------------------------------------------

let aborted;
try {
  const workspace = copySample(run, 'synergy');
  const browser = await launchBrowser(run);
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.setDefaultTimeout(30000);

  await step('workbench loads samples/synergy and opens payroll.reqs.yaml', 60000, async (timeout) => {
    await page.goto(workbenchUrl(run, workspace));
    await expectation('the explorer never showed the sample folder', page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'requirements' }).first().waitFor({ timeout }));
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill('payroll.reqs.yaml');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'payroll.reqs.yaml' }).first().waitFor({ timeout });
    await page.keyboard.press('Enter');
    await expectation('no active tab named payroll.reqs.yaml', activeTab().filter({ hasText: 'payroll.reqs.yaml' }).waitFor({ timeout }));
    // The server has checked the workspace once the status bar shows the figure.
    await expectation('no status bar item "Needs traced"', page.locator('.statusbar-item', { hasText: /Needs traced 93\.3%/ }).first().waitFor({ timeout }));
  }, { essential: true });

  await step('the Requirements container opens from the activity bar with its two views', 30000, async (timeout) => {
    const icon = page.locator('.part.activitybar .action-item', { has: page.locator('.action-label[aria-label^="Requirements"]') }).first();
    await expectation('no Requirements icon in the activity bar', icon.waitFor({ timeout }));
    // Near the icon's top left corner: the badge covers its lower right.
    await icon.click({ position: { x: 12, y: 12 } });
    await expectation('no Trace Explorer view', pane('Trace Explorer').waitFor({ timeout }));
    // Widen the side bar, as a reader of long titles would: drag its edge to 760 px.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    const edge = sidebar.x + sidebar.width;
    await page.mouse.move(edge + 1, sidebar.y + sidebar.height / 2);
    await page.mouse.down();
    await page.mouse.move(760, sidebar.y + sidebar.height / 2, { steps: 10 });
    await page.mouse.up();
    await page.waitForFunction(() => (document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) > 600, undefined, { timeout });
    await expectation('no Gaps view', pane('Gaps').waitFor({ timeout }));
    await expectation('the Trace Explorer does not say what to do with nothing to show', pane('Trace Explorer').locator('.message', { hasText: 'Put the cursor on a need, requirement or clause to see its trace' }).first().waitFor({ timeout }));
  }, { essential: true });

  await step('the Trace Explorer follows the cursor to REQ-PAY-009, with its suspect link, expanded two levels', 40000, async (timeout) => {
    // Scroll REQ-PAY-009 into view (Go to Line), then click on its id.
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(':137');
    await page.keyboard.press('Enter');
    const box = await textBox('REQ-PAY-009', timeout);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await rowsEqual('Trace Explorer', [
      'REQ-PAY-009 — Overpayment identification and recovery | asked of bidders',
      '  Traces up to | 1',
      '    UN-PAY-005 — Recover overpayments fairly | ⚠ suspect · satisfies · traced end to end',
      '  Traced down to | 1',
      '    ITT-3.2.5 — Statutory payments and overpayments | covered by · asks for requirements',
    ], timeout);
    await expand('Trace Explorer', 'UN-PAY-005', timeout);
    await expand('Trace Explorer', 'ITT-3.2.5', timeout);
    await rowsEqual('Trace Explorer', [
      'REQ-PAY-009 — Overpayment identification and recovery | asked of bidders',
      '  Traces up to | 1',
      '    UN-PAY-005 — Recover overpayments fairly | ⚠ suspect · satisfies · traced end to end',
      '      REQ-PAY-009 — Overpayment identification and recovery | ⚠ suspect · satisfied by · asked of bidders · shown above',
      '  Traced down to | 1',
      '    ITT-3.2.5 — Statutory payments and overpayments | covered by · asks for requirements',
      '      REQ-PAY-009 — Overpayment identification and recovery | covers · asked of bidders · shown above',
      '      REQ-PAY-010 — Statutory payments | covers · asked of bidders',
    ], timeout);
    // Each item has its kind's icon.
    for (const [text, icon] of [['UN-PAY-005', 'codicon-person'], ['ITT-3.2.5', 'codicon-law'], ['REQ-PAY-010', 'codicon-checklist']]) {
      await expectation(`${text} has no ${icon} icon`, row('Trace Explorer', text).locator(`.${icon}`).first().waitFor({ timeout: 2000 }));
    }
  }, { screenshot: 'views-trace-explorer.png' });

  await step('the Gaps view groups the sample’s deliberate gaps, and the container’s badge says 10', 30000, async (timeout) => {
    // Give the Gaps view the room: collapse the Trace Explorer's pane.
    const header = pane('Trace Explorer').locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
    await expand('Gaps', 'Waived requirements', timeout);
    await rowsEqual('Gaps', [
      'Needs not met (2)',
      '  UN-EXP-007 — Claim overseas expenses in local currency | not met',
      '  UN-REP-007 — Ask questions of the data in plain English | not met',
      'Needs not traced end to end (1)',
      '  UN-HR-008 — Take my workplace adjustments with me | met, not asked of bidders',
      'Requirements not asked of bidders (3)',
      '  REQ-AV-006 — Payroll batch window | Should · draft',
      '  REQ-FIN-014 — IFRS 16 lease accounting | Should · draft',
      '  REQ-HR-014 — Workplace adjustments passport | Should · proposed',
      'Tender readiness errors (3)',
      '  ITT-3.2.1 | not-agreed · REQ-PAY-014 is proposed, not agreed: bidders would be asked for a requirement that may still change. Agree it (status: agreed) before the ITT is issued.',
      '  ITT-3.5.5 | not-agreed · REQ-EXP-009 is proposed, not agreed: bidders would be asked for a requirement that may still change. Agree it (status: agreed) before the ITT is issued.',
      '  ITT-4.2.2 | not-agreed · REQ-ACC-006 is proposed, not agreed: bidders would be asked for a requirement that may still change. Agree it (status: agreed) before the ITT is issued.',
      'Suspect links (1)',
      '  REQ-PAY-009 | suspect-link · UN-PAY-005 has changed since this link was reviewed: re-read REQ-PAY-009 against the need as it is now, then mark the link reviewed (stamp dbfe0f19c7, now 4e3f91ef4b).',
      'Waived requirements (2) | does not block',
      '  REQ-PAY-013 — Pension member administration | Member administration is delivered by the scheme administrator under a separate Cabinet Office contract. Synergy only supplies data to it (REQ-PAY-008), so this ITT does not ask bidders for it.',
      "  REQ-PRO-012 — Procurement card issue and limits | Card issue and limits are managed in the card provider's own portal under the government payment card framework; only transaction data comes into Synergy (REQ-PRO-011).",
    ], timeout);
    const badge = page.locator('.part.activitybar .action-item', { has: page.locator('.action-label[aria-label^="Requirements"]') }).locator('.badge-content').first();
    await expectation('no badge on the Requirements icon', badge.waitFor({ timeout }));
    const text = (await badge.innerText()).trim();
    if (text !== '10') throw new Error(`the badge says "${text}", not 10`);
    const label = await page.locator('.part.activitybar .action-item .action-label[aria-label^="Requirements"]').first().getAttribute('aria-label');
    if (!/10 gaps stop the ITT being issued/.test(label ?? '')) throw new Error(`the Requirements icon's label does not give the badge's tooltip: "${label}"`);
  }, { screenshot: 'views-gaps.png' });

  await step('clicking a gap opens its item at its id', 20000, async (timeout) => {
    await row('Gaps', 'REQ-AV-006 — Payroll batch window').locator('.label-name').click();
    await expectation('no active tab named availability.reqs.yaml', activeTab().filter({ hasText: 'availability.reqs.yaml' }).waitFor({ timeout }));
    await expectation('the cursor is not on line 78, the id of REQ-AV-006', page.locator('.editor-group-container.active .line-numbers.active-line-number', { hasText: /^78$/ }).waitFor({ timeout }));
  });
} catch (error) {
  aborted = error;
} finally {
  await run.stop({ failed: Boolean(aborted) || results.some((r) => !r.ok) });
}

const failed = results.filter((r) => !r.ok);
if (aborted && !failed.some((r) => r.error === aborted)) failed.push({ name: 'setup', error: aborted });
for (const r of failed) console.error(`\nFAILED: ${r.name}\n  ${r.error.message}`);
if (aborted) console.error('\nstopped early: the steps after this failure need what it should have done');
console.log(`\n${results.filter((r) => r.ok).length} passed, ${failed.length} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed.length ? 1 : 0);
