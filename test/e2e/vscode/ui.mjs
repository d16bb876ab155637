// UI test of the PACKAGED extension (reqtrace.vsix) in a real VS Code workbench (code-server),
// driven like a user with headless Chromium: open a file with Quick Open, see the squiggle, the
// Problems panel, a hover, F12, the status bar and the coverage report from the command palette.
// It waits on DOM evidence only, and saves a screenshot of every step in test/e2e/screenshots/.
//
// Accessibility of the coverage report: axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on the
// report in its webview, judged in the report's own frame only (not the workbench), in a light and
// a dark editor theme; and on the HTML report files of samples/synergy and samples/broken (made by
// the packaged extension's command line) in Chromium, light and dark, with every link reached by Tab
// and drawn with a visible focus style. Any violation fails the step, listing rule ids and targets.
// Screenshots of the report in the webview: test/e2e/screenshots/report-*.png.
//
//   npm run package && node test/e2e/vscode/ui.mjs
//
// Env: REQTRACE_VSIX (default ./reqtrace.vsix), NODE24_BIN, CODE_SERVER (else from
// test/e2e/install.sh), KEEP=1 (keep the run folder), STEP_TIMEOUT_SCALE (e.g. 2 on a slow machine).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
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
for (const f of fs.readdirSync(SHOTS)) if (/^(ui|report)-.*\.png$/.test(f)) fs.rmSync(path.join(SHOTS, f));

const run = await startCodeServer({ vsix: VSIX, label: 'reqtrace-ui', settings: { 'editor.hover.delay': 200 } });
let workspace;
let page; // set in the try block below, so that a failure to launch still stops code-server

// ---------------------------------------------------------------------------------------------
// DOM helpers

/** The active editor group's editor. */
const editor = () => page.locator('.editor-group-container.active .monaco-editor').first();
const activeTab = () => page.locator('.editor-group-container.active .tab.active').first();

/**
 * The on-screen box of some text in the active editor's rendered lines (occurrence n), measured
 * with a DOM Range over the token spans, so it is exactly where the characters are drawn.
 * Resolves once the text is rendered.
 */
