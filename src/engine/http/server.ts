// The engine's HTTP front: reads the request, verifies its SigV4 signature, and hands it to the protocol its
// credential scope names (lookoutvision or s3). Client mistakes never surface as 500s.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseQuery, type EngineRequest, type EngineResponse } from './request';
import { AuthError, type SigV4Verifier } from '../auth/sigv4';
import { ServiceError, accessDenied } from '../protocol/errors';
import { errorResponse, handleLookoutRequest } from '../lookout/handle-request';
import { handleS3Request, s3ErrorResponse } from '../s3/handle-request';
import type { BackendContext } from '../backend/context';

const API_PREFIX = '/2020-11-20/';
// Largest request bodies: UpdateDatasetEntries carries 10 MiB base64-encoded; S3 objects include 1 GB manifests.
const MAX_API_BODY = 16 * 1024 * 1024;
const MAX_S3_BODY = 1024 * 1024 * 1024 + 1024 * 1024;

const S3_AUTH_CODES: Record<string, string> = {
  UnrecognizedClientException: 'InvalidAccessKeyId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  MissingAuthenticationTokenException: 'AccessDenied',
  IncompleteSignatureException: 'AccessDenied',
};

function isApiPath(path: string): boolean {
  return path.startsWith(API_PREFIX) || path === API_PREFIX.slice(0, -1);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(api: boolean, limit: number): EngineResponse {
  const message = `The request body is larger than ${limit} bytes`;
  return api
    ? errorResponse(new ServiceError('ValidationException', 413, message))
    : s3ErrorResponse('EntityTooLarge', 400, message);
}

async function respond(
  ctx: BackendContext,
  verifier: SigV4Verifier,
  req: IncomingMessage,
): Promise<EngineResponse> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const api = isApiPath(rawPath);
  const limit = api ? MAX_API_BODY : MAX_S3_BODY;
  if (Number(req.headers['content-length'] ?? 0) > limit) return tooLarge(api, limit);
  const body = await readBody(req, limit);
  if (!body) return tooLarge(api, limit);
  let query: Map<string, string[]>;
  try {
    query = parseQuery(rawQuery);
  } catch {
    return api
      ? errorResponse(
          new ServiceError('ValidationException', 400, 'The query string has an invalid percent-encoding'),
        )
      : s3ErrorResponse('InvalidURI', 400, 'Could not parse the specified URI.');
  }
  const request: EngineRequest = {
    method: req.method ?? 'GET',
    rawPath,
    rawQuery,
    query,
    headers: req.headers,
    body,
  };
  let service: string;
  try {
    service = (await verifier.verify(request)).service;
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    ctx.log(`rejected ${request.method} ${rawPath}: ${err.reason}`);
    return api
      ? errorResponse(accessDenied(`${err.reason}: ${err.message}`))
      : s3ErrorResponse(S3_AUTH_CODES[err.reason] ?? 'AccessDenied', 403, err.message);
  }
  if (service === 'lookoutvision') return handleLookoutRequest(ctx, request);
  if (service === 's3') return handleS3Request(ctx.objects, request, ctx.log);
  const message = `This endpoint serves lookoutvision and s3, not ${service}`;
  return api ? errorResponse(accessDenied(message)) : s3ErrorResponse('AccessDenied', 403, message);
}

function send(req: IncomingMessage, res: ServerResponse, response: EngineResponse): void {
  const requestId = randomUUID();
  const body =
    response.body === undefined
      ? undefined
      : Buffer.isBuffer(response.body)
        ? response.body
        : Buffer.from(response.body);
  res.writeHead(response.status, {
    'x-amzn-RequestId': requestId,
    'x-amz-request-id': requestId,
    ...(body ? { 'content-length': body.length } : {}),
    ...response.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function createEngineServer(ctx: BackendContext, verifier: SigV4Verifier): Server {
  return createServer((req, res) => {
    respond(ctx, verifier, req).then(
      (response) => send(req, res, response),
      (err: unknown) => {
        ctx.log(`internal error on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
        const api = isApiPath(req.url ?? '');
        send(
          req,
          res,
          api
            ? errorResponse(
                new ServiceError('InternalServerException', 500, 'The engine failed to process the request'),
              )
            : s3ErrorResponse('InternalError', 500, 'We encountered an internal error.'),
        );
      },
    );
  });
}
