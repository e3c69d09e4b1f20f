// The Lookout for Vision rest-json protocol: route, read and validate input, run the handler, render the output or
// the modeled error.
import type { BufferedRequest, EngineResponse } from '../http/request';
import { matchRoute } from '../protocol/routes';
import { readInput } from '../protocol/read-input';
import { validateInput } from '../protocol/validate';
import { ServiceError, internal, validation } from '../protocol/errors';
import { handlers } from '../backend/operations';
import type { BackendContext } from '../backend/context';

function json(status: number, body: object, headers: Record<string, string | number> = {}): EngineResponse {
  // Blobs travel as base64 strings in rest-json bodies.
  const text = JSON.stringify(body, (_key, value: unknown) =>
    value &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((value as { data?: unknown }).data)
      ? Buffer.from((value as { data: number[] }).data).toString('base64')
      : value,
  );
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: text };
}

export function errorResponse(error: ServiceError): EngineResponse {
  const headers: Record<string, string | number> = { 'x-amzn-ErrorType': error.code };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = error.retryAfterSeconds;
  return json(error.status, error.body(), headers);
}

function splitPath(rawPath: string): string[] {
  try {
    return rawPath.split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw validation(`The request path ${rawPath} has an invalid percent-encoding`);
  }
}

export async function handleLookoutRequest(
  ctx: BackendContext,
  request: BufferedRequest,
): Promise<EngineResponse> {
  try {
    const match = matchRoute(request.method, splitPath(request.rawPath));
    if (!('operation' in match)) {
      if (match.allowedMethods.length > 0) {
        const error = new ServiceError(
          'MethodNotAllowedException',
          405,
          `${request.method} is not allowed on ${request.rawPath}; use ${match.allowedMethods.join(' or ')}`,
        );
        const response = errorResponse(error);
        response.headers['allow'] = match.allowedMethods.sort().join(', ');
        return response;
      }
      return errorResponse(
        new ServiceError(
          'UnknownOperationException',
          404,
          `No Lookout for Vision operation matches ${request.method} ${request.rawPath}`,
        ),
      );
    }
    const { operation, labels } = match;
    const input = operation.input
      ? validateInput(operation.input.shape, readInput(operation, labels, request))
      : {};
    const output = await handlers[operation.name]!(ctx, input);
    return json(operation.http.responseCode ?? 200, output);
  } catch (err) {
    if (err instanceof ServiceError) return errorResponse(err);
    ctx.log(`internal error on ${request.method} ${request.rawPath}: ${(err as Error).stack ?? String(err)}`);
    return errorResponse(internal('The engine failed to process the request; see its log for details'));
  }
}
