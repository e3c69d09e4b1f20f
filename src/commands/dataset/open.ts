// Open Dataset: the dataset's gallery, to browse, classify, annotate its images and verify detections. A window
// reload hands back the gallery's panel (`options.panel`) to show the dataset in again.
import type * as vscode from 'vscode';
import type { CommandContext } from '../context';
import { resolveDataset } from '../pickers';
import { GALLERY_VIEW_TYPE, GalleryPanel } from '../../panels/gallery/galleryPanel';

export async function openDataset(
  ctx: CommandContext,
  arg?: unknown,
  options?: unknown,
): Promise<GalleryPanel> {
  const dataset = await resolveDataset(ctx, arg);
  return GalleryPanel.show(
    {
      extensionUri: ctx.extension.extensionUri,
      clients: () => ctx.clients(),
      changed: ({ projectName }) => ctx.explorer.refreshProject(projectName, 'datasets'),
      log: ctx.log,
    },
    { projectName: dataset.projectName, datasetType: dataset.datasetType },
    restoredPanel(options),
  );
}

function restoredPanel(options: unknown): vscode.WebviewPanel | undefined {
  const panel = (options as { panel?: Partial<vscode.WebviewPanel> } | undefined)?.panel;
  return panel?.viewType === GALLERY_VIEW_TYPE ? (panel as vscode.WebviewPanel) : undefined;
}
