// A project: its datasets, models and model packaging jobs, each in a group.
import * as vscode from 'vscode';
import type { ExplorerContext } from '../context';
import type { ExplorerNode } from '../node';
import type { ProjectRef } from '../refs';
import { DatasetsGroup } from './datasetsGroup';
import { ModelsGroup } from './modelsGroup';
import { PackagingJobsGroup } from './packagingJobsGroup';

export class ProjectNode implements ExplorerNode, ProjectRef {
  readonly datasets = new DatasetsGroup(this);
  readonly models = new ModelsGroup(this);
  readonly packagingJobs = new PackagingJobsGroup(this);

  constructor(
    readonly context: ExplorerContext,
    readonly projectName: string,
    readonly created: Date | undefined,
  ) {}

  get id(): string {
    return `${this.context.connectionKey}/project/${this.projectName}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.projectName, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('project');
    item.contextValue = 'project';
    item.accessibilityInformation = { label: `project ${this.projectName}` };
    return item;
  }

  // The first toLocaleString() of the extension host loads locale data (tens of ms): not on first paint.
  tooltip(): string {
    return this.created ? `Created ${this.created.toLocaleString()}` : this.projectName;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [this.datasets, this.models, this.packagingJobs];
  }

  /** Forget what the groups loaded, so each lists afresh when shown. */
  resetGroups(): void {
    for (const group of [this.datasets, this.models, this.packagingJobs]) group.reset();
  }
}
