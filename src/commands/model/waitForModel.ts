// Hosting changes are asynchronous: poll DescribeModel, in a notification, until the model leaves its
// in-progress status. The view is refreshed as the wait starts and as it ends, so that it shows the
// in-progress status and then the outcome.
import { DescribeModelCommand, type ModelDescription } from '@aws-sdk/client-lookoutvision';
import type { ModelRef } from '../../explorer/refs';
import type { CommandContext } from '../context';
import { waitInNotification } from '../waitForStatus';

export interface ModelWait {
  /** The status the model shows while the change runs, e.g. STARTING_HOSTING. */
  inProgress: string;
  title: string;
  cancellable: boolean;
}

/** Resolves with the model once it leaves `inProgress`, or undefined if the user stopped waiting. */
export async function waitForModel(
  ctx: CommandContext,
  { projectName, modelVersion }: ModelRef,
  { inProgress, title, cancellable }: ModelWait,
): Promise<ModelDescription | undefined> {
  const { lookout } = await ctx.clients();
  ctx.explorer.refresh();
  const described = await waitInNotification({
    title,
    cancellable,
    poll: async () =>
      (await lookout.send(new DescribeModelCommand({ ProjectName: projectName, ModelVersion: modelVersion })))
        .ModelDescription ?? {},
    statusOf: (m) => m.Status,
    done: (status) => status !== inProgress,
  });
  ctx.explorer.refresh();
  return described;
}
