// One of a project's three children (datasets, models, packaging jobs): a fixed label and icon, its project's
// name for commands, and the page loading left to each group.
import * as vscode from 'vscode';
import { PagedContainer } from '../pagedContainer';
import type { ProjectRef } from '../refs';
import type { ProjectNode } from './projectNode';

export interface GroupLook {
  label: string;
  /** Appended to the project's id. */
  idSuffix: string;
  contextValue: string;
  icon: string;
  expanded: boolean;
}

export abstract class ProjectGroup extends PagedContainer implements ProjectRef {
  constructor(
    readonly project: ProjectNode,
    private readonly look: GroupLook,
  ) {
    super();
  }

  get projectName(): string {
    return this.project.projectName;
  }

  get parent(): ProjectNode {
    return this.project;
  }

  getTreeItem(): vscode.TreeItem {
    const state = this.look.expanded
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(this.look.label, state);
    item.id = `${this.project.id}/${this.look.idSuffix}`;
    item.iconPath = new vscode.ThemeIcon(this.look.icon);
    item.contextValue = this.look.contextValue;
    return item;
  }
}
