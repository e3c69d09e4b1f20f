// Model evaluation: summary metrics from DescribeModel, the evaluation result file (ROC AUC,
// average precision, per-anomaly-type metrics, how the threshold was chosen) and the per-image evaluation
// manifest, read from the model's output location. The page draws the curves and moves the threshold itself
// (webviews/metrics.js); it asks for test images as it shows them and for other versions to compare with.
// Open panels follow their model's status and deletion; after a window reload a panel loads the metrics of the model
// its record kept (panelState.ts).
import * as vscode from 'vscode';
import type { ServiceClients } from '../client/clients';
import { errorMessage } from '../client/errors';
import { dataUri } from '../client/imageBytes';
import { getObject } from '../client/objectStore';
import { ThumbnailCache } from '../client/thumbnails';
import { affects, type ModelChange } from '../explorer/modelWatch';
import type { ModelRef } from '../explorer/refs';
import { parseS3Uri } from '../manifest/core';
import { loadMetrics, type MetricsData } from './evaluationData';
import { PanelContent } from './panelContent';
import { serveImages } from './panelImages';
import type { PanelRecord, PanelRecords, Restored } from './panelState';
import { initPanel } from './webviewHtml';

/** The extension-host tests read the panel's messages as this. */
export type { MetricsData } from './evaluationData';

/** What the page asks of the extension besides its content and images. */
type PageRequest = { type: 'compare'; modelVersion: string } | { type: 'copy'; text: string };

function isPageRequest(m: unknown): m is PageRequest {
  const r = m as { type?: unknown; modelVersion?: unknown; text?: unknown };
  return (
    (r?.type === 'compare' && typeof r.modelVersion === 'string') ||
    (r?.type === 'copy' && typeof r.text === 'string')
  );
}

export const METRICS_VIEW_TYPE = 'lookoutVision.metrics';

/**
 * An open metrics panel. It follows its model: a new status (the model was started, stopped...) loads
 * the metrics again, and when the model or its project is deleted the panel says so.
 */
class MetricsView {
  private readonly content: PanelContent;
  private shownStatus: string | undefined;
  /** The metrics the page shows now: its image requests are indices into their images. */
  private shown: MetricsData | undefined;
  /** Bumped by every show: a load that resolves after a newer one (or after the deletion) changes nothing. */
  private generation = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly model: ModelRef,
    private readonly clients: () => Promise<ServiceClients>,
    record: PanelRecord<ModelRef>,
  ) {
    initPanel(panel, extensionUri, 'metrics.js');
    this.content = new PanelContent(panel, record.pageState);
    const thumbnails = new ThumbnailCache(async () => (await clients()).s3);
    const images = serveImages(panel.webview, () => {
      const shown = this.shown?.images;
      return (
        shown &&
        ((index, size, layer) =>
          testImage(
            layer === 'image' ? shown[index]?.source : shown[index]?.[layer],
            size,
            thumbnails,
            clients,
          ))
      );
    });
    panel.onDidDispose(() => images.dispose());
    panel.webview.onDidReceiveMessage((m: unknown) => void this.answer(m));
  }

  private async answer(m: unknown): Promise<void> {
    if (!isPageRequest(m)) return;
    if (m.type === 'copy') {
      await vscode.env.clipboard.writeText(m.text);
      return;
    }
    const model = { projectName: this.model.projectName, modelVersion: m.modelVersion };
    let reply: object;
    try {
      reply = { data: await loadMetrics(await this.clients(), model) };
    } catch (err) {
      reply = { error: `Model ${m.modelVersion}: ${errorMessage(err)}` };
    }
    await this.panel.webview.postMessage({ type: 'comparison', modelVersion: m.modelVersion, ...reply });
  }

  show(load: Promise<MetricsData>): void {
    const generation = ++this.generation;
    this.content.show(
      load.then((data) => {
        if (generation === this.generation) {
          this.shown = data;
          this.shownStatus = data.status;
          this.panel.title = metricsTitle(this.model);
        }
        return { type: 'metrics', data };
      }),
    );
  }

  reload(): void {
    this.show(this.clients().then((c) => loadMetrics(c, this.model)));
  }

  follow(change: ModelChange): void {
    if (!affects(change, this.model)) return;
    const { projectName, modelVersion } = this.model;
    if (change.status === undefined) {
      this.generation++;
      this.shownStatus = undefined;
      this.panel.title = `${metricsTitle(this.model)} (deleted)`;
      this.content.show(
        Promise.reject(
          new Error(
            change.modelVersion === undefined
              ? `Project ${projectName} was deleted, with model ${modelVersion}.`
              : `Model ${modelVersion} of ${projectName} was deleted.`,
          ),
        ),
      );
    } else if (change.status !== this.shownStatus) this.reload();
  }
}

/** A test image of the evaluation manifest, or one of its masks, read through the connection's S3. */
async function testImage(
  ref: string | undefined,
  size: 'thumbnail' | 'full',
  thumbnails: ThumbnailCache,
  clients: () => Promise<ServiceClients>,
): Promise<string | undefined> {
  if (!ref) return undefined;
  if (size === 'thumbnail') return thumbnails.get(ref);
  const location = parseS3Uri(ref);
  if (typeof location === 'string') throw new Error(location);
  const bytes = await getObject((await clients()).s3, location.bucket, location.key);
  return bytes && dataUri(bytes);
}

function metricsTitle({ projectName, modelVersion }: ModelRef): string {
  return `Metrics: ${projectName} model ${modelVersion}`;
}

const openViews = new Set<MetricsView>();

function track(view: MetricsView): MetricsView {
  openViews.add(view);
  view.panel.onDidDispose(() => openViews.delete(view));
  return view;
}

/** Keeps every open metrics panel in step with the models' statuses as the extension sees them. */
export function followModelChanges(changes: vscode.Event<ModelChange>): vscode.Disposable {
  return changes((change) => {
    for (const view of openViews) view.follow(change);
  });
}

/** Shows the model's metrics, in the panel already open for that model if there is one. */
export function showMetricsPanel(
  extensionUri: vscode.Uri,
  records: PanelRecords,
  data: MetricsData,
  clients: () => Promise<ServiceClients>,
): vscode.WebviewPanel {
  const model = { projectName: data.projectName, modelVersion: data.modelVersion };
  const title = metricsTitle(model);
  let view = [...openViews].find(
    (v) => v.model.projectName === model.projectName && v.model.modelVersion === model.modelVersion,
  );
  if (view) view.panel.reveal();
  else {
    const panel = vscode.window.createWebviewPanel(METRICS_VIEW_TYPE, title, vscode.ViewColumn.Active);
    const record = records.create<ModelRef>(panel);
    record.keep(model);
    view = track(new MetricsView(panel, extensionUri, model, clients, record));
  }
  view.panel.title = title;
  view.show(Promise.resolve(data));
  return view.panel;
}

/** Takes over a panel VS Code restored: loads the metrics of the model its record kept again from the connection. */
export function restoreMetricsPanel(
  extensionUri: vscode.Uri,
  { panel, record, value }: Restored<ModelRef>,
  clients: () => Promise<ServiceClients>,
): void {
  track(new MetricsView(panel, extensionUri, value, clients, record)).reload();
}
