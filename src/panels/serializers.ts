// After a window reload VS Code hands each panel back with the state its page kept; the panel then
// loads its content again from the connection.
import type * as vscode from 'vscode';
import type { ServiceClients } from '../client/clients';
import { DETECTION_VIEW_TYPE, DetectionPanel } from './detectionPanel';
import { FOLDER_DETECTION_VIEW_TYPE, FolderDetectionPanel } from './folderDetectionPanel';
import { GALLERY_VIEW_TYPE, restoreGalleryPanel } from './gallery/galleryPanel';
import { METRICS_VIEW_TYPE, restoreMetricsPanel } from './metricsPanel';

export function panelSerializers(
  extensionUri: vscode.Uri,
  clients: () => Promise<ServiceClients>,
): Record<string, vscode.WebviewPanelSerializer> {
  return {
    [GALLERY_VIEW_TYPE]: { deserializeWebviewPanel: restoreGalleryPanel },
    [DETECTION_VIEW_TYPE]: {
      deserializeWebviewPanel: async (panel, state) =>
        DetectionPanel.restore(panel, extensionUri, state, clients),
    },
    [FOLDER_DETECTION_VIEW_TYPE]: {
      deserializeWebviewPanel: async (panel, state) =>
        FolderDetectionPanel.restore(panel, extensionUri, state, clients),
    },
    [METRICS_VIEW_TYPE]: {
      deserializeWebviewPanel: async (panel, state) =>
        restoreMetricsPanel(panel, extensionUri, state, clients),
    },
  };
}
