// Hosting changes are asynchronous: poll DescribeModel, in a notification, until the model leaves its
// in-progress status. The project's models are refreshed as the wait starts and as it ends, so that the
// view shows the in-progress status and then the outcome, and open panels hear of the new status.
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
  ctx.explorer.refreshProject(projectName, 'models');
  const described = await waitInNotification({
    title,
    cancellable,
    poll: async () => {
      // Taken at each poll: a local engine that stopped meanwhile is started again.
      const { lookout } = await ctx.clients();
      const response = await lookout.send(
        new DescribeModelCommand({ ProjectName: projectName, ModelVersion: modelVersion }),
      );
      return response.ModelDescription ?? {};
    },
    statusOf: (m) => m.Status,
    messageOf: (m) => m.StatusMessage,
    done: (status) => status !== inProgress,
  });
  if (described) ctx.explorer.models.seen(projectName, modelVersion, described.Status);
  ctx.explorer.refreshProject(projectName, 'models');
  return described;
}
