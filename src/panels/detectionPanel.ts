// Shows a DetectAnomalies result: the image with the anomaly mask laid over it, the verdict,
// confidence and the area of each anomaly type. One panel, reused for each detection. After a window
// reload the panel detects again (image file and model as they are now, from its record) rather than showing a kept
// result.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { DetectAnomalyResult } from '@aws-sdk/client-lookoutvision';
import type { ServiceClients } from '../client/clients';
import { errorMessage } from '../client/errors';
import { detectImageFile } from '../client/detectAnomalies';
import type { ModelRef } from '../explorer/refs';
import { anomaliesOf } from './detectionResults';
import { PanelContent } from './panelContent';
import { dataUri } from '../client/imageBytes';
import type { PanelRecord, PanelRecords, Restored } from './panelState';
import { initPanel } from './webviewHtml';

export const DETECTION_VIEW_TYPE = 'lookoutVision.detection';

/** Where a result came from: what the panel's record keeps to detect again after a reload. */
export interface DetectionSource extends ModelRef {
  imagePath: string;
}

export interface DetectionView {
  imageName: string;
  imageBytes: Uint8Array;
  contentType: string;
  model: string;
  result: DetectAnomalyResult;
  /** Without it the restored panel can only ask for a new detection. */
  source?: DetectionSource;
}

export class DetectionPanel {
  private static current: DetectionPanel | undefined;
  private readonly content: PanelContent;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly record: PanelRecord<DetectionSource>,
  ) {
    initPanel(panel, extensionUri, 'detection.js');
    this.content = new PanelContent(panel, record.pageState);
    panel.onDidDispose(() => {
      if (DetectionPanel.current === this) DetectionPanel.current = undefined;
    });
  }

  static show(extensionUri: vscode.Uri, records: PanelRecords, view: DetectionView): DetectionPanel {
    if (!DetectionPanel.current) {
      const panel = vscode.window.createWebviewPanel(DETECTION_VIEW_TYPE, 'Anomaly detection', {
        viewColumn: vscode.ViewColumn.Beside,
        preserveFocus: false,
      });
      DetectionPanel.current = new DetectionPanel(panel, extensionUri, records.create(panel));
    }
    const current = DetectionPanel.current;
    current.panel.title = `Detect: ${view.imageName}`;
    current.panel.reveal(undefined, false);
    if (view.source) current.record.keep(view.source);
    else current.record.forget();
    current.content.show(Promise.resolve(detectionMessage(view)));
    return current;
  }

  /** Takes over a panel VS Code restored: detects again on the image and model its record kept. */
  static restore(
    extensionUri: vscode.Uri,
    { panel, record, value }: Restored<DetectionSource>,
    clients: () => Promise<ServiceClients>,
  ): void {
    const restored = new DetectionPanel(panel, extensionUri, record);
    DetectionPanel.current ??= restored;
    restored.content.show(detectAgain(value, clients));
  }
}

async function detectAgain(source: DetectionSource, clients: () => Promise<ServiceClients>) {
  const imageName = basename(source.imagePath);
  const model = `${source.projectName} · model ${source.modelVersion}`;
  try {
    const { bytes, contentType, result } = await detectImageFile(await clients(), source, source.imagePath);
    return detectionMessage({ imageName, imageBytes: bytes, contentType, model, result });
  } catch (err) {
    throw new Error(`Could not detect anomalies in ${imageName} again (${model}): ${errorMessage(err)}`);
  }
}

/** What the page draws of one result (webviews/overlay.js); the folder panel sends the same for a row. */
export function detectionMessage(view: Omit<DetectionView, 'source'>) {
  const { result } = view;
  return {
    type: 'detection',
    imageName: view.imageName,
    model: view.model,
    image: dataUri(view.imageBytes, view.contentType),
    mask: result.AnomalyMask ? dataUri(result.AnomalyMask, 'image/png') : undefined,
    isAnomalous: result.IsAnomalous ?? false,
    confidence: result.Confidence ?? 0,
    anomalies: anomaliesOf(result),
  };
}
