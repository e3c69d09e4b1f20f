// Reads the Lookout for Vision tree through the same provider the view uses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LookoutVisionApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/explorer/node';

export const EXTENSION_ID = 'lookout-vision.lookout-vision';

export async function extensionApi(): Promise<LookoutVisionApi> {
  const extension = vscode.extensions.getExtension<LookoutVisionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this workbench`);
  return extension.activate();
}

export function label(node: ExplorerNode): string {
  const l = node.getTreeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export interface ItemFacts {
  label: string;
  description: string;
  contextValue: string;
  /** What a screen reader says for the row. */
  accessibility: string;
  tooltip: string;
  id: string;
  command?: vscode.Command;
}

export function itemOf(node: ExplorerNode): ItemFacts {
  const item = node.getTreeItem();
  const tooltip = item.tooltip;
  return {
    label: label(node),
    description: String(item.description ?? ''),
    contextValue: item.contextValue ?? '',
    accessibility: item.accessibilityInformation?.label ?? '',
    // Markdown as it reads once rendered: no escapes, plain spaces.
    tooltip:
      typeof tooltip === 'string'
        ? tooltip
        : (tooltip?.value ?? '').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1'),
    id: item.id ?? '',
    command: item.command,
  };
}

/** Resolves once `probe` returns a value (polling), or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function children(api: LookoutVisionApi, node?: ExplorerNode): Promise<ExplorerNode[]> {
  return api.explorer.getChildren(node);
}

/** Walks down by labels: `find(api, 'plates', 'Models', 'Model 1')`. */
export async function find(api: LookoutVisionApi, ...path: string[]): Promise<ExplorerNode> {
  let node: ExplorerNode | undefined;
  for (const name of path) {
    const kids = await children(api, node);
    const next = kids.find((k) => label(k) === name);
    assert.ok(next, `no "${name}" under ${node ? label(node) : 'the root'}: [${kids.map(label).join(', ')}]`);
    node = next;
  }
  return node as ExplorerNode;
}

export async function labelsUnder(api: LookoutVisionApi, ...path: string[]): Promise<string[]> {
  const node = path.length > 0 ? await find(api, ...path) : undefined;
  return (await children(api, node)).map(label);
}

export function workspaceUri(...path: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the sample workspace open');
  return vscode.Uri.joinPath(folder.uri, ...path);
}
