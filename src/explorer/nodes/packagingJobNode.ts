// One model packaging job: status and the model version it packages.
import * as vscode from 'vscode';
import type { ModelPackagingJobMetadata } from '@aws-sdk/client-lookoutvision';
import type { ExplorerNode } from '../node';
import type { PackagingJobsGroup } from './packagingJobsGroup';
import type { ProjectNode } from './projectNode';

export class PackagingJobNode implements ExplorerNode {
  constructor(
    readonly parent: PackagingJobsGroup,
    readonly metadata: ModelPackagingJobMetadata,
  ) {}

  get project(): ProjectNode {
    return this.parent.project;
  }

  get busy(): boolean {
    return this.metadata.Status === 'CREATED' || this.metadata.Status === 'RUNNING';
  }

  getTreeItem(): vscode.TreeItem {
    const { JobName, Status, StatusMessage, ModelVersion, ModelPackagingMethod } = this.metadata;
    const item = new vscode.TreeItem(JobName ?? 'job');
    item.id = `${this.project.id}/packaging/${JobName}`;
    item.description = [Status, ModelVersion && `model ${ModelVersion}`, ModelPackagingMethod]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = [item.description, StatusMessage].filter(Boolean).join('\n');
    item.iconPath = this.busy
      ? new vscode.ThemeIcon('loading~spin')
      : Status === 'FAILED'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
        : new vscode.ThemeIcon('package');
    item.contextValue = 'packagingJob';
    return item;
  }
}
