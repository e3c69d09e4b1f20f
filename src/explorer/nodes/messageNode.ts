// A row that explains why there is nothing to list and offers the command that fixes it.
import * as vscode from 'vscode';
import type { ExplorerNode } from '../node';

export class MessageNode implements ExplorerNode {
  constructor(
    private readonly label: string,
    private readonly icon: string,
    private readonly command?: vscode.Command,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'message';
    if (this.command) item.command = this.command;
    return item;
  }
}
