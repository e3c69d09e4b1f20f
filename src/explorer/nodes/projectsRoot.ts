// The top level: every project of the connection, paged, narrowed by the view's filter. A filter shows
// itself as a first "Clear filter" row (and says so when no project matches), so the view never
// claims the connection has no projects. Reloading the list keeps the nodes of projects still there,
// with what their groups loaded, unless `resetAll` asks for everything afresh.
import * as vscode from 'vscode';
import { ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import type { ExplorerContext } from '../context';
import type { ExplorerNode } from '../node';
import { PagedContainer, type Page } from '../pagedContainer';
import { MessageNode } from './messageNode';
import { ProjectNode } from './projectNode';

export class ProjectsRoot extends PagedContainer {
  filter = '';
  private readonly projects = new Map<string, ProjectNode>();

  constructor(private readonly context: ExplorerContext) {
    super();
  }

  get id(): string {
    return this.context.connectionKey;
  }

  getTreeItem(): vscode.TreeItem {
    return new vscode.TreeItem('Projects', vscode.TreeItemCollapsibleState.Expanded);
  }

  /** The loaded node of a project, if its page is in. */
  project(projectName: string): ProjectNode | undefined {
    return this.loadedItems.find(
      (n): n is ProjectNode => n instanceof ProjectNode && n.projectName === projectName,
    );
  }

  /** Reload the list and everything under it. */
  resetAll(): void {
    this.projects.clear();
    this.reset();
  }

  protected async loadPage(nextToken: string | undefined): Promise<Page> {
    const { lookout } = await this.context.clients();
    const out = await lookout.send(
      new ListProjectsCommand({ NextToken: nextToken, MaxResults: this.context.pageSize() }),
    );
    return {
      items: (out.Projects ?? []).map((p) => this.nodeFor(p.ProjectName ?? '', p.CreationTimestamp)),
      nextToken: out.NextToken,
    };
  }

  protected loaded(items: readonly ExplorerNode[], complete: boolean): void {
    if (!complete) return;
    const names = new Set(items.filter((n) => n instanceof ProjectNode).map((n) => n.projectName));
    for (const name of [...this.projects.keys()]) if (!names.has(name)) this.projects.delete(name);
    this.context.models.projectsListed(names);
  }

  protected visible(items: ExplorerNode[]): ExplorerNode[] {
    if (!this.filter) return items;
    const filter = this.filter.toLowerCase();
    const projects = items.filter((n) => n instanceof ProjectNode);
    const shown = projects.filter((n) => n.projectName.toLowerCase().includes(filter));
    const clear = new MessageNode({
      id: `${this.id}/clear-filter`,
      label: 'Clear filter',
      icon: 'clear-all',
      description: `"${this.filter}" · ${shown.length} of ${projects.length} projects`,
      contextValue: 'clearFilter',
      command: { command: 'lookoutVision.clearFilter', title: 'Clear Filter' },
    });
    if (shown.length > 0) return [clear, ...shown];
    const none = new MessageNode({
      id: `${this.id}/no-match`,
      label: `No project name contains "${this.filter}"`,
      icon: 'search-stop',
    });
    return [clear, none];
  }

  // A project deleted and created again under its name is another project: a fresh node.
  private nodeFor(name: string, created: Date | undefined): ProjectNode {
    const known = this.projects.get(name);
    if (known && known.created?.getTime() === created?.getTime()) return known;
    const node = new ProjectNode(this.context, name, created);
    this.projects.set(name, node);
    return node;
  }
}
