// After a window reload VS Code hands each panel back with the state its page kept. That state only names the
// panel's record (panelState.ts): the panel is restored from the record, and a page whose state names none gets a
// page that says so, whatever else it kept.
import type * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { galleryHost } from '../commands/dataset/open';
import type { ModelRef, DatasetRef } from '../explorer/refs';
import type { KeptFolderRun } from './detectionResults';
import { DETECTION_VIEW_TYPE, DetectionPanel, type DetectionSource } from './detectionPanel';
import { FOLDER_DETECTION_VIEW_TYPE, FolderDetectionPanel } from './folderDetectionPanel';
import { GALLERY_VIEW_TYPE, GalleryPanel } from './gallery/galleryPanel';
import { METRICS_VIEW_TYPE, restoreMetricsPanel } from './metricsPanel';
import { PanelContent } from './panelContent';
import type { Restored } from './panelState';
import { initPanel } from './webviewHtml';

export function panelSerializers(ctx: CommandContext): Record<string, vscode.WebviewPanelSerializer> {
  const { extensionUri } = ctx.extension;
  /** Restores from the record the page names, or says to run `command` again. */
  const from = <T>(command: string, restore: (restored: Restored<T>) => unknown) => ({
    deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
      const restored = ctx.panels.restore<T>(panel, state);
      if (restored) await restore(restored);
      else showNotRestored(ctx, panel, command);
    },
  });
  return {
    [GALLERY_VIEW_TYPE]: from<DatasetRef>('Open Dataset', (restored) =>
      GalleryPanel.show(galleryHost(ctx), restored.value, restored),
    ),
    [DETECTION_VIEW_TYPE]: from<DetectionSource>('Detect Anomalies', (restored) =>
      DetectionPanel.restore(extensionUri, restored, ctx.clients),
    ),
    [FOLDER_DETECTION_VIEW_TYPE]: from<KeptFolderRun>('Detect Anomalies in Folder', (restored) =>
      FolderDetectionPanel.restore(extensionUri, restored, ctx.clients),
    ),
    [METRICS_VIEW_TYPE]: from<ModelRef>('Show Model Metrics', (restored) =>
      restoreMetricsPanel(extensionUri, restored, ctx.clients),
    ),
  };
}

/** A page that only says why the panel shows nothing; what it keeps from now on is an id that names no record. */
function showNotRestored(ctx: CommandContext, panel: vscode.WebviewPanel, command: string): void {
  initPanel(panel, ctx.extension.extensionUri, 'notRestored.js');
  new PanelContent(panel, ctx.panels.create(panel).pageState).show(
    Promise.reject(new Error(`This panel could not be restored: run ${command} again.`)),
  );
}
