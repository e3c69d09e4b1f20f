// The last row of a list that has more pages.
import * as vscode from 'vscode';
import type { ContainerNode, ExplorerNode } from '../node';

export class LoadMoreNode implements ExplorerNode {
  constructor(readonly container: ContainerNode) {}

  get parent(): ContainerNode {
    return this.container;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…');
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'loadMore';
    item.command = { command: 'lookoutVision.loadMore', title: 'Load More', arguments: [this] };
    return item;
  }
}
