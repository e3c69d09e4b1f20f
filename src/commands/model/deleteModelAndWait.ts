// DeleteModel is asynchronous: the model shows DELETING until it is gone.
import {
  DeleteModelCommand,
  DescribeModelCommand,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';

const TIMEOUT_MS = 5 * 60_000;

export async function deleteModelAndWait(
  lookout: LookoutVisionClient,
  projectName: string,
  modelVersion: string,
) {
  await lookout.send(new DeleteModelCommand({ ProjectName: projectName, ModelVersion: modelVersion }));
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      await lookout.send(new DescribeModelCommand({ ProjectName: projectName, ModelVersion: modelVersion }));
    } catch (err) {
      if ((err as Error).name === 'ResourceNotFoundException') return;
      throw err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `Model ${modelVersion} of ${projectName} is still being deleted after ${TIMEOUT_MS / 60_000} minutes`,
  );
}
