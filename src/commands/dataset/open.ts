// Open Dataset: the dataset's gallery, to browse, classify, annotate its images and verify detections. A window
// reload hands back the gallery's panel (`options.panel`) to show the dataset in again.
import type * as vscode from 'vscode';
import { fields, type Read } from '../arguments';
import type { CommandContext } from '../context';
import { resolveDataset } from '../pickers';
import { GALLERY_VIEW_TYPE, GalleryPanel } from '../../panels/gallery/galleryPanel';

/** panel: a gallery panel a window reload handed back (anything else is not one, and is ignored). */
export const openDatasetOptions = fields({ panel: restoredPanel });

export async function openDataset(
  ctx: CommandContext,
  arg?: unknown,
  options?: Read<typeof openDatasetOptions>,
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
    options?.panel,
  );
}

function restoredPanel(value: unknown): vscode.WebviewPanel | undefined {
  const panel = value as Partial<vscode.WebviewPanel>;
  return panel.viewType === GALLERY_VIEW_TYPE ? (panel as vscode.WebviewPanel) : undefined;
}
