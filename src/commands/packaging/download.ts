// Download Component (finished packaging job): fetches the component's archive from S3 and unpacks it into the
// workspace as Greengrass would, recipe included, ready for Run Component Locally.
import { relative } from 'node:path';
import * as vscode from 'vscode';
import { getObject } from '../../client/objectStore';
import { ARCHIVE_NAME } from '../../engine/packaging/layout';
import { unpackComponent } from '../../engine/packaging/unpack';
import type { CommandContext } from '../context';
import { componentFolder, componentOf } from './componentFolder';
import { isPackagingJobRef } from './jobRef';

/** Returns the folder the component was unpacked into ({artifacts:decompressedPath}). */
export async function downloadComponent(ctx: CommandContext, arg?: unknown): Promise<string> {
  if (!isPackagingJobRef(arg))
    throw new Error('Choose a finished packaging job in the Lookout for Vision view.');
  const component = await componentOf(ctx, arg);
  const folder = componentFolder(component.componentName, component.componentVersion);
  const { s3 } = await ctx.clients();
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Downloading component ${component.componentName}`,
    },
    async () => {
      const archive = await getObject(s3, component.bucket, component.key(ARCHIVE_NAME));
      if (!archive) {
        throw new Error(`s3://${component.bucket}/${component.key(ARCHIVE_NAME)} does not exist.`);
      }
      await unpackComponent(archive, folder);
    },
  );
  const shown = relative(vscode.workspace.workspaceFolders![0].uri.fsPath, folder);
  ctx.log.info(`Component ${component.componentName} ${component.componentVersion} unpacked into ${folder}`);
  void vscode.window
    .showInformationMessage(
      `Component ${component.componentName} unpacked into ${shown}.`,
      'Run Component Locally',
    )
    .then((choice) => {
      if (choice)
        void vscode.commands.executeCommand('lookoutVision.packaging.runLocally', vscode.Uri.file(folder));
    });
  return folder;
}
