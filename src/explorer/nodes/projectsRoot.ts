// The top level: every project of the connection, paged, narrowed by the view's filter.
import * as vscode from 'vscode';
import { ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import type { ExplorerContext } from '../context';
import type { ExplorerNode } from '../node';
import { PagedContainer, type Page } from '../pagedContainer';
import { ProjectNode } from './projectNode';

export class ProjectsRoot extends PagedContainer {
  filter = '';

  constructor(private readonly context: ExplorerContext) {
    super();
  }

  getTreeItem(): vscode.TreeItem {
    return new vscode.TreeItem('Projects', vscode.TreeItemCollapsibleState.Expanded);
  }

  protected async loadPage(nextToken: string | undefined): Promise<Page> {
    const { lookout } = await this.context.clients();
    const out = await lookout.send(
      new ListProjectsCommand({ NextToken: nextToken, MaxResults: this.context.pageSize() }),
    );
    return {
      items: (out.Projects ?? []).map(
        (p) => new ProjectNode(this.context, p.ProjectName ?? '', p.CreationTimestamp),
      ),
      nextToken: out.NextToken,
    };
  }

  protected visible(items: ExplorerNode[]): ExplorerNode[] {
    const filter = this.filter.toLowerCase();
    return filter
      ? items.filter((n) => n instanceof ProjectNode && n.projectName.toLowerCase().includes(filter))
      : items;
  }
}
