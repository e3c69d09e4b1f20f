// Route table derived from the model's http bindings: method + URI template -> operation and path labels.
import { operations, type Operation } from './model';

interface Route {
  operation: Operation;
  segments: { literal?: string; label?: string }[];
}

export interface RouteMatch {
  operation: Operation;
  labels: Record<string, string>;
}

/** Outcome when no operation matches: the path exists with other methods, or not at all. */
export interface RouteMiss {
  allowedMethods: string[];
}

const routes: Route[] = Object.values(operations).map((operation) => ({
  operation,
  segments: operation.http.requestUri
    .split('/')
    .slice(1)
    .map((part) => {
      const label = /^\{(\w+)\}$/.exec(part)?.[1];
      return label ? { label } : { literal: part };
    }),
}));

function matchSegments(route: Route, segments: string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const labels: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const expected = route.segments[i]!;
    const actual = segments[i]!;
    if (expected.literal !== undefined) {
      if (expected.literal !== actual) return undefined;
    } else {
      if (actual === '') return undefined;
      labels[expected.label!] = actual;
    }
  }
  return labels;
}

/** Segments must already be percent-decoded one by one (labels such as ARNs arrive as one encoded segment). */
export function matchRoute(method: string, segments: string[]): RouteMatch | RouteMiss {
  const allowedMethods: string[] = [];
  for (const route of routes) {
    const labels = matchSegments(route, segments);
    if (!labels) continue;
    if (route.operation.http.method === method) return { operation: route.operation, labels };
    allowedMethods.push(route.operation.http.method);
  }
  return { allowedMethods };
}
