// What the dataset view's UI tests share: clients of the engine the workbench started, the page's frame, and
// screenshots in the light and dark themes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FrameLocator, Page } from 'playwright-core';
import { createClients } from '../../src/client/clients';
import { screenshot, workspaceFolder } from './workbench';

const THEMES = [
  ['light', 'Default Light Modern', 'vs'],
  ['dark', 'Default Dark Modern', 'vs-dark'],
] as const;

/** Clients of the engine the workbench's extension started (the CLI reports the running one and exits). */
export function engineClients(): { lv: LookoutVisionClient; s3: S3Client } {
  const settings = JSON.parse(
    readFileSync(join(workspaceFolder(), '.vscode', 'settings.json'), 'utf8'),
  ) as Record<string, string>;
  const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
  const out = spawnSync(
    process.execPath,
    [cli, 'engine', '--data', settings['lookoutVision.engine.dataDir']!],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  const info = JSON.parse(out.stdout.trim().split('\n')[0]!) as {
    endpoint: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    reused: boolean;
  };
  assert.ok(info.reused, 'the engine of the workbench answers');
  const { lookout, s3 } = createClients({
    kind: 'endpoint',
    label: 'the workbench engine',
    endpoint: info.endpoint,
    region: info.region,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
  });
  return { lv: lookout, s3 };
}

/** The page of the dataset view (the last webview opened). */
export function galleryFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** Screenshots named `prefix-light` and `prefix-dark`, switching the theme through the workspace settings. */
export async function themedScreenshots(page: Page, prefix: string): Promise<void> {
  const settingsFile = join(workspaceFolder(), '.vscode', 'settings.json');
  const before = readFileSync(settingsFile, 'utf8');
  const settings = JSON.parse(before) as Record<string, unknown>;
  try {
    for (const [label, theme, kind] of THEMES) {
      writeFileSync(settingsFile, JSON.stringify({ ...settings, 'workbench.colorTheme': theme }, null, 2));
      await page.waitForFunction(`document.querySelector('.monaco-workbench.${kind}') !== null`, undefined, {
        timeout: 15_000,
      });
      await page.waitForTimeout(800);
      await screenshot(page, `${prefix}-${label}`);
    }
  } finally {
    writeFileSync(settingsFile, before);
  }
}
