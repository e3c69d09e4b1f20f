// DetectAnomalies on a hosted model of the active connection: for an image in memory, or a local image file.
import {
  DetectAnomaliesCommand,
  type DetectAnomalyResult,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import type { ModelRef } from '../explorer/refs';
import type { ServiceClients } from './clients';
import { readImageFile } from './imageFile';

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

/** Detection for a local image file, with the bytes and content type it was sent as (panels show them). */
export async function detectImageFile(
  clients: ServiceClients,
  model: ModelRef,
  path: string,
): Promise<{ bytes: Uint8Array; contentType: string; result: DetectAnomalyResult }> {
  const { bytes, contentType } = await readImageFile(path);
  return { bytes, contentType, result: await detectAnomalies(clients.lookout, model, bytes, contentType) };
}
