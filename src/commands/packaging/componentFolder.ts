// Where a packaging job's component lives: its files in S3 (from the job's configuration), and the workspace folder
// it is unpacked into, laid out like Greengrass's {artifacts:decompressedPath}.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DescribeModelPackagingJobCommand } from '@aws-sdk/client-lookoutvision';
import { componentKey } from '../../engine/packaging/layout';
import type { CommandContext } from '../context';
import type { PackagingJobRef } from './jobRef';

export interface ComponentLocation {
  componentName: string;
  componentVersion: string;
  bucket: string;
  key(file: string): string;
}

/** The component a finished job wrote; a job that has not succeeded has none. */
export async function componentOf(ctx: CommandContext, job: PackagingJobRef): Promise<ComponentLocation> {
  const { lookout } = await ctx.clients();
  const described = (
    await lookout.send(
      new DescribeModelPackagingJobCommand({ ProjectName: job.projectName, JobName: job.jobName }),
    )
  ).ModelPackagingDescription;
  if (described?.Status !== 'SUCCEEDED') {
    throw new Error(
      `Packaging job ${job.jobName} is ${described?.Status ?? 'unknown'}; only a finished job has a component.`,
    );
  }
  const config = described.ModelPackagingConfiguration?.Greengrass;
  const output = described.ModelPackagingOutputDetails?.Greengrass;
  const componentName = output?.ComponentName ?? config?.ComponentName;
  const componentVersion = output?.ComponentVersion ?? config?.ComponentVersion;
  const location = config?.S3OutputLocation;
  if (!componentName || !componentVersion || !location?.Bucket) {
    throw new Error(`Packaging job ${job.jobName} does not say where its component is.`);
  }
  return {
    componentName,
    componentVersion,
    bucket: location.Bucket,
    key: (file) => componentKey(location.Prefix, componentName, componentVersion, file),
  };
}

/** <first workspace folder>/components/<name>-<version>: the component's {artifacts:decompressedPath}. */
export function componentFolder(componentName: string, componentVersion: string): string {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  if (!workspace) throw new Error('Open a folder first: the component is unpacked into the workspace.');
  return join(workspace.uri.fsPath, 'components', `${componentName}-${componentVersion}`);
}
