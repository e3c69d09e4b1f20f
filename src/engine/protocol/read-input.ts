// Collects an operation's input members from where the model binds them: path labels, query string, headers,
// the JSON body, or the raw payload (DetectAnomalies). Types from the query are converted here; all constraints are
// checked afterwards by validateInput.
import { shape, type Operation } from './model';
import { validation } from './errors';
import { header, type BufferedRequest } from '../http/request';

function fromQuery(values: string[], shapeName: string, name: string): unknown {
  const def = shape(shapeName);
  const first = values[0]!;
  switch (def.type) {
    case 'list':
      return values;
    case 'integer':
    case 'long':
      if (!/^-?\d+$/.test(first))
        throw validation(`Value '${first}' for query parameter '${name}' is not an integer`);
      return Number(first);
    case 'boolean':
      if (first !== 'true' && first !== 'false')
        throw validation(`Value '${first}' for query parameter '${name}' is not true or false`);
      return first === 'true';
    case 'timestamp': {
      // SDKs send ISO-8601 (with or without fractional seconds); the CLI may omit the zone, meaning UTC.
      const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(first) || !first.includes('T') ? first : `${first}Z`;
      const date = /^\d+(\.\d+)?$/.test(first) ? new Date(Number(first) * 1000) : new Date(iso);
      if (Number.isNaN(date.getTime()))
        throw validation(`Value '${first}' for query parameter '${name}' is not a timestamp`);
      return date;
    }
    default:
      return first;
  }
}

function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw validation(`The request body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw validation('The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function readInput(
  operation: Operation,
  labels: Record<string, string>,
  request: BufferedRequest,
): Record<string, unknown> {
  if (!operation.input) return {};
  const def = shape(operation.input.shape);
  const members = Object.entries(def.members ?? {});
  const hasBodyMembers = !def.payload && members.some(([, ref]) => ref.location === undefined);
  const body = hasBodyMembers ? parseJsonBody(request.body) : {};
  const input: Record<string, unknown> = {};
  for (const [name, ref] of members) {
    const key = ref.locationName ?? name;
    switch (ref.location) {
      case 'uri':
        input[name] = labels[key];
        break;
      case 'querystring': {
        const values = request.query.get(key);
        if (values) input[name] = fromQuery(values, ref.shape, key);
        break;
      }
      case 'header':
        input[name] = header(request, key.toLowerCase());
        break;
      default:
        input[name] = def.payload === name ? request.body : body[name];
    }
  }
  return input;
}
