// Enforces every member constraint of the model server-side (SDKs validate little or nothing): required members,
// types, lengths, ranges, enums and patterns as full-string matches. Also coerces wire forms to values:
// base64 blobs in JSON become Buffers and timestamps become Dates.
import { shape, type MemberRef, type Shape } from './model';
import { validation } from './errors';

const patternCache = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let compiled = patternCache.get(source);
  if (!compiled) {
    // Unicode property escapes need the u flag; other patterns contain escapes (\#) that the u flag rejects.
    compiled = new RegExp(`^(?:${source})$`, source.includes('\\p{') ? 'u' : '');
    patternCache.set(source, compiled);
  }
  return compiled;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

class Checker {
  readonly problems: string[] = [];

  fail(path: string, value: unknown, constraint: string): undefined {
    const shown =
      typeof value === 'string'
        ? `'${value.length > 80 ? value.slice(0, 80) + '...' : value}'`
        : typeof value === 'object'
          ? 'the given value'
          : String(value);
    this.problems.push(`Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
    return undefined;
  }

  value(value: unknown, ref: MemberRef, path: string): unknown {
    const def = shape(ref.shape);
    switch (def.type) {
      case 'structure':
        return this.structure(value, def, path);
      case 'string':
        return this.string(value, def, path);
      case 'integer':
      case 'long':
        if (typeof value !== 'number' || !Number.isInteger(value))
          return this.fail(path, value, 'Member must be an integer');
        return this.range(value, def, path);
      case 'float':
      case 'double':
        if (typeof value !== 'number' || !Number.isFinite(value))
          return this.fail(path, value, 'Member must be a number');
        return value;
      case 'boolean':
        if (typeof value !== 'boolean') return this.fail(path, value, 'Member must be a boolean');
        return value;
      case 'timestamp':
        return this.timestamp(value, path);
      case 'blob':
        return this.blob(value, def, path);
      case 'list':
        return this.list(value, def, path);
      case 'map':
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          return this.fail(path, value, 'Member must be a map');
        return value;
    }
  }

  structure(value: unknown, def: Shape, path: string): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value)) {
      return this.fail(path, value, 'Member must be a structure');
    }
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(def.members ?? {})) {
      const memberPath = path === '' ? lowerFirst(name) : `${path}.${lowerFirst(name)}`;
      const member = input[name];
      if (member === undefined || member === null) {
        if (def.required?.includes(name)) this.fail(memberPath, null, 'Member must not be null');
        continue;
      }
      const coerced = this.value(member, ref, memberPath);
      if (coerced !== undefined) out[name] = coerced;
    }
    return out;
  }

  string(value: unknown, def: Shape, path: string): string | undefined {
    if (typeof value !== 'string') return this.fail(path, value, 'Member must be a string');
    const length = [...value].length;
    if (def.min !== undefined && length < def.min)
      return this.fail(path, value, `Member must have length greater than or equal to ${def.min}`);
    if (def.max !== undefined && length > def.max)
      return this.fail(path, value, `Member must have length less than or equal to ${def.max}`);
    if (def.enum && !def.enum.includes(value))
      return this.fail(path, value, `Member must satisfy enum value set: [${def.enum.join(', ')}]`);
    if (def.pattern && !patternOf(def.pattern).test(value))
      return this.fail(path, value, `Member must satisfy regular expression pattern: ${def.pattern}`);
    // Patterns like `.*` admit a NUL, which would end the string in the store: refuse it rather than truncate.
    if (value.includes('\0')) return this.fail(path, value, 'Member must not contain a NUL character');
    return value;
  }

  range(value: number, def: Shape, path: string): number | undefined {
    if (def.min !== undefined && value < def.min)
      return this.fail(path, value, `Member must have value greater than or equal to ${def.min}`);
    if (def.max !== undefined && value > def.max)
      return this.fail(path, value, `Member must have value less than or equal to ${def.max}`);
    return value;
  }

  timestamp(value: unknown, path: string): Date | undefined {
    const date =
      value instanceof Date
        ? value
        : typeof value === 'number'
          ? new Date(value * 1000)
          : typeof value === 'string'
            ? new Date(value)
            : undefined;
    if (!date || Number.isNaN(date.getTime())) return this.fail(path, value, 'Member must be a timestamp');
    return date;
  }

  blob(value: unknown, def: Shape, path: string): Buffer | undefined {
    let bytes: Buffer;
    if (Buffer.isBuffer(value)) bytes = value;
    else if (typeof value === 'string' && BASE64.test(value) && value.length % 4 === 0)
      bytes = Buffer.from(value, 'base64');
    else
      return this.fail(
        path,
        typeof value === 'string' ? '(not base64)' : value,
        'Member must be base64-encoded binary data',
      );
    if (def.min !== undefined && bytes.length < def.min)
      return this.fail(
        path,
        `${bytes.length} bytes`,
        `Member must have length greater than or equal to ${def.min}`,
      );
    if (def.max !== undefined && bytes.length > def.max)
      return this.fail(
        path,
        `${bytes.length} bytes`,
        `Member must have length less than or equal to ${def.max}`,
      );
    return bytes;
  }

  list(value: unknown, def: Shape, path: string): unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, value, 'Member must be a list');
    if (def.min !== undefined && value.length < def.min)
      return this.fail(
        path,
        `${value.length} items`,
        `Member must have length greater than or equal to ${def.min}`,
      );
    if (def.max !== undefined && value.length > def.max)
      return this.fail(
        path,
        `${value.length} items`,
        `Member must have length less than or equal to ${def.max}`,
      );
    return value.map((item, i) => this.value(item, def.member!, `${path}.${i + 1}.member`));
  }
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Validates raw input against an input shape; returns the coerced input or throws ValidationException. */
export function validateInput(shapeName: string, raw: Record<string, unknown>): Record<string, unknown> {
  const checker = new Checker();
  const out = checker.structure(raw, shape(shapeName), '') ?? {};
  const count = checker.problems.length;
  if (count > 0) {
    throw validation(
      `${count} validation error${count > 1 ? 's' : ''} detected: ${checker.problems.join('; ')}`,
    );
  }
  return out;
}
