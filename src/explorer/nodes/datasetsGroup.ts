// A project's datasets (train, and test when the project has separate sets) with image counts.
import * as vscode from 'vscode';
import { DescribeDatasetCommand, DescribeProjectCommand } from '@aws-sdk/client-lookoutvision';
import { PagedContainer, type Page } from '../pagedContainer';
import type { ProjectRef } from '../refs';
import { DatasetNode } from './datasetNode';
import type { ProjectNode } from './projectNode';

export class DatasetsGroup extends PagedContainer implements ProjectRef {
  constructor(readonly project: ProjectNode) {
    super();
  }

  get projectName(): string {
    return this.project.projectName;
  }

  get parent(): ProjectNode {
    return this.project;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Datasets', vscode.TreeItemCollapsibleState.Expanded);
    item.id = `${this.project.id}/datasets`;
    item.iconPath = new vscode.ThemeIcon('database');
    item.contextValue = 'datasets';
    return item;
  }

  protected async loadPage(): Promise<Page> {
    const { lookout } = await this.project.context.clients();
    const project = await lookout.send(new DescribeProjectCommand({ ProjectName: this.projectName }));
    const datasets = project.ProjectDescription?.Datasets ?? [];
    const described = await Promise.all(
      datasets.map((d) =>
        lookout.send(
          new DescribeDatasetCommand({ ProjectName: this.projectName, DatasetType: d.DatasetType }),
        ),
      ),
    );
    const items = described
      .map((d) => d.DatasetDescription)
      .filter((d) => d !== undefined)
      // train before test
      .sort((a, b) => (b.DatasetType ?? '').localeCompare(a.DatasetType ?? ''))
      .map((d) => new DatasetNode(this, d));
    return { items };
  }
}
