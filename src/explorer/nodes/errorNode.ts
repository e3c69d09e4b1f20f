// Shown in place of children that failed to load; clicking it loads them again.
import * as vscode from 'vscode';
import { errorMessage } from '../../client/errors';
import type { ContainerNode, ExplorerNode } from '../node';

export class ErrorNode implements ExplorerNode {
  readonly message: string;

  constructor(
    readonly container: ContainerNode,
    error: unknown,
  ) {
    this.message = errorMessage(error);
  }

  get id(): string {
    return `${this.container.id}/error`;
  }

  get parent(): ContainerNode {
    return this.container;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Error: ${this.message}`);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.tooltip = `${this.message}\n\nClick to retry.`;
    item.accessibilityInformation = { label: `Error: ${this.message}. Activate to retry.` };
    item.contextValue = 'error';
    item.command = { command: 'lookoutVision.retry', title: 'Retry', arguments: [this] };
    return item;
  }
}
