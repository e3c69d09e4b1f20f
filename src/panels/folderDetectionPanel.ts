// The results of Detect Anomalies in Folder: a table the page sorts and filters (webviews/folderDetection.js), with
// thumbnails it asks for as rows scroll into view; a row opens its image with the mask overlaid, as the
// detection panel shows it. What the table shows exports as CSV, or as a manifest (with the masks beside it)
// that can become a dataset once a person has checked the verdicts. One panel, reused for each run; it is not
// restored after a window reload (that would mean detecting the whole folder again).
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../client/errors';
import { imageContentType } from '../client/objectStore';
import { detectionMessage } from './detectionPanel';
import { resultsCsv, resultsManifest, type FolderDetection, type FolderRun } from './detectionResults';
import { PanelContent } from './panelContent';
import { dataUri, serveImages } from './panelImages';
import { initPanel } from './webviewHtml';

export const FOLDER_DETECTION_VIEW_TYPE = 'lookoutVision.folderDetection';

type PageRequest =
  { type: 'overlay'; index: number } | { type: 'export'; format: 'csv' | 'manifest'; indices: number[] };

function isPageRequest(m: unknown): m is PageRequest {
  const r = m as { type?: unknown; index?: unknown; format?: unknown; indices?: unknown };
  return (
    (r?.type === 'overlay' && typeof r.index === 'number') ||
    (r?.type === 'export' &&
      (r.format === 'csv' || r.format === 'manifest') &&
      Array.isArray(r.indices) &&
      r.indices.every((i) => typeof i === 'number'))
  );
}

export class FolderDetectionPanel {
  private static current: FolderDetectionPanel | undefined;
  private readonly content: PanelContent;
  private run: FolderRun | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    initPanel(panel, extensionUri, 'folderDetection.js');
    this.content = new PanelContent(panel);
    const images = serveImages(panel.webview, () => {
      const run = this.run;
      return (
        run &&
        (async (index) => {
          const file = run.detections[index]?.file;
          return file && dataUri(await readFile(file), imageContentType(file));
        })
      );
    });
    panel.webview.onDidReceiveMessage((m: unknown) => void this.answer(m));
    panel.onDidDispose(() => {
      images.dispose();
      if (FolderDetectionPanel.current === this) FolderDetectionPanel.current = undefined;
    });
  }

  static show(extensionUri: vscode.Uri, run: FolderRun): FolderDetectionPanel {
    if (!FolderDetectionPanel.current) {
      const panel = vscode.window.createWebviewPanel(FOLDER_DETECTION_VIEW_TYPE, 'Folder detection', {
        viewColumn: vscode.ViewColumn.Active,
        preserveFocus: false,
      });
      FolderDetectionPanel.current = new FolderDetectionPanel(panel, extensionUri);
    }
    const current = FolderDetectionPanel.current;
    current.run = run;
    current.panel.title = `Detect: ${basename(run.folder)}`;
    current.panel.reveal(undefined, false);
    current.content.show(
      {},
      Promise.resolve({
        type: 'folder',
        folder: run.folder,
        model: run.model,
        rows: run.detections.map((d) => ({ ...d, name: relative(run.folder, d.file) })),
      }),
    );
    return current;
  }

  private async answer(m: unknown): Promise<void> {
    const run = this.run;
    if (!isPageRequest(m) || !run) return;
    if (m.type === 'overlay') {
      const file = run.detections[m.index]?.file;
      const result = run.results[m.index];
      let reply: object;
      try {
        if (!file || !result) throw new Error('This image has no result.');
        const imageName = relative(run.folder, file);
        const imageBytes = await readFile(file);
        const contentType = imageContentType(file);
        reply = {
          detection: detectionMessage({ imageName, imageBytes, contentType, model: run.model, result }),
        };
      } catch (err) {
        reply = { error: errorMessage(err) };
      }
      await this.panel.webview.postMessage({ type: 'overlay', index: m.index, ...reply });
      return;
    }
    const rows = m.indices.map((i) => run.detections[i]).filter((d) => d !== undefined);
    try {
      const saved = await exportResults(run, rows, m.format);
      if (saved) void vscode.window.showInformationMessage(`Saved ${rows.length} results to ${saved}.`);
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not export the results: ${errorMessage(err)}`);
    }
  }
}

/** Writes the rows where the user chooses; returns the path, or undefined when the dialog was dismissed. */
async function exportResults(
  run: FolderRun,
  rows: FolderDetection[],
  format: 'csv' | 'manifest',
): Promise<string | undefined> {
  const name = `${basename(run.folder)}-detections.${format}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(join(run.folder, '..', name)),
    filters: format === 'csv' ? { CSV: ['csv'] } : { Manifest: ['manifest'] },
    title: format === 'csv' ? 'Export the results as CSV' : 'Export the results as a manifest',
  });
  if (!target) return undefined;
  const text = format === 'csv' ? resultsCsv(run, rows) : await resultsManifest(run, rows, target.fsPath);
  await writeFile(target.fsPath, text);
  return target.fsPath;
}
