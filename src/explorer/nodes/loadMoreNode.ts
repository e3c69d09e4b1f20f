// The last row of a list that has more pages. It remembers which page it stands for, so a second
// click after that page came in loads nothing.
import * as vscode from 'vscode';
import type { ContainerNode, ExplorerNode } from '../node';

export class LoadMoreNode implements ExplorerNode {
  constructor(
    readonly container: ContainerNode,
    readonly nextToken: string,
  ) {}

  get id(): string {
    return `${this.container.id}/load-more`;
  }

  get parent(): ContainerNode {
    return this.container;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…');
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'loadMore';
    item.accessibilityInformation = { label: 'Load more' };
    item.command = { command: 'lookoutVision.loadMore', title: 'Load More', arguments: [this] };
    return item;
  }
}
