// Model evaluation: summary metrics from DescribeModel, the evaluation result file (ROC AUC,
// average precision, per-anomaly-type metrics) and the per-image evaluation manifest, read from
// the model's output location.
import * as vscode from 'vscode';
import { DescribeModelCommand } from '@aws-sdk/client-lookoutvision';
import type { ServiceClients } from '../client/clients';
import { getObject } from '../client/objectStore';
import type { ModelRef } from '../explorer/refs';
import { panelHtml, panelResourceRoots } from './webviewHtml';

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

export function showMetricsPanel(extensionUri: vscode.Uri, data: MetricsData): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(
    'lookoutVision.metrics',
    `Metrics: ${data.projectName} model ${data.modelVersion}`,
    vscode.ViewColumn.Active,
    { enableScripts: true, localResourceRoots: panelResourceRoots(extensionUri) },
  );
  panel.webview.html = panelHtml(panel.webview, extensionUri, panel.title, 'metrics.js');
  panel.webview.onDidReceiveMessage((message: { type?: string }) => {
    if (message.type === 'ready') void panel.webview.postMessage({ type: 'metrics', data });
  });
  return panel;
}
