// Sends an S3 request signed by hand (SigV4, as the SDK signs it), so a test controls the exact bytes of the body.
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import type { EngineInfo } from '../../src/engine';

/** A SigV4 signer for the engine's S3, as the SDK signs (the path as sent, not escaped again). */
export function s3Signer(engine: EngineInfo): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: engine.accessKeyId, secretAccessKey: engine.secretAccessKey },
    region: engine.region,
    service: 's3',
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
  });
}

export async function signedS3Request(
  engine: EngineInfo,
  method: string,
  /** Path (percent-encoded) and query, e.g. `/bucket/key?uploadId=…`. */
  target: string,
  body = '',
): Promise<{ status: number; text: string }> {
  const url = new URL(target, engine.endpoint);
  const signed = await s3Signer(engine).sign(
    new HttpRequest({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: {
        host: url.host,
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      },
    }),
  );
  const response = await fetch(url, {
    method,
    headers: signed.headers,
    body: body === '' ? undefined : body,
  });
  return { status: response.status, text: await response.text() };
}
