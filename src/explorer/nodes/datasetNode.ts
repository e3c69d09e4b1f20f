// One dataset: type, status and image counts.
import * as vscode from 'vscode';
import type { DatasetDescription } from '@aws-sdk/client-lookoutvision';
import type { ExplorerNode } from '../node';
import type { DatasetRef } from '../refs';
import type { DatasetsGroup } from './datasetsGroup';
import type { ProjectNode } from './projectNode';

export class DatasetNode implements ExplorerNode, DatasetRef {
  readonly datasetType: string;

  constructor(
    readonly parent: DatasetsGroup,
    readonly description: DatasetDescription,
  ) {
    this.datasetType = description.DatasetType ?? 'train';
  }

  get project(): ProjectNode {
    return this.parent.project;
  }

  get projectName(): string {
    return this.project.projectName;
  }

  get busy(): boolean {
    return (this.description.Status ?? '').endsWith('_IN_PROGRESS');
  }

  getTreeItem(): vscode.TreeItem {
    const stats = this.description.ImageStats;
    const item = new vscode.TreeItem(this.datasetType);
    item.id = `${this.project.id}/dataset/${this.datasetType}`;
    const counts = stats
      ? `${stats.Total ?? 0} images (${stats.Normal ?? 0} normal, ${stats.Anomaly ?? 0} anomaly, ${stats.Labeled ?? 0} labeled)`
      : '';
    item.description = [this.description.Status, counts].filter(Boolean).join(' · ');
    item.tooltip = [item.description, this.description.StatusMessage].filter(Boolean).join('\n');
    item.iconPath = this.busy
      ? new vscode.ThemeIcon('loading~spin')
      : (this.description.Status ?? '').includes('FAILED')
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
        : new vscode.ThemeIcon(this.datasetType === 'test' ? 'beaker' : 'library');
    item.contextValue = 'dataset';
    return item;
  }
}
