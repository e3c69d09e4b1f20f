// Rules report problems by JSON path; this module turns them into column ranges and text edits.
// Locating needs a positional parse, which only lines that have problems pay for.
import type { Node } from 'jsonc-parser';
import { nodeAtPath, parseLineTree } from './lineTree';
import { severityOf, type RuleCode } from './rules';
import type { LineDiagnostic, LineEdit, LineFix } from './types';

export type JsonPath = readonly (string | number)[];

/** `key`: the property name at `path` (the whole object for the root path); `value`: its value. */
export type ProblemTarget = 'key' | 'value';

export type ProblemFix =
  | { readonly title: string; readonly replaceWith: unknown }
  | { readonly title: string; readonly addKey: string; readonly addValue: unknown }
  | { readonly title: string; readonly removeLine: true };

export interface Problem {
  readonly code: RuleCode;
  readonly message: string;
  readonly path: JsonPath;
  readonly target: ProblemTarget;
  readonly fix?: ProblemFix;
}

export function resolveProblems(text: string, problems: readonly Problem[]): LineDiagnostic[] {
  if (problems.length === 0) return [];
  const root = parseLineTree(text);
  return problems.map((problem) => {
    const node = root && nodeAtPath(root, problem.path);
    const span = node ? targetSpan(node, problem.target) : { start: 0, end: text.length };
    const fix = problem.fix && node ? resolveFix(node, problem.fix) : undefined;
    return {
      code: problem.code,
      severity: severityOf(problem.code),
      message: problem.message,
      start: span.start,
      end: span.end,
      ...(fix ? { fix } : {}),
    };
  });
}

function targetSpan(node: Node, target: ProblemTarget): { start: number; end: number } {
  const keyNode =
    target === 'key' && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  const chosen = keyNode ?? node;
  return { start: chosen.offset, end: chosen.offset + chosen.length };
}

function resolveFix(node: Node, fix: ProblemFix): LineFix | undefined {
  if ('removeLine' in fix) return fix;
  if ('replaceWith' in fix) {
    return { title: fix.title, edits: [replaceNode(node, JSON.stringify(fix.replaceWith))] };
  }
  if (node.type !== 'object') return undefined;
  const property = `${JSON.stringify(fix.addKey)}:${JSON.stringify(fix.addValue)}`;
  const last = node.children?.[node.children.length - 1];
  const edit: LineEdit = last
    ? { start: last.offset + last.length, end: last.offset + last.length, newText: `,${property}` }
    : { start: node.offset + 1, end: node.offset + 1, newText: property };
  return { title: fix.title, edits: [edit] };
}

function replaceNode(node: Node, newText: string): LineEdit {
  return { start: node.offset, end: node.offset + node.length, newText };
}

/** The span of the key or value at `path`, used to place cross-line diagnostics. */
export function locate(text: string, path: JsonPath, target: ProblemTarget): { start: number; end: number } {
  const root = parseLineTree(text);
  const node = root && nodeAtPath(root, path);
  return node ? targetSpan(node, target) : { start: 0, end: text.length };
}
