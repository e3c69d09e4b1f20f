// Open Dataset: the dataset's gallery, to browse, classify, annotate its images and verify detections.
import type { CommandContext } from '../context';
import { resolveDataset } from '../pickers';
import { GalleryPanel, type GalleryHost } from '../../panels/gallery/galleryPanel';

export async function openDataset(ctx: CommandContext, arg?: unknown): Promise<GalleryPanel> {
  const dataset = await resolveDataset(ctx, arg);
  return GalleryPanel.show(galleryHost(ctx), {
    projectName: dataset.projectName,
    datasetType: dataset.datasetType,
  });
}

/** What a gallery needs of the extension: Open Dataset's, and a gallery's a window reload hands back. */
export function galleryHost(ctx: CommandContext): GalleryHost {
  return {
    extensionUri: ctx.extension.extensionUri,
    clients: () => ctx.clients(),
    changed: ({ projectName }) => ctx.explorer.refreshProject(projectName, 'datasets'),
    log: ctx.log,
    records: ctx.panels,
  };
}
