// One DetectAnomalies call for a local image file.
import { readFile } from 'node:fs/promises';
import { DetectAnomaliesCommand, type DetectAnomalyResult } from '@aws-sdk/client-lookoutvision';
import type { ServiceClients } from '../../client/clients';
import { imageContentType } from '../../client/objectStore';
import type { ModelRef } from '../../explorer/refs';

export async function detectImageFile(
  clients: ServiceClients,
  model: ModelRef,
  path: string,
): Promise<{ bytes: Uint8Array; contentType: string; result: DetectAnomalyResult }> {
  const bytes = await readFile(path);
  const contentType = imageContentType(path);
  const out = await clients.lookout.send(
    new DetectAnomaliesCommand({
      ProjectName: model.projectName,
      ModelVersion: model.modelVersion,
      ContentType: contentType,
      Body: bytes,
    }),
  );
  if (!out.DetectAnomalyResult) throw new Error(`The service returned no result for ${path}`);
  return { bytes, contentType, result: out.DetectAnomalyResult };
}
