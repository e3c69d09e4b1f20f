// A project's model packaging jobs, paged.
import * as vscode from 'vscode';
import { ListModelPackagingJobsCommand } from '@aws-sdk/client-lookoutvision';
import { PagedContainer, type Page } from '../pagedContainer';
import type { ProjectRef } from '../refs';
import { PackagingJobNode } from './packagingJobNode';
import type { ProjectNode } from './projectNode';

export class PackagingJobsGroup extends PagedContainer implements ProjectRef {
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
    const item = new vscode.TreeItem('Model packaging jobs', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${this.project.id}/packaging`;
    item.iconPath = new vscode.ThemeIcon('package');
    item.contextValue = 'packagingJobs';
    return item;
  }

  protected async loadPage(nextToken: string | undefined): Promise<Page> {
    const { lookout } = await this.project.context.clients();
    const out = await lookout.send(
      new ListModelPackagingJobsCommand({
        ProjectName: this.projectName,
        NextToken: nextToken,
        MaxResults: this.project.context.pageSize(),
      }),
    );
    return {
      items: (out.ModelPackagingJobs ?? []).map((j) => new PackagingJobNode(this, j)),
      nextToken: out.NextToken,
    };
  }
}
