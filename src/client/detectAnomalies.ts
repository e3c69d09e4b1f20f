// One DetectAnomalies call on an image held in memory, on a hosted model of the active connection.
import {
  DetectAnomaliesCommand,
  type DetectAnomalyResult,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import type { ModelRef } from '../explorer/refs';

export async function detectAnomalies(
  lookout: LookoutVisionClient,
  model: ModelRef,
  bytes: Uint8Array,
  contentType: string,
  signal?: AbortSignal,
): Promise<DetectAnomalyResult> {
  const out = await lookout.send(
    new DetectAnomaliesCommand({
      ProjectName: model.projectName,
      ModelVersion: model.modelVersion,
      ContentType: contentType,
      Body: bytes,
    }),
    { abortSignal: signal },
  );
  if (!out.DetectAnomalyResult) throw new Error('the service returned no detection result');
  return out.DetectAnomalyResult;
}
