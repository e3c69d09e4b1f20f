// What programmatic callers (tests, other extensions, the gallery's restore) pass a command after its target.
// executeCommand hands arguments on untyped, so each command names what it reads with readers, and they are checked
// once, where the command is registered: a handler gets its declared types or the command fails with a message
// naming the argument. This module does not import vscode, so that it runs in the node tests too.

/** Reads one untyped argument (or a member of one) as a T, or throws an ArgumentError naming it. */
export type Reader<T> = (value: unknown, name: string) => T;
/** What a reader gives: the type a handler declares for the argument. */
export type Read<R> = R extends Reader<infer T> ? T : never;

/** An argument of the wrong type: the command fails with this message. */
export class ArgumentError extends Error {}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value}"` : typeof value === 'object' ? 'an object' : String(value);
}

function fail(name: string, expected: string, value: unknown): never {
  throw new ArgumentError(`${name} must be ${expected}, not ${describe(value)}`);
}

export const string: Reader<string> = (v, name) => (typeof v === 'string' ? v : fail(name, 'a string', v));

export const number: Reader<number> = (v, name) =>
  typeof v === 'number' && Number.isFinite(v) ? v : fail(name, 'a number', v);

export const boolean: Reader<boolean> = (v, name) =>
  typeof v === 'boolean' ? v : fail(name, 'true or false', v);

export const strings: Reader<string[]> = (v, name) =>
  Array.isArray(v) ? v.map((s, i) => string(s, `${name}[${i}]`)) : fail(name, 'an array of strings', v);

/** Taken as it is: the handler checks it (a tree node, a model reference it resolves itself). */
export const anything: Reader<unknown> = (v) => v;

/** One of the given strings (the SDK's enum objects give them as `Object.values(Enum)`). */
export function oneOf<T extends string>(values: readonly T[]): Reader<T> {
  return (v, name) =>
    values.includes(v as T) ? (v as T) : fail(name, `one of ${values.map((s) => `"${s}"`).join(', ')}`, v);
}

export type Fields = Record<string, Reader<unknown>>;
type Values<F extends Fields> = { [K in keyof F]: Read<F[K]> };
/** The object a set of optional fields reads: callers give only the members they want. */
type Fielded<F extends Fields> = Partial<Values<F>>;

function asObject(v: unknown, name: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(name, 'an object', v);
  return v as Record<string, unknown>;
}

/** The members `spec` names that `v` has, read; members it does not name are left out. */
function members(v: Record<string, unknown>, spec: Fields, name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, read] of Object.entries(spec)) {
    if (v[key] !== undefined) out[key] = read(v[key], `${name}.${key}`);
  }
  return out;
}

/**
 * An object of optional fields (a command's options); absent (undefined or null) reads as `{}`. Members it does
 * not name are left out, so a handler only ever sees what it declared.
 */
export function fields<F extends Fields>(spec: F): Reader<Fielded<F>> {
  return (v, name) => {
    if (v === undefined || v === null) return {};
    return members(asObject(v, name), spec, name) as Fielded<F>;
  };
}

/** An object with the `required` members (an SDK shape such as Tag or S3Location) and optional ones. */
export function record<R extends Fields, O extends Fields = Record<never, Reader<unknown>>>(
  required: R,
  optionalFields?: O,
): Reader<Values<R> & Fielded<O>> {
  return (v, name) => {
    const object = asObject(v, name);
    for (const key of Object.keys(required))
      if (object[key] === undefined) throw new ArgumentError(`${name}.${key} is missing`);
    return members(object, { ...required, ...optionalFields }, name) as Values<R> & Fielded<O>;
  };
}

/** The reader, or undefined when the argument is absent. */
export function optional<T>(read: Reader<T>): Reader<T | undefined> {
  return (v, name) => (v === undefined || v === null ? undefined : read(v, name));
}

const isUriLike = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && 'scheme' in v && 'fsPath' in v;

/**
 * Menus pass the selection after the item clicked, which it includes: the Explorer's (uri, [uris]) and a tree's that
 * selects many (node, [nodes]). It is not an argument of the command.
 */
function isMenuSelection(value: unknown, target: unknown): boolean {
  if (!Array.isArray(value) || target === undefined) return false;
  return value.some(
    (v) => v === target || (isUriLike(v) && isUriLike(target) && String(v) === String(target)),
  );
}

/** One reader per argument after the target (every one is optional to callers, so none may be left out here). */
type Readers<A extends unknown[]> = { [K in keyof A]-?: Reader<A[K]> };

/**
 * The handler with its arguments after the target read by `readers`: argument 2 by the first, and so on; a wrong
 * one fails the command with a message naming it, before the handler runs.
 */
export function withArguments<C, A extends unknown[]>(
  handler: (ctx: C, target: unknown, ...rest: A) => Promise<unknown>,
  ...readers: Readers<A>
): (ctx: C, target?: unknown, ...rest: unknown[]) => Promise<unknown> {
  return async (ctx, target, ...given) => {
    const rest = isMenuSelection(given[0], target) ? given.slice(1) : given;
    const read = (readers as Reader<unknown>[]).map((reader, i) => reader(rest[i], `argument ${i + 2}`));
    // The tuple of readers gives the tuple of their values, in order (map loses the tuple type).
    return handler(ctx, target, ...(read as A));
  };
}
