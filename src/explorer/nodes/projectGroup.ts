// One of a project's three children (datasets, models, packaging jobs): a fixed label and icon, its project's
// name for commands, a placeholder row that offers the first step when the group is empty, and the page
// loading left to each group.
import * as vscode from 'vscode';
import type { ExplorerNode } from '../node';
import { PagedContainer } from '../pagedContainer';
import type { ProjectRef } from '../refs';
import { MessageNode } from './messageNode';
import type { ProjectNode } from './projectNode';

export interface GroupLook {
  label: string;
  /** Appended to the project's id. */
  idSuffix: string;
  contextValue: string;
  icon: string;
  expanded: boolean;
  /** The placeholder of an empty group: what is missing and the command that adds the first one. */
  empty: { label: string; command: string; title: string };
}

export abstract class ProjectGroup extends PagedContainer implements ProjectRef {
  constructor(
    readonly project: ProjectNode,
    private readonly look: GroupLook,
  ) {
    super();
  }

  get id(): string {
    return `${this.project.id}/${this.look.idSuffix}`;
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
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.look.icon);
    item.contextValue = this.look.contextValue;
    item.accessibilityInformation = { label: `${this.look.label} of project ${this.projectName}` };
    return item;
  }

  protected placeholder(): ExplorerNode {
    const { label, command, title } = this.look.empty;
    return new MessageNode({
      id: `${this.id}/empty`,
      label: `${label} — ${title}`,
      icon: 'add',
      parent: this,
      contextValue: 'placeholder',
      command: { command, title, arguments: [{ projectName: this.projectName }] },
    });
  }
}
