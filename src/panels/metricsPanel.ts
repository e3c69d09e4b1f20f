// Model evaluation: summary metrics from DescribeModel, the evaluation result file (ROC AUC,
// average precision, per-anomaly-type metrics) and the per-image evaluation manifest, read from
// the model's output location.
import * as vscode from 'vscode';
import { DescribeModelCommand } from '@aws-sdk/client-lookoutvision';
import type { ServiceClients } from '../client/clients';
import { getObject } from '../client/objectStore';
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

export function showMetricsPanel(extensionUri: vscode.Uri, data: MetricsData): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(
    METRICS_VIEW_TYPE,
    `Metrics: ${data.projectName} model ${data.modelVersion}`,
    vscode.ViewColumn.Active,
  );
  serveMetrics(
    panel,
    extensionUri,
    { projectName: data.projectName, modelVersion: data.modelVersion },
    Promise.resolve(data),
  );
  return panel;
}

/** Takes over a panel VS Code restored: loads the model's metrics again from the connection. */
export function restoreMetricsPanel(
  panel: vscode.WebviewPanel,
  extensionUri: vscode.Uri,
  state: unknown,
  clients: () => Promise<ServiceClients>,
): void {
  const { projectName, modelVersion } = (state ?? {}) as Partial<ModelRef>;
  const load =
    projectName && modelVersion
      ? clients().then((c) => loadMetrics(c, { projectName, modelVersion }))
      : Promise.reject(new Error('Run Show Model Metrics again to see the metrics here.'));
  serveMetrics(panel, extensionUri, { projectName, modelVersion }, load);
}

function serveMetrics(
  panel: vscode.WebviewPanel,
  extensionUri: vscode.Uri,
  state: Partial<ModelRef>,
  load: Promise<MetricsData>,
): void {
  initPanel(panel, extensionUri, 'metrics.js');
  new PanelContent(panel).show(
    state,
    load.then((data) => ({ type: 'metrics', data })),
  );
}
