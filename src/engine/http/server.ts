// The engine's HTTP front: reads the request, verifies its SigV4 signature, and hands it to the protocol its
// credential scope names (lookoutvision or s3). Lookout for Vision bodies are read whole (they are small); S3 bodies
// stream to disk after the signature is checked, their bytes checked against the signed payload hash as they arrive.
// Client mistakes never surface as 500s, and a client that hangs up is logged as such.
import {
  STATUS_CODES,
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { header, parseQuery, type EngineRequest, type EngineResponse, type FileRange } from './request';
import { AuthError, scopedService, type Caller, type SigV4Verifier } from '../auth/sigv4';
import { ServiceError, accessDenied } from '../protocol/errors';
import { errorResponse, handleLookoutRequest } from '../lookout/handle-request';
import { handleS3Request, s3ErrorResponse } from '../s3/handle-request';
import { ClientAbortError } from '../s3/errors';
import type { BackendContext } from '../backend/context';
import { ENGINE_PROBE_HEADER } from '../store/lock';

const API_PREFIX = '/2020-11-20/';
// UpdateDatasetEntries carries 10 MiB base64-encoded; S3 bodies that are not streamed are read whole up to this too.
const MAX_API_BODY = 16 * 1024 * 1024;

const S3_AUTH_CODES: Record<string, string> = {
  UnrecognizedClientException: 'InvalidAccessKeyId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  MissingAuthenticationTokenException: 'AccessDenied',
  IncompleteSignatureException: 'AccessDenied',
  RequestTimeTooSkewed: 'RequestTimeTooSkewed',
};

/**
 * Whether a request is Lookout for Vision API traffic (read whole, JSON errors) rather than S3 (streamed, XML errors):
 * the service its credential scope names, and for a request signed for neither, its path. A bucket may be named like
 * the API's version, so the path alone does not tell.
 */
function isApiRequest(path: string, authorization: string | undefined): boolean {
  const service = scopedService(authorization);
  if (service === 'lookoutvision') return true;
  if (service === 's3') return false;
  return path.startsWith(API_PREFIX) || path === API_PREFIX.slice(0, -1);
}

/** The whole body, or undefined past `limit` (the rest is drained so the connection stays usable). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(undefined);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', () => reject(new ClientAbortError()));
    req.on('close', () => {
      if (!done) reject(new ClientAbortError());
    });
  });
}

function tooLarge(api: boolean, limit: number): EngineResponse {
  const message = `The request body is larger than ${limit} bytes`;
  // The modeled ValidationException is 400, and S3 answers its size errors with 400 too.
  return api
    ? errorResponse(new ServiceError('ValidationException', 400, message))
    : s3ErrorResponse('EntityTooLarge', 400, message);
}

function authErrorResponse(api: boolean, err: AuthError): EngineResponse {
  // A signature for another region is refused as AWS refuses it; other failures are the modeled AccessDenied.
  if (api && err.expectedRegion !== undefined)
    return errorResponse(new ServiceError('InvalidSignatureException', 403, err.message));
  if (api) return errorResponse(accessDenied(`${err.reason}: ${err.message}`));
  if (err.expectedRegion !== undefined) {
    return s3ErrorResponse(
      'AuthorizationHeaderMalformed',
      400,
      `The authorization header is malformed; ${err.message}`,
      {
        Region: err.expectedRegion,
      },
    );
  }
  return s3ErrorResponse(S3_AUTH_CODES[err.reason] ?? 'AccessDenied', 403, err.message);
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
  const api = isApiRequest(rawPath, req.headers.authorization);
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
    payload: req,
  };
  // An S3 request signs its payload's hash in x-amz-content-sha256, so its body can stream after the signature is
  // checked; every other request is read whole first, and the signature covers its bytes.
  const streamed = !api && header(request, 'x-amz-content-sha256') !== undefined;
  let body: Buffer | undefined;
  if (!streamed) {
    if (Number(req.headers['content-length'] ?? 0) > MAX_API_BODY) return tooLarge(api, MAX_API_BODY);
    body = await readBody(req, MAX_API_BODY);
    if (!body) return tooLarge(api, MAX_API_BODY);
  }
  let caller: Caller;
  try {
    caller = await verifier.verify(request, body);
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    ctx.log(`rejected ${request.method} ${rawPath}: ${err.reason}`);
    return authErrorResponse(api, err);
  }
  const { service, chunkSignatures } = caller;
  if (service === 'lookoutvision') {
    // Only an API path names an operation; elsewhere the answer is UnknownOperation, whatever the body.
    return handleLookoutRequest(ctx, { ...request, body: body ?? Buffer.alloc(0) });
  }
  if (service === 's3')
    return handleS3Request(
      ctx.objects,
      { ...request, chunkSignatures, ...(body && { payload: Readable.from([body]) }) },
      ctx.log,
    );
  const message = `This endpoint serves lookoutvision and s3, not ${service}`;
  return api ? errorResponse(accessDenied(message)) : s3ErrorResponse('AccessDenied', 403, message);
}

function isFileRange(body: EngineResponse['body']): body is FileRange {
  return typeof body === 'object' && !Buffer.isBuffer(body);
}

async function send(req: IncomingMessage, res: ServerResponse, response: EngineResponse): Promise<void> {
  const requestId = randomUUID();
  const { body } = response;
  const common = { 'x-amzn-RequestId': requestId, 'x-amz-request-id': requestId };
  if (isFileRange(body)) {
    res.writeHead(response.status, { ...common, ...response.headers });
    // The stream closes the file handle when it ends, fails or the client goes away.
    await pipeline(body.file.createReadStream({ start: body.start, end: body.end }), res);
    return;
  }
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.writeHead(response.status, {
    ...common,
    ...(bytes ? { 'content-length': bytes.length } : {}),
    ...response.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function internalError(req: IncomingMessage): EngineResponse {
  return isApiRequest((req.url ?? '').split('?')[0], req.headers.authorization)
    ? errorResponse(
        new ServiceError('InternalServerException', 500, 'The engine failed to process the request'),
      )
    : s3ErrorResponse('InternalError', 500, 'We encountered an internal error.');
}

export function createEngineServer(ctx: BackendContext, verifier: SigV4Verifier): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Another start asking whether this engine serves here: the id header (set on every response) is the answer.
    if (req.method === 'HEAD' && req.url === '/' && req.headers[ENGINE_PROBE_HEADER] !== undefined) {
      res.writeHead(204).end();
      return;
    }
    const where = `${req.method} ${req.url}`;
    try {
      await send(req, res, await respond(ctx, verifier, req));
    } catch (err) {
      // The socket, not the request: a request whose body was read to its end is destroyed too, and a server fault
      // after that must still answer 500 rather than drop the connection.
      if (err instanceof ClientAbortError || res.destroyed || req.socket.destroyed) {
        ctx.log(`client aborted ${where}`);
        res.destroy();
        return;
      }
      ctx.log(`internal error on ${where}: ${(err as Error).stack ?? String(err)}`);
      if (res.headersSent) res.destroy();
      else await send(req, res, internalError(req)).catch(() => res.destroy());
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  // Node closes an idle connection after 5 s, and a client sending on it just then gets ECONNRESET. Clients that read
  // the `Keep-Alive: timeout` hint close it first (src/client/clients.ts); for the others (a script polling every
  // few seconds, the AWS CLI) the race is moved a minute out.
  server.keepAliveTimeout = 60_000;
  // Requests Node's parser refuses (headers over its 16 KiB limit, malformed HTTP) never reach `handle`: answer them
  // with the error of the protocol the request names instead of Node's bare status line.
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const message = tooLarge
      ? 'The request line and headers are larger than the engine accepts (16 KiB)'
      : 'The request is not valid HTTP/1.1';
    const raw = err.rawPacket?.toString('latin1') ?? '';
    const path = /^[A-Z]+ ([^ ?\r\n]*)/.exec(raw)?.[1] ?? '';
    const authorization = /\r\nauthorization:[ \t]*([^\r\n]*)/i.exec(raw)?.[1]?.trim();
    const response = isApiRequest(path, authorization)
      ? errorResponse(new ServiceError('ValidationException', 400, message))
      : s3ErrorResponse(tooLarge ? 'RequestHeaderSectionTooLarge' : 'BadRequest', 400, message);
    const body = Buffer.from(String(response.body));
    const head = Object.entries({ ...response.headers, 'content-length': body.length, connection: 'close' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(
      Buffer.concat([
        Buffer.from(`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status]}\r\n${head}\r\n`),
        body,
      ]),
    );
  });
  return server;
}
