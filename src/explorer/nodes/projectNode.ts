// A project: its datasets, models and model packaging jobs, each in a group.
import * as vscode from 'vscode';
import type { ExplorerContext } from '../context';
import type { ExplorerNode } from '../node';
import type { ProjectRef } from '../refs';
import { DatasetsGroup } from './datasetsGroup';
import { ModelsGroup } from './modelsGroup';
import { PackagingJobsGroup } from './packagingJobsGroup';

export class ProjectNode implements ExplorerNode, ProjectRef {
  private readonly groups: ExplorerNode[];

  constructor(
    readonly context: ExplorerContext,
    readonly projectName: string,
    readonly created: Date | undefined,
  ) {
    this.groups = [new DatasetsGroup(this), new ModelsGroup(this), new PackagingJobsGroup(this)];
  }

  get id(): string {
    return `${this.context.connectionKey}/project/${this.projectName}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.projectName, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('project');
    item.contextValue = 'project';
    item.tooltip = this.created ? `Created ${this.created.toLocaleString()}` : this.projectName;
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return this.groups;
  }
}
