// UI: Show Engine Log shows the local engine's own lines (time-stamped by the engine, read from the data directory's
// engine.log) in a window that did not start the engine: here one started from a terminal, as another window's
// would be. Its lines reach this window only through the file.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runEngineProcess, type EngineProcess } from '../support/engine-process';
import { runCommand, screenshot, showLookoutOnLocalEngine, useWorkbench, workspaceFolder } from './workbench';

/** A line the engine itself wrote: an ISO time, then its text (the extension's own notes begin "[extension]"). */
const ENGINE_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z engine listening on /m;

describe('UI: engine log', function () {
  this.timeout(3 * 60_000);
  let page: Page;
  let engine: EngineProcess | undefined;

  before(async () => {
    const settings = JSON.parse(
      readFileSync(join(workspaceFolder(), '.vscode', 'settings.json'), 'utf8'),
    ) as {
      'lookoutVision.engine.dataDir': string;
    };
    engine = await runEngineProcess(settings['lookoutVision.engine.dataDir']);
  });
  after(async () => {
    // Stopped only if this suite started it (not one an earlier window left running).
    if (engine && !engine.line.reused) {
      engine.kill('SIGTERM');
      await engine.exited;
    }
  });
  useWorkbench('failed-engine-log-', (opened) => (page = opened));

  it('shows the lines of an engine another process started in the Lookout for Vision Engine output', async () => {
    await showLookoutOnLocalEngine(page);
    await runCommand(page, 'Lookout for Vision: Show Engine Log');
    const output = page.locator('.part.panel .monaco-editor .view-lines');
    let text = '';
    for (let waited = 0; waited < 30_000 && !ENGINE_LINE.test(text); waited += 500) {
      await page.waitForTimeout(500);
      text = (
        await output
          .first()
          .innerText()
          .catch(() => '')
      ).replace(/\u00a0/g, ' ');
    }
    await screenshot(page, 'engine-log');
    assert.match(
      text,
      /\[extension\] engine reused: .* \(pid \d+\)/,
      `this window found the engine running:\n${text}`,
    );
    assert.match(text, ENGINE_LINE, `the output shows no line of the engine:\n${text}`);
  });
});
