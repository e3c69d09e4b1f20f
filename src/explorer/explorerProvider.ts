// The Lookout for Vision tree. Containers cache their children; refreshing a node reloads just it.
// While something is in progress and the view is visible, the containers holding busy nodes reload
// on the configured interval; nothing polls otherwise. Node ids come from the resources, and the
// expansion the user chose is remembered by id, so a refresh, a reconnect or clearing the filter
// brings rows back as they were.
import * as vscode from 'vscode';
import { pageSize, refreshIntervalMs, type ConnectionSettings } from '../connection/settings';
import type { ConnectionManager } from '../connection/connectionManager';
import { ModelWatch } from './modelWatch';
import type { ContainerNode, ExplorerNode } from './node';
import { LoadMoreNode } from './nodes/loadMoreNode';
import { MessageNode } from './nodes/messageNode';
import { PackagingJobNode } from './nodes/packagingJobNode';
import { ProjectsRoot } from './nodes/projectsRoot';

/** The context key menus use to show "Clear Filter" only while a filter is set. */
export const FILTER_ACTIVE_KEY = 'lookoutVision.filterActive';

export type ProjectPart = 'datasets' | 'models' | 'packagingJobs';

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Model statuses as last seen; panels follow it. */
  readonly models = new ModelWatch();
  private root: ProjectsRoot;
  private filterText = '';
  private readonly busyContainers = new Set<ContainerNode>();
  /** Expanded (true) or collapsed (false) by the user, by node id. */
  private readonly expansion = new Map<string, boolean>();
  private timer: NodeJS.Timeout | undefined;
  private view: vscode.TreeView<ExplorerNode> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly connections: ConnectionManager) {
    this.root = this.newRoot();
    this.subscriptions.push(
      this.changed,
      this.models,
      connections.onDidChange(() => this.reconnect()),
    );
  }

  attach(view: vscode.TreeView<ExplorerNode>): void {
    this.view = view;
    this.subscriptions.push(
      view.onDidChangeVisibility(() => this.schedule()),
      view.onDidExpandElement((e) => this.expansion.set(e.element.id, true)),
      view.onDidCollapseElement((e) => this.expansion.set(e.element.id, false)),
    );
    this.showFilter();
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.root.filter = this.filterText;
    this.showFilter();
    this.changed.fire(undefined);
  }

  /** Whether the user left this node expanded; undefined when they never toggled it. */
  isExpanded(node: ExplorerNode): boolean | undefined {
    return this.expansion.get(node.id);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = node.getTreeItem();
    const expanded = this.expansion.get(node.id);
    if (expanded !== undefined && item.collapsibleState) {
      item.collapsibleState = expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
    }
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    item.tooltip ??= node.tooltip?.();
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node && this.connections.localEngineStopped) {
      return [
        new MessageNode({
          id: 'engine-stopped',
          label: 'The local engine is stopped — click to start it',
          icon: 'debug-stop',
          command: { command: 'lookoutVision.engine.start', title: 'Start Engine' },
        }),
      ];
    }
    const container = node ?? this.root;
    const children = (await container.getChildren?.()) ?? [];
    if (isContainer(container) && children.some((c) => c.busy)) {
      this.busyContainers.add(container);
      this.schedule();
    }
    return children;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent === this.root ? undefined : node.parent;
  }

  /** Selects a packaging job in the view; false when it is not among the loaded (and filtered) rows. */
  async revealPackagingJob(projectName: string, jobName: string): Promise<boolean> {
    await this.root.getChildren();
    const project = this.root.project(projectName);
    if (!project || !project.projectName.toLowerCase().includes(this.filterText.toLowerCase())) return false;
    const job = (await project.packagingJobs.getChildren()).find(
      (n) => n instanceof PackagingJobNode && n.metadata.JobName === jobName,
    );
    if (!job || !this.view) return false;
    await this.view.reveal(job, { select: true, focus: true });
    return true;
  }

  /** Reload a node's children, or (no node: the Refresh button) everything. */
  refresh(node?: ExplorerNode): void {
    if (node && isContainer(node)) node.reset();
    if (!node || node === this.root) {
      this.root.resetAll();
      this.changed.fire(undefined);
    } else this.changed.fire(node);
  }

  /** The project list changed (a project was created or deleted): reload it, keeping what is under the others. */
  refreshProjects(): void {
    this.root.reset();
    this.changed.fire(undefined);
  }

  /** Something in one project changed: reload that group only (the list, if the project is not loaded). */
  refreshProject(projectName: string, part: ProjectPart): void {
    const project = this.root.project(projectName);
    if (project) this.refresh(project[part]);
    else this.refreshProjects();
  }

  /** The action of a "Load more" row: appends the next page of its list. */
  async loadMore(node: ExplorerNode): Promise<void> {
    if (!(node instanceof LoadMoreNode)) return;
    const container = node.container;
    await container.loadMore?.(node.nextToken);
    this.changed.fire(container === this.root ? undefined : container);
  }

  dispose(): void {
    clearTimeout(this.timer);
    void vscode.commands.executeCommand('setContext', FILTER_ACTIVE_KEY, false);
    for (const d of this.subscriptions) d.dispose();
  }

  private reconnect(): void {
    this.busyContainers.clear();
    this.models.clear();
    this.root = this.newRoot();
    this.changed.fire(undefined);
  }

  private newRoot(): ProjectsRoot {
    const connections = this.connections;
    const root = new ProjectsRoot({
      clients: () => connections.clients(),
      connectionKey: connectionKey(connections.settings, connections.engineDataDir()),
      pageSize,
      models: this.models,
    });
    root.filter = this.filterText;
    return root;
  }

  private schedule(): void {
    if (this.timer || this.busyContainers.size === 0 || !this.view?.visible) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.view?.visible) return;
      const due = [...this.busyContainers];
      this.busyContainers.clear();
      for (const container of due) this.refresh(container);
    }, refreshIntervalMs());
  }

  private showFilter(): void {
    void vscode.commands.executeCommand('setContext', FILTER_ACTIVE_KEY, this.filterText !== '');
    if (this.view) this.view.description = this.filterText ? `filter: ${this.filterText}` : undefined;
  }
}

function isContainer(node: ExplorerNode): node is ContainerNode {
  return typeof (node as ContainerNode).reset === 'function';
}

function connectionKey(settings: ConnectionSettings, engineDataDir: string): string {
  switch (settings.kind) {
    case 'local':
      return `local:${engineDataDir}`;
    case 'profile':
      return `profile:${settings.profile}@${settings.region}`;
    case 'endpoint':
      return `endpoint:${settings.endpoint}@${settings.region}`;
  }
}
