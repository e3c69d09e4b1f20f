// The results of Detect Anomalies in Folder: a table the page sorts and filters (webviews/folderDetection.js), with
// thumbnails it asks for as rows scroll into view; a row opens its image with the mask overlaid, as the
// detection panel shows it. The panel opens when a run starts and each result joins the table as it arrives. What
// the table shows exports as CSV, or as a manifest (with the masks beside it) that can become a dataset once a
// person has checked the verdicts. One panel, reused for each run. After a window reload it shows the table its
// record kept (panelState.ts); a result's mask (kept only in memory) is detected again, one image at a time, when it
// is needed.
import { writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { DetectAnomalyResult } from '@aws-sdk/client-lookoutvision';
import type { ServiceClients } from '../client/clients';
import { errorMessage } from '../client/errors';
import { dataUri } from '../client/imageBytes';
import { readImageFile } from '../client/imageFile';
import { detectImageFile } from '../client/detectAnomalies';
import type { ModelRef } from '../explorer/refs';
import { detectionMessage } from './detectionPanel';
import {
  folderDetection,
  resultsCsv,
  resultsManifest,
  type FolderDetection,
  type FolderRun,
  type KeptFolderRun,
} from './detectionResults';
import { serveImages } from './panelImages';
import type { PanelRecord, PanelRecords, Restored } from './panelState';
import { initPanel } from './webviewHtml';

export const FOLDER_DETECTION_VIEW_TYPE = 'lookoutVision.folderDetection';

type PageRequest =
  | { type: 'ready' }
  | { type: 'overlay'; index: number }
  | { type: 'export'; format: 'csv' | 'manifest'; indices: number[] };

function isPageRequest(m: unknown): m is PageRequest {
  const r = m as { type?: unknown; index?: unknown; format?: unknown; indices?: unknown };
  return (
    r?.type === 'ready' ||
    (r?.type === 'overlay' && typeof r.index === 'number') ||
    (r?.type === 'export' &&
      (r.format === 'csv' || r.format === 'manifest') &&
      Array.isArray(r.indices) &&
      r.indices.every((i) => typeof i === 'number'))
  );
}

/** A run's way into the panel. */
export interface FolderRunView {
  /** Adds an image's verdict (or why it has none) to the run and to the table. */
  add(detection: FolderDetection, result?: DetectAnomalyResult): void;
  /** The run has ended: `summary` says how. */
  finish(summary: string): void;
}

const modelLabel = (m: ModelRef) => `${m.projectName} · model ${m.modelVersion}`;

export class FolderDetectionPanel {
  private static current: FolderDetectionPanel | undefined;
  /** Set when the run has ended: the summary the page shows in place of "detecting…". */
  private summary: string | undefined;
  private disposed = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly record: PanelRecord<KeptFolderRun>,
    private run: FolderRun,
    private readonly clients: () => Promise<ServiceClients>,
  ) {
    initPanel(panel, extensionUri, 'folderDetection.js');
    const images = serveImages(panel.webview, () => {
      const run = this.run;
      return async (index) => {
        const file = run.detections[index]?.file;
        if (!file) return undefined;
        const image = await readImageFile(file);
        return dataUri(image.bytes, image.contentType);
      };
    });
    panel.webview.onDidReceiveMessage((m: unknown) => void this.answer(m));
    panel.onDidDispose(() => {
      this.disposed = true;
      images.dispose();
      if (FolderDetectionPanel.current === this) FolderDetectionPanel.current = undefined;
    });
  }

  /**
   * Opens the panel (or takes over the open one) for a run that starts now, with no result yet; the run reports
   * to what this returns. A run the panel no longer shows (closed, or a newer run took it over) goes on unseen.
   */
  static start(
    extensionUri: vscode.Uri,
    records: PanelRecords,
    folder: string,
    modelRef: ModelRef,
    clients: () => Promise<ServiceClients>,
  ): FolderRunView {
    const run: FolderRun = { folder, model: modelLabel(modelRef), modelRef, detections: [], results: [] };
    let current = FolderDetectionPanel.current;
    if (current) {
      current.run = run;
      current.summary = undefined;
    } else {
      const panel = vscode.window.createWebviewPanel(FOLDER_DETECTION_VIEW_TYPE, 'Folder detection', {
        viewColumn: vscode.ViewColumn.Active,
        preserveFocus: false,
      });
      current = FolderDetectionPanel.current = new FolderDetectionPanel(
        panel,
        extensionUri,
        records.create(panel),
        run,
        clients,
      );
    }
    current.panel.title = `Detect: ${basename(folder)}`;
    current.panel.reveal(undefined, false);
    current.record.keep(current.kept());
    void current.post();
    const view = current;
    const shown = () => !view.disposed && view.run === run;
    return {
      add(detection, result) {
        const index = run.detections.push(detection) - 1;
        run.results[index] = result;
        if (!shown()) return;
        void view.panel.webview.postMessage({ type: 'row', row: view.row(detection, index) });
        view.record.keepSoon(() => view.kept());
      },
      finish(summary) {
        if (!shown()) return;
        view.summary = summary;
        view.record.keep(view.kept());
        void view.panel.webview.postMessage({ type: 'done', summary });
      },
    };
  }

  /** Takes over a panel VS Code restored, with the table its record kept. */
  static restore(
    extensionUri: vscode.Uri,
    { panel, record, value }: Restored<KeptFolderRun>,
    clients: () => Promise<ServiceClients>,
  ): void {
    const { folder, modelRef, rows, summary } = value;
    const run: FolderRun = {
      folder,
      model: modelLabel(modelRef),
      modelRef,
      detections: [...rows],
      results: [],
    };
    const restored = new FolderDetectionPanel(panel, extensionUri, record, run, clients);
    restored.summary = summary ?? 'The run was interrupted by the window reload.';
    FolderDetectionPanel.current ??= restored;
  }

  /** What the record keeps of the run shown: a copy, as the run goes on. */
  private kept(): KeptFolderRun {
    const { folder, modelRef, detections } = this.run;
    return { folder, modelRef, rows: [...detections], summary: this.summary };
  }

  private row(d: FolderDetection, index: number) {
    return { ...d, index, name: relative(this.run.folder, d.file) };
  }

  /** The whole table: when the page (re)loads, and when a run starts. */
  private async post(): Promise<void> {
    const { folder, model, detections } = this.run;
    await this.panel.webview.postMessage({
      type: 'folder',
      folder,
      model,
      rows: detections.map((d, i) => this.row(d, i)),
      summary: this.summary,
      state: this.record.pageState,
    });
  }

  /** The full result of a row: kept from the run, or (after a window reload) detected again. */
  private async resultOf(index: number): Promise<DetectAnomalyResult> {
    const known = this.run.results[index];
    if (known) return known;
    const d = this.run.detections[index];
    if (!d || d.error || d.isAnomalous === undefined) throw new Error('This image has no result.');
    const run = this.run;
    const { result } = await detectImageFile(await this.clients(), run.modelRef, d.file);
    run.results[index] = result;
    run.detections[index] = folderDetection(d.file, result);
    return result;
  }

  private async answer(m: unknown): Promise<void> {
    const run = this.run;
    if (!isPageRequest(m)) return;
    if (m.type === 'ready') return this.post();
    if (m.type === 'overlay') {
      let reply: object;
      try {
        const file = run.detections[m.index]?.file;
        if (!file) throw new Error('This image has no result.');
        const result = await this.resultOf(m.index);
        const imageName = relative(run.folder, file);
        const { bytes: imageBytes, contentType } = await readImageFile(file);
        reply = {
          detection: detectionMessage({ imageName, imageBytes, contentType, model: run.model, result }),
        };
      } catch (err) {
        reply = { error: `${errorMessage(err)} (${run.model})` };
      }
      await this.panel.webview.postMessage({ type: 'overlay', index: m.index, ...reply });
      return;
    }
    try {
      // A manifest holds the masks: results lost to a window reload are detected again first.
      if (m.format === 'manifest')
        for (const i of m.indices) if (run.detections[i]?.isAnomalous) await this.resultOf(i);
      const rows = m.indices.map((i) => run.detections[i]).filter((d) => d !== undefined);
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
