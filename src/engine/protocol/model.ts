// The API model (botocore service-2.json, 2020-11-20) drives routing, request parsing and validation,
// so the engine enforces exactly what the service declared instead of a hand-copied subset.
import serviceModel from './service-2.json';

export interface MemberRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers';
  locationName?: string;
  idempotencyToken?: boolean;
}

export interface Shape {
  type:
    | 'structure'
    | 'string'
    | 'integer'
    | 'long'
    | 'float'
    | 'double'
    | 'boolean'
    | 'timestamp'
    | 'blob'
    | 'list'
    | 'map';
  required?: string[];
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  payload?: string;
  streaming?: boolean;
  error?: { httpStatusCode: number };
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
}

export const shapes = serviceModel.shapes as unknown as Record<string, Shape>;
export const operations = serviceModel.operations as unknown as Record<string, Operation>;
export const apiVersion = serviceModel.metadata.apiVersion;

export function shape(name: string): Shape {
  const found = shapes[name];
  if (!found) throw new Error(`Unknown shape ${name}`);
  return found;
}
