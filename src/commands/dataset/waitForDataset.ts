// Dataset creation and updates are asynchronous: poll until the dataset settles, fail on a failed status.
import type * as vscode from 'vscode';
import { DescribeDatasetCommand, type DatasetDescription } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { waitForStatus } from '../waitForStatus';

export async function waitForDataset(
  ctx: CommandContext,
  projectName: string,
  datasetType: string,
  progress: vscode.Progress<{ message?: string }>,
): Promise<DatasetDescription> {
  const description = await waitForStatus({
    poll: async () => {
      // Taken at each poll: a local engine that stopped meanwhile is started again.
      const { lookout } = await ctx.clients();
      const response = await lookout.send(
        new DescribeDatasetCommand({ ProjectName: projectName, DatasetType: datasetType }),
      );
      return response.DatasetDescription ?? {};
    },
    statusOf: (d) => d.Status,
    messageOf: (d) => d.StatusMessage,
    done: (status) => !status?.endsWith('_IN_PROGRESS'),
    progress,
    intervalMs: 500,
  });
  const result = description ?? {};
  if (result.Status?.includes('FAILED')) {
    throw new Error(
      `The ${datasetType} dataset of ${projectName} is ${result.Status}: ${result.StatusMessage ?? 'no details'}`,
    );
  }
  return result;
}

export function describeCounts(d: DatasetDescription): string {
  const s = d.ImageStats;
  return s ? `${s.Total ?? 0} images (${s.Normal ?? 0} normal, ${s.Anomaly ?? 0} anomaly)` : 'no images';
}
