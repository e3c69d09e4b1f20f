// One model packaging job: a human status and the model version it packages.
import * as vscode from 'vscode';
import type { ModelPackagingJobMetadata } from '@aws-sdk/client-lookoutvision';
import type { ExplorerNode } from '../node';
import { packagingStatusText } from '../statusText';
import type { PackagingJobsGroup } from './packagingJobsGroup';
import type { ProjectNode } from './projectNode';
import { detailTooltip, spoken } from './tooltip';

export class PackagingJobNode implements ExplorerNode {
  constructor(
    readonly parent: PackagingJobsGroup,
    readonly metadata: ModelPackagingJobMetadata,
  ) {}

  get id(): string {
    return `${this.project.id}/packaging/${this.metadata.JobName}`;
  }

  get project(): ProjectNode {
    return this.parent.project;
  }

  /** PackagingJobRef fields, for the packaging commands. */
  get projectName(): string {
    return this.project.projectName;
  }

  get jobName(): string {
    return this.metadata.JobName ?? '';
  }

  get busy(): boolean {
    return this.metadata.Status === 'CREATED' || this.metadata.Status === 'RUNNING';
  }

  getTreeItem(): vscode.TreeItem {
    const {
      JobName,
      Status,
      StatusMessage,
      ModelVersion,
      ModelPackagingMethod,
      ModelPackagingJobDescription,
    } = this.metadata;
    const label = JobName ?? 'job';
    const item = new vscode.TreeItem(label);
    item.id = this.id;
    const status = packagingStatusText(this.metadata);
    item.description = [status, ModelVersion && `model ${ModelVersion}`].filter(Boolean).join(' · ');
    item.tooltip = detailTooltip(`Packaging job ${label} of ${this.project.projectName}`, [
      ['Description', ModelPackagingJobDescription],
      ['Status', Status],
      ['Message', StatusMessage],
      ['Model', ModelVersion],
      ['Method', ModelPackagingMethod],
    ]);
    item.accessibilityInformation = { label: spoken(`packaging job ${label}`, item.description) };
    item.iconPath = this.busy
      ? new vscode.ThemeIcon('loading~spin')
      : Status === 'FAILED'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
        : new vscode.ThemeIcon('package');
    // A finished job's component can be downloaded and run.
    item.contextValue = Status === 'SUCCEEDED' ? 'packagingJob.succeeded' : 'packagingJob';
    return item;
  }
}
