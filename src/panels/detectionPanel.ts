// Shows a DetectAnomalies result: the image with the anomaly mask laid over it, the verdict,
// confidence and the area of each anomaly type. One panel, reused for each detection.
import * as vscode from 'vscode';
import type { DetectAnomalyResult } from '@aws-sdk/client-lookoutvision';
import { panelHtml, panelResourceRoots } from './webviewHtml';

export interface DetectionView {
  imageName: string;
  imageBytes: Uint8Array;
  contentType: string;
  model: string;
  result: DetectAnomalyResult;
}

export class DetectionPanel {
  private static current: DetectionPanel | undefined;
  private view: DetectionView | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    panel.webview.html = panelHtml(panel.webview, extensionUri, 'Anomaly detection', 'detection.js');
    panel.onDidDispose(() => (DetectionPanel.current = undefined));
    // The page asks for its data when it (re)loads, so nothing is lost if it was not ready yet.
    panel.webview.onDidReceiveMessage((message: { type?: string }) => {
      if (message.type === 'ready') this.post();
    });
  }

  static show(extensionUri: vscode.Uri, view: DetectionView): DetectionPanel {
    if (!DetectionPanel.current) {
      const panel = vscode.window.createWebviewPanel(
        'lookoutVision.detection',
        'Anomaly detection',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        { enableScripts: true, localResourceRoots: panelResourceRoots(extensionUri) },
      );
      DetectionPanel.current = new DetectionPanel(panel, extensionUri);
    }
    const current = DetectionPanel.current;
    current.view = view;
    current.panel.title = `Detect: ${view.imageName}`;
    current.panel.reveal(undefined, false);
    current.post();
    return current;
  }

  private post(): void {
    const view = this.view;
    if (!view) return;
    const { result } = view;
    void this.panel.webview.postMessage({
      type: 'detection',
      imageName: view.imageName,
      model: view.model,
      image: dataUri(view.imageBytes, view.contentType),
      mask: result.AnomalyMask ? dataUri(result.AnomalyMask, 'image/png') : undefined,
      isAnomalous: result.IsAnomalous ?? false,
      confidence: result.Confidence ?? 0,
      anomalies: (result.Anomalies ?? []).map((a) => ({
        name: a.Name ?? '',
        area: a.PixelAnomaly?.TotalPercentageArea ?? 0,
        color: a.PixelAnomaly?.Color ?? '#ffffff',
      })),
    });
  }
}

function dataUri(bytes: Uint8Array, contentType: string): string {
  return `data:${contentType};base64,${Buffer.from(bytes).toString('base64')}`;
}
