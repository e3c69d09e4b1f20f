// A row that explains why there is nothing to list (or that a filter hides rows) and offers the
// command that fixes it: "No models yet — Train Model", "Clear filter".
import * as vscode from 'vscode';
import type { ExplorerNode } from '../node';

export interface Message {
  id: string;
  label: string;
  icon: string;
  parent?: ExplorerNode;
  description?: string;
  command?: vscode.Command;
  /** What menus match on; "message" unless given. */
  contextValue?: string;
}

export class MessageNode implements ExplorerNode {
  constructor(private readonly message: Message) {}

  get id(): string {
    return this.message.id;
  }

  get parent(): ExplorerNode | undefined {
    return this.message.parent;
  }

  getTreeItem(): vscode.TreeItem {
    const { id, label, icon, description, command, contextValue } = this.message;
    const item = new vscode.TreeItem(label);
    item.id = id;
    item.iconPath = new vscode.ThemeIcon(icon);
    item.contextValue = contextValue ?? 'message';
    if (description) item.description = description;
    if (command) item.command = command;
    item.accessibilityInformation = {
      label: [label, description, command && `activate to ${command.title}`].filter(Boolean).join(', '),
    };
    return item;
  }
}