async function textBox(text, { occurrence = 0, timeout = 10000 } = {}) {
  const handle = await page.waitForFunction(
    ({ text, occurrence }) => {
      const lines = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
      if (!lines) return null;
      let seen = 0;
      // Lines are absolutely positioned and not in document order: sort them by their top.
      const sorted = [...lines.querySelectorAll('.view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      for (const line of sorted) {
        const nodes = [];
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) nodes.push(walker.currentNode);
        // Monaco draws spaces as U+00A0; one character for one, so offsets still match.
        const content = nodes.map((n) => n.data).join('').replace(/\u00a0/g, ' ');
        for (let at = content.indexOf(text); at >= 0; at = content.indexOf(text, at + 1)) {
          if (seen++ < occurrence) continue;
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
      }
      return null;
    },
    { text, occurrence },
    { timeout, polling: 100 },
  );
  return handle.jsonValue();
}

/** Waits for a red squiggle drawn exactly under a text box (within 2 px each side). */
async function squiggleUnder(box, { timeout }) {
  const handle = await page.waitForFunction(
    (box) => {
      for (const el of document.querySelectorAll('.editor-group-container.active .monaco-editor .squiggly-error')) {
        const r = el.getBoundingClientRect();
        const sameLine = r.top < box.y + box.height && r.bottom > box.y;
        if (sameLine && Math.abs(r.left - box.x) <= 2 && Math.abs(r.right - (box.x + box.width)) <= 2) return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return null;
    },
    box,
    { timeout, polling: 100 },
  );
  return handle.jsonValue();
}

/** Runs a command from the command palette by its full title, as a user would. */
async function runCommand(title, timeout) {
  const input = page.locator('.quick-input-widget input');
  // F1 pressed while a webview has the focus can open the palette inert (seen once in CI, under
  // load): then it is closed and opened again, up to three times.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout });
    try {
      await input.fill(`>${title}`, { timeout: attempt < 3 ? Math.min(timeout / 3, 5000) : timeout });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
}

// ---------------------------------------------------------------------------------------------
// Steps: each has its own timeout and screenshot; one failing does not stop the others unless
// it is marked `essential` (nothing after it can work).

const results = [];
let shot = 0;

async function step(name, timeoutMs, body, { essential = false } = {}) {
  const timeout = timeoutMs * SCALE;
  const stepStarted = Date.now();
  const file = `ui-${String(++shot).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50)}.png`;
  let timer;
  try {
    await Promise.race([
      body(timeout),
      new Promise((_, reject) => {
        // A little longer than the waits inside, so that their more specific messages win.
        timer = setTimeout(() => reject(new Error(`step timed out after ${timeout} ms`)), timeout + 3000);
      }),
    ]);
    await page.screenshot({ path: path.join(SHOTS, file) });
    results.push({ name, ok: true });
    log(`PASS ${name} (${Date.now() - stepStarted} ms) → screenshots/${file}`);
  } catch (error) {
    const failed = file.replace(/^ui-/, 'ui-FAILED-');
    await page.screenshot({ path: path.join(SHOTS, failed) }).catch(() => {});
    results.push({ name, ok: false, error });
    log(`FAIL ${name} (${Date.now() - stepStarted} ms): ${error.message.split('\n')[0]} → screenshots/${failed}`);
    if (essential) throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** An extra, cropped screenshot for the current step (taken when the step has seen what it waits for). */
async function closeUp(name, clip) {
  await page.screenshot({ path: path.join(SHOTS, `ui-${String(shot).padStart(2, '0')}b-${name}.png`), clip });
}

/** The WCAG 2.0, 2.1 and 2.2 level A and AA rules of axe-core. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe and fails on any violation, naming each rule and where it failed. `builder` is an
 * AxeBuilder already pointed at what is judged.
 */
async function expectNoAxeViolations(builder, what, { frames = 0 } = {}) {
  const results = await builder.withTags(WCAG_TAGS).analyze();
  const { violations } = results;
  // That axe saw the report, and only the report: its charts were judged (an SVG image has a name),
  // and every element it judged lies as many frames deep as the report's page.
  if (!results.passes.some((rule) => rule.id === 'svg-img-alt')) throw new Error(`axe did not judge the report's charts in ${what}: is the report there?`);
  const outside = [...results.passes, ...violations].flatMap((rule) => rule.nodes).filter((node) => node.target.length !== frames + 1);
  if (outside.length > 0) throw new Error(`axe judged ${outside.length} element(s) outside the report's frame in ${what}, e.g. ${outside[0].target.join(' >> ')}`);
  log(`axe: ${what}: ${violations.length} violation(s), ${results.passes.length} rules passed, ${results.incomplete.length} to check by hand`);
  if (violations.length > 0) {
    const lines = violations.map((v) => `  ${v.id} (${v.impact}; ${v.tags.filter((t) => t.startsWith('wcag')).join(', ')}): ${v.help}\n${v.nodes.slice(0, 8).map((n) => `    at ${n.target.join(' >> ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`).join('\n')}`);
    throw new Error(`axe found ${violations.length} WCAG A/AA violation(s) in ${what}:\n${lines.join('\n')}`);
  }
}

/** The report's webview: the workbench's iframe holding the content in an inner iframe. */
const reportView = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
/** The same, as the selectors axe takes to reach into those frames: only our frame is judged. */
const REPORT_FRAME = ['iframe.webview.ready', '#active-frame', 'html'];

/** A screenshot of the workbench with the report scrolled so that `anchor` is at the top. */
async function reportShot(name, anchor) {
  if (anchor) await reportView().locator(`#${anchor}`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  else await reportView().locator('body').evaluate(() => window.scrollTo(0, 0));
  // Scrolling is synchronous; wait one frame in the webview so that it is painted before the shot.
  await reportView().locator('body').evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: path.join(SHOTS, `report-${name}.png`) });
}

/**
 * Tabs through a page from the top: every link must take the focus in document order, and look
 * focused (its computed style differs from when it is not).
 */
async function expectEveryLinkReachedByTab(tab, what) {
  const links = await tab.locator('a[href]').count();
  await tab.locator('body').evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  let unstyled = [];
  for (let i = 0; i < links; i++) {
    await tab.keyboard.press('Tab');
    const seen = await tab.evaluate((i) => {
      const all = [...document.querySelectorAll('a[href]')];
      const active = document.activeElement;
      const at = all.indexOf(active);
      if (at !== i) return { at, expected: i, text: active?.textContent ?? '' };
      const focused = getComputedStyle(active);
      const look = (s) => [s.backgroundColor, s.boxShadow, s.outlineStyle, s.outlineColor, s.color].join('|');
      const now = look(focused);
      // The same link unfocused: a clone, out of the way, has the style of a link without focus.
      const clone = active.cloneNode(true);
      clone.style.position = 'absolute';
      active.parentElement.appendChild(clone);
      const rest = look(getComputedStyle(clone));
      clone.remove();
      return { at, expected: i, styled: now !== rest, text: active.textContent };
    }, i);
    if (seen.at !== seen.expected) throw new Error(`in ${what}, Tab number ${i + 1} reached link ${seen.at} ("${seen.text}"), not link ${i} of ${links}`);
    if (!seen.styled) unstyled.push(seen.text);
  }
  if (unstyled.length > 0) throw new Error(`in ${what}, ${unstyled.length} link(s) look the same focused as not, e.g. "${unstyled[0]}"`);
  log(`keyboard: ${what}: all ${links} links reached by Tab, each with a visible focus style`);
}

/** Fails with a message that says what the user would have seen, not just which selector timed out. */
function expectation(message, promise) {
  return promise.catch((error) => {
    throw new Error(`${message} (${error.message.split('\n')[0]})`);
  });
}

// ---------------------------------------------------------------------------------------------

let aborted;
try {
  workspace = copySample(run, 'broken');
  const browser = await launchBrowser(run);
  // A context of its own (not browser.newPage): axe finishes its run in a blank page of the same context.
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.setDefaultTimeout(30000);

  await step('workbench loads the sample folder', 60000, async (timeout) => {
    await page.goto(workbenchUrl(run, workspace));
    await expectation(
      'the explorer never showed the sample folder',
      page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'requirements' }).first().waitFor({ timeout }),
    );
  }, { essential: true });

  await step('Quick Open payroll.reqs.yaml', 30000, async (timeout) => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill('payroll.reqs.yaml');
    await expectation(
      'Quick Open did not list payroll.reqs.yaml',
      page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'payroll.reqs.yaml' }).first().waitFor({ timeout }),
    );
    await page.keyboard.press('Enter');
    await expectation('no active tab named payroll.reqs.yaml', activeTab().filter({ hasText: 'payroll.reqs.yaml' }).waitFor({ timeout }));
    await expectation('the editor did not show the file', editor().locator('.view-lines', { hasText: 'Payroll functional requirements' }).waitFor({ timeout }));
  }, { essential: true });

  await step('squiggle under the broken link UN-PAY-02', 30000, async (timeout) => {
    // Code lenses appear a moment after the squiggle and push the lines down, so the text is located
    // again before each look for the squiggle under it.
    const deadline = Date.now() + timeout;
    let box;
    let link;
    for (;;) {
      box = await textBox('UN-PAY-02]', { timeout: Math.max(1000, deadline - Date.now()) });
      link = { ...box, width: (box.width * 9) / 10 }; // 'UN-PAY-02' without the ']' (monospace)
      const remaining = deadline - Date.now();
      try {
        await squiggleUnder(link, { timeout: Math.max(100, Math.min(1500, remaining)) });
        break;
      } catch (error) {
        if (remaining <= 1500) {
          await expectation(`no red squiggle under UN-PAY-02 at x=${Math.round(link.x)}..${Math.round(link.x + link.width)}, y=${Math.round(link.y)}`, Promise.reject(error));
        }
      }
    }
    await closeUp('squiggle', { x: box.x - 150, y: box.y - 45, width: 420, height: 90 });
  });

  await step('Problems panel lists the broken-link', 20000, async (timeout) => {
    await page.keyboard.press('Control+Shift+M');
    // The list is virtual and the sample has 19 problems: filter it to the one we look for, as a user would.
    const filter = page.locator('.part.panel .viewpane-filter').locator('input, textarea').first();
    await expectation('the Problems panel did not open', filter.waitFor({ state: 'visible', timeout }));
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'UN-PAY-02 does not exist: no need has this id. Did you mean UN-PAY-002?' }).first();
    // The view can still be restoring its state when the input appears, and then it clears what
    // was typed: type again until the filter holds (each try waits for DOM evidence).
    const deadline = Date.now() + timeout;
    for (;;) {
      await filter.fill('UN-PAY-02');
      try {
        await row.waitFor({ timeout: 2000 });
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`the Problems panel has no entry for the broken link (filter: "${await filter.inputValue()}")`);
      }
    }
    await expectation('the entry does not name the code broken-link', row.filter({ hasText: 'broken-link' }).waitFor({ timeout: 2000 }));
  });

  await step('hover on UN-PAY-001 shows the need and its trace', 20000, async (timeout) => {
    // Give the editor its room back if the Problems panel is still open.
    if (await page.locator('.markers-panel').isVisible()) {
      await page.keyboard.press('Control+J');
      await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout });
    }
    const box = await textBox('UN-PAY-001', { timeout });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Pay everyone correctly and on time' }).first();
    await expectation('no hover with the title of UN-PAY-001', hover.waitFor({ timeout }));
    await expectation('the hover does not give the trace ("covered by … traced end to end")', hover.filter({ hasText: /covered by .*REQ-PAY-001.*traced end to end via ITT-3\.1/ }).waitFor({ timeout: 2000 }));
  });

  await step('F12 on UN-PAY-001 jumps to payroll.needs.yaml', 20000, async (timeout) => {
    await page.keyboard.press('Escape'); // close the hover
    const box = await textBox('UN-PAY-001', { timeout });
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press('F12');
    // Either the needs file opens, or the editor says why not ("No definition found …"): stop
    // at whichever shows first, so that a broken go-to-definition fails at once and says so.
    const opened = activeTab().filter({ hasText: 'payroll.needs.yaml' });
    const refusal = page.locator('.monaco-editor-overlaymessage').first();
    const outcome = await Promise.race([
      opened.waitFor({ timeout }).then(() => 'opened'),
      refusal.waitFor({ timeout }).then(() => 'refused'),
    ]).catch(() => 'nothing');
    if (outcome !== 'opened') {
      const tab = (await activeTab().innerText().catch(() => '?')).replace(/\s+/g, '');
      const message = outcome === 'refused' ? (await refusal.innerText().catch(() => '')).trim() : '';
      throw new Error(`F12 did not open payroll.needs.yaml: the active tab is still "${tab}"${message ? `; the editor says "${message}"` : ''}`);
    }
    await expectation('the editor does not show the needs file', editor().locator('.view-lines', { hasText: 'Payroll user needs' }).waitFor({ timeout }));
    // The cursor is on the definition: line 5, "  - id: UN-PAY-001".
    await expectation('the cursor is not on line 5, the definition of UN-PAY-001', editor().locator('.line-numbers.active-line-number', { hasText: /^5$/ }).waitFor({ timeout }));
  });

  await step('status bar shows "Needs traced 66.7%"', 20000, async (timeout) => {
    const item = page.locator('.statusbar-item', { hasText: /Needs traced 66\.7%/ }).first();
    await expectation('no status bar item "Needs traced 66.7%"', item.waitFor({ timeout }));
    const box = await item.boundingBox();
    await closeUp('status-bar', { x: 0, y: box.y - 10, width: box.x + box.width + 200, height: box.height + 20 });
  });

  await step('Generate Coverage Report from the command palette', 30000, async (timeout) => {
    await runCommand('Requirements: Generate Coverage Report', timeout);
    await expectation('no tab "Coverage: broken"', page.locator('.tab', { hasText: 'Coverage: broken' }).first().waitFor({ timeout }));
    // The webview is an iframe holding the content in an inner iframe.
    const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await expectation('the webview does not show the report', report.locator('h1', { hasText: 'Coverage report: broken' }).waitFor({ timeout }));
    await expectation('the report does not show the gap UN-PAY-003', report.locator('body', { hasText: 'UN-PAY-003' }).waitFor({ timeout }));
    // Shown, not written: nothing goes into the workspace unless reqtrace.report.outputFolder is set.
    if (fs.existsSync(path.join(workspace, 'coverage-report'))) throw new Error('coverage-report/ was written into the workspace');
  });

  await step('the report in its webview passes axe in a light theme', 60000, async (timeout) => {
    await expectation('the report webview is not light', reportView().locator('body.vscode-light').waitFor({ timeout }));
    await expectation('the report has no charts', reportView().locator('figure.chart svg[role="img"]').first().waitFor({ timeout }));
    await expectNoAxeViolations(new AxeBuilder({ page }).include(REPORT_FRAME), 'the report webview (light theme)', { frames: 2 });
    // The report as a reader at a board would have it: the side bar closed and its group maximised.
    await page.locator('.tab', { hasText: 'Coverage: broken' }).first().click();
    await page.keyboard.press('Control+B');
    await runCommand('View: Toggle Maximize Editor Group', timeout);
    await expectation('the report did not take the whole editor area', page.waitForFunction(() => {
      const frame = document.querySelector('iframe.webview.ready');
      return frame && frame.getBoundingClientRect().width > 1100;
    }, undefined, { timeout }));
    // A link with the keyboard's focus, to see its focus style in the shot.
    await reportView().getByRole('link', { name: 'Gaps by department' }).focus();
    await reportShot('01-webview-light-verdict');
    await reportShot('02-webview-light-charts-by-priority', 'by-priority');
    await reportShot('03-webview-light-gaps-by-department', 'department-gaps');
  });

  await step('the report in its webview passes axe in a dark theme', 60000, async (timeout) => {
    await runCommand('Preferences: Toggle between Light/Dark Themes', timeout);
    await expectation('the workbench did not turn dark', page.locator('.monaco-workbench.vs-dark').first().waitFor({ timeout }));
    await expectation('the report webview did not turn dark', reportView().locator('body.vscode-dark').waitFor({ timeout }));
    const [background, text] = await reportView().locator('body').evaluate((body) => [getComputedStyle(body).backgroundColor, getComputedStyle(body).color]);
    const luminance = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((sum, v) => sum + Number(v), 0) / 3;
    if (!(luminance(background) < 80 && luminance(text) > 150)) throw new Error(`the report is not dark: background ${background}, text ${text}`);
    await expectNoAxeViolations(new AxeBuilder({ page }).include(REPORT_FRAME), 'the report webview (dark theme)', { frames: 2 });
    await reportShot('04-webview-dark-verdict');
    await reportShot('05-webview-dark-charts-by-priority', 'by-priority');
    await reportShot('06-webview-dark-by-department', 'by-department');
    await runCommand('Preferences: Toggle between Light/Dark Themes', timeout);
    await expectation('the workbench did not turn light again', page.locator('.monaco-workbench.vs').first().waitFor({ timeout }));
  });

  // The HTML files, as the packaged extension's command line writes them.
  const installed = fs.readdirSync(path.join(run.dir, 'extensions')).find((name) => name.startsWith('reqtrace.'));
  const cli = installed && path.join(run.dir, 'extensions', installed, 'dist', 'cli.js');
  for (const sample of ['synergy', 'broken']) {
    await step(`the HTML report file of samples/${sample} passes axe, light and dark, every link reached by Tab`, 90000, async () => {
      if (!cli || !fs.existsSync(cli)) throw new Error(`the installed extension has no dist/cli.js (${installed ?? 'not installed'})`);
      const file = path.join(run.dir, `report-${sample}.html`);
      execFileSync(process.execPath, [cli, 'report', path.join(REPO, 'samples', sample), '--format', 'html', '--out', file], { stdio: ['ignore', 'ignore', 'pipe'] });
      for (const colorScheme of ['light', 'dark']) {
        const context = await run.browser.newContext({ colorScheme, viewport: { width: 1100, height: 900 } });
        try {
          const tab = await context.newPage();
          await tab.goto(pathToFileURL(file).href);
          await expectNoAxeViolations(new AxeBuilder({ page: tab }), `the HTML report of samples/${sample} (${colorScheme})`);
          if (colorScheme === 'light') await expectEveryLinkReachedByTab(tab, `the HTML report of samples/${sample}`);
        } finally {
          await context.close();
        }
      }
    });
  }
} catch (error) {
  aborted = error;
} finally {
  await run.stop({ failed: Boolean(aborted) || results.some((r) => !r.ok) });
}

const failed = results.filter((r) => !r.ok);
// An error outside the steps (Chromium would not start, …) counts as a failure of its own.
if (aborted && !failed.some((r) => r.error === aborted)) failed.push({ name: 'setup', error: aborted });
for (const r of failed) console.error(`\nFAILED: ${r.name}\n  ${r.error.message}`);
if (aborted) console.error('\nstopped early: the steps after this failure need what it should have done');
console.log(`\n${results.filter((r) => r.ok).length} passed, ${failed.length} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed.length ? 1 : 0);
