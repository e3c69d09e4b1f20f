// Model evaluation: summary metrics from DescribeModel, the evaluation result file (ROC AUC,
// average precision, per-anomaly-type metrics) and the per-image evaluation manifest, read from
// the model's output location. Open panels follow their model's status and deletion.
import * as vscode from 'vscode';
import { DescribeModelCommand } from '@aws-sdk/client-lookoutvision';
import type { ServiceClients } from '../client/clients';
import { getObject } from '../client/objectStore';
import { affects, type ModelChange } from '../explorer/modelWatch';
import type { ModelRef } from '../explorer/refs';
import { PanelContent } from './panelContent';
import { initPanel } from './webviewHtml';

export interface MetricsData {
  projectName: string;
  modelVersion: string;
  status?: string;
  performance?: { F1Score?: number; Precision?: number; Recall?: number };
  evaluationResult?: unknown;
  images: { source: string; expected?: string; predicted?: string; confidence?: number }[];
}

export async function loadMetrics(clients: ServiceClients, model: ModelRef): Promise<MetricsData> {
  const out = await clients.lookout.send(
    new DescribeModelCommand({ ProjectName: model.projectName, ModelVersion: model.modelVersion }),
  );
  const description = out.ModelDescription ?? {};
  const data: MetricsData = {
    projectName: model.projectName,
    modelVersion: model.modelVersion,
    status: description.Status,
    performance: description.Performance,
    images: [],
  };
  const result = description.EvaluationResult;
  if (result?.Bucket && result.Key) {
    const bytes = await getObject(clients.s3, result.Bucket, result.Key);
    if (bytes) data.evaluationResult = JSON.parse(new TextDecoder().decode(bytes));
  }
  const manifest = description.EvaluationManifest;
  if (manifest?.Bucket && manifest.Key) {
    const bytes = await getObject(clients.s3, manifest.Bucket, manifest.Key);
    for (const line of bytes ? new TextDecoder().decode(bytes).split('\n') : []) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as Record<
        string,
        { 'class-name'?: string; confidence?: number } | string
      >;
      const label = entry['anomaly-label-metadata'] as { 'class-name'?: string } | undefined;
      const detected = entry['anomaly-label-detected-metadata'] as
        { 'class-name'?: string; confidence?: number } | undefined;
      data.images.push({
        source: String(entry['source-ref']),
        expected: label?.['class-name'],
        predicted: detected?.['class-name'],
        confidence: detected?.confidence,
      });
    }
  }
  return data;
}

export const METRICS_VIEW_TYPE = 'lookoutVision.metrics';

/**
 * An open metrics panel. It follows its model: a new status (the model was started, stopped...) loads
 * the metrics again, and when the model or its project is deleted the panel says so.
 */
class MetricsView {
  private readonly content: PanelContent;
  private shownStatus: string | undefined;
  /** Bumped by every show: a load that resolves after a newer one (or after the deletion) changes nothing. */
  private generation = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly model: ModelRef,
    private readonly clients: () => Promise<ServiceClients>,
  ) {
    initPanel(panel, extensionUri, 'metrics.js');
    this.content = new PanelContent(panel);
  }

  show(load: Promise<MetricsData>): void {
    const { projectName, modelVersion } = this.model;
    const generation = ++this.generation;
    this.content.show(
      { projectName, modelVersion },
      load.then((data) => {
        if (generation === this.generation) {
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
        { projectName, modelVersion },
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
    view = track(new MetricsView(panel, extensionUri, model, clients));
  }
  view.panel.title = title;
  view.show(Promise.resolve(data));
  return view.panel;
}

/** Takes over a panel VS Code restored: loads the model's metrics again from the connection. */
export function restoreMetricsPanel(
  panel: vscode.WebviewPanel,
  extensionUri: vscode.Uri,
  state: unknown,
  clients: () => Promise<ServiceClients>,
): void {
  const { projectName, modelVersion } = (state ?? {}) as Partial<ModelRef>;
  if (!projectName || !modelVersion) {
    initPanel(panel, extensionUri, 'metrics.js');
    new PanelContent(panel).show(
      {},
      Promise.reject(new Error('Run Show Model Metrics again to see the metrics here.')),
    );
    return;
  }
  track(new MetricsView(panel, extensionUri, { projectName, modelVersion }, clients)).reload();
}
