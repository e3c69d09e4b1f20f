// A project's model versions, newest first as the service lists them, paged.
import * as vscode from 'vscode';
import { ListModelsCommand } from '@aws-sdk/client-lookoutvision';
import { PagedContainer, type Page } from '../pagedContainer';
import type { ProjectRef } from '../refs';
import { ModelNode } from './modelNode';
import type { ProjectNode } from './projectNode';

export class ModelsGroup extends PagedContainer implements ProjectRef {
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
    const item = new vscode.TreeItem('Models', vscode.TreeItemCollapsibleState.Expanded);
    item.id = `${this.project.id}/models`;
    item.iconPath = new vscode.ThemeIcon('symbol-class');
    item.contextValue = 'models';
    return item;
  }

  protected async loadPage(nextToken: string | undefined): Promise<Page> {
    const { lookout } = await this.project.context.clients();
    const out = await lookout.send(
      new ListModelsCommand({
        ProjectName: this.projectName,
        NextToken: nextToken,
        MaxResults: this.project.context.pageSize(),
      }),
    );
    return { items: (out.Models ?? []).map((m) => new ModelNode(this, m)), nextToken: out.NextToken };
  }
}
