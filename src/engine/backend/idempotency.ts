// ClientToken semantics: the same token with the same parameters within 8 hours returns the first result without a
// second side effect; the same token with other parameters is refused.
import { createHash } from 'node:crypto';
import type { BackendContext } from './context';
import { conflict, type ResourceType } from '../protocol/errors';

const TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;

function canonical(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function forgetExpiredTokens(ctx: BackendContext): void {
  ctx.db.run('DELETE FROM client_tokens WHERE created < ?', ctx.now() - TOKEN_LIFETIME_SECONDS);
}

export async function idempotent<T extends object>(
  ctx: BackendContext,
  operation: string,
  input: { ClientToken?: string },
  resource: { type: ResourceType; id: string },
  run: () => T | Promise<T>,
): Promise<T> {
  const token = input.ClientToken;
  if (token === undefined) return run();
  const { ClientToken: _, ...params } = input;
  const hash = createHash('sha256')
    .update(JSON.stringify(canonical(params)))
    .digest('hex');
  const seen = ctx.db.get(
    'SELECT params_hash, response_json FROM client_tokens WHERE operation = ? AND token = ? AND created >= ?',
    operation,
    token,
    ctx.now() - TOKEN_LIFETIME_SECONDS,
  );
  if (seen) {
    if (seen.params_hash !== hash) {
      throw conflict(
        resource.type,
        resource.id,
        `ClientToken ${token} was already used with different parameters for ${operation}`,
      );
    }
    return JSON.parse(String(seen.response_json)) as T;
  }
  const result = await run();
  ctx.db.run(
    'INSERT OR REPLACE INTO client_tokens (operation, token, params_hash, response_json, created) VALUES (?, ?, ?, ?, ?)',
    operation,
    token,
    hash,
    JSON.stringify(result),
    ctx.now(),
  );
  return result;
}
