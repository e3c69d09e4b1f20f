// Turns a labelled folder or a workspace manifest into manifest lines whose images are in the
// project's bucket, and stores such a manifest in the bucket for CreateDataset.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { uploadLabelledFolder } from '../../client/folderDataset';
import { uploadManifestImages } from '../../client/localManifest';
import { putObject } from '../../client/objectStore';
import type { CommandContext } from '../context';
import { projectBucket } from '../projectBucket';

export type SourceKind = 'folder' | 'manifest';

export async function uploadSource(
  ctx: CommandContext,
  projectName: string,
  datasetType: string,
  kind: SourceKind,
  source: vscode.Uri,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<{ bucket: string; lines: string[] }> {
  const { s3 } = await ctx.clients();
  const bucket = await projectBucket(ctx, projectName);
  const prefix = `datasets/${datasetType}/${basename(source.fsPath).replace(/\.[^.]*$/, '')}/`;
  let last = 0;
  const report = (done: number, total: number) => {
    progress.report({ message: `uploading ${done}/${total}`, increment: ((done - last) / total) * 100 });
    last = done;
  };
  const lines =
    kind === 'folder'
      ? await uploadLabelledFolder(
          s3,
          source.fsPath,
          bucket,
          prefix,
          report,
          () => token.isCancellationRequested,
        )
      : await uploadManifestImages(s3, source.fsPath, bucket, prefix, report);
  return { bucket, lines };
}

/** Stores the manifest lines in the bucket; returns the object key. */
export async function storeManifest(
  ctx: CommandContext,
  bucket: string,
  name: string,
  lines: string[],
): Promise<string> {
  const { s3 } = await ctx.clients();
  const key = `manifests/${name}-${Date.now()}.manifest`;
  await putObject(s3, bucket, key, new TextEncoder().encode(lines.join('\n') + '\n'), 'application/x-ndjson');
  ctx.log.info(`manifest written to s3://${bucket}/${key} (${lines.length} entries)`);
  return key;
}
