// The Lookout for Vision tree. Containers cache their children; refreshing a node reloads just it.
// While something is in progress and the view is visible, the containers holding busy nodes reload
// on the configured interval; nothing polls otherwise.
import * as vscode from 'vscode';
import { pageSize, refreshIntervalMs } from '../connection/settings';
import type { ConnectionManager } from '../connection/connectionManager';
import type { ContainerNode, ExplorerNode } from './node';
import { MessageNode } from './nodes/messageNode';
import { PackagingJobNode } from './nodes/packagingJobNode';
import { ProjectNode } from './nodes/projectNode';
import { ProjectsRoot } from './nodes/projectsRoot';

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private root: ProjectsRoot;
  private generation = 0;
  private filterText = '';
  private readonly busyContainers = new Set<ContainerNode>();
  private timer: NodeJS.Timeout | undefined;
  private view: vscode.TreeView<ExplorerNode> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly connections: ConnectionManager) {
    this.root = this.newRoot();
    this.subscriptions.push(
      this.changed,
      connections.onDidChange(() => this.reconnect()),
    );
  }

  attach(view: vscode.TreeView<ExplorerNode>): void {
    this.view = view;
    this.subscriptions.push(view.onDidChangeVisibility(() => this.schedule()));
    this.updateDescription();
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.root.filter = this.filterText;
    this.updateDescription();
    this.changed.fire(undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    item.tooltip ??= node.tooltip?.();
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node && this.connections.localEngineStopped) {
      return [
        new MessageNode('The local engine is stopped — click to start it', 'debug-stop', {
          command: 'lookoutVision.engine.start',
          title: 'Start Engine',
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
    const project = (await this.root.getChildren()).find(
      (n): n is ProjectNode => n instanceof ProjectNode && n.projectName === projectName,
    );
    const job = (await project?.packagingJobs.getChildren())?.find(
      (n) => n instanceof PackagingJobNode && n.metadata.JobName === jobName,
    );
    if (!job || !this.view) return false;
    await this.view.reveal(job, { select: true, focus: true });
    return true;
  }

  /** Reload a node's children (or everything), e.g. after a command changed them. */
  refresh(node?: ExplorerNode): void {
    if (node && isContainer(node)) node.reset();
    if (!node) this.root.reset();
    this.changed.fire(node);
  }

  async loadMore(container: ContainerNode): Promise<void> {
    await container.loadMore?.();
    this.changed.fire(container === this.root ? undefined : container);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.subscriptions) d.dispose();
  }

  private reconnect(): void {
    this.busyContainers.clear();
    this.root = this.newRoot();
    this.changed.fire(undefined);
  }

  private newRoot(): ProjectsRoot {
    const connections = this.connections;
    const root = new ProjectsRoot({
      clients: () => connections.clients(),
      connectionKey: `c${++this.generation}`,
      pageSize,
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
      for (const container of due) this.refresh(container === this.root ? undefined : container);
    }, refreshIntervalMs());
  }

  private updateDescription(): void {
    if (this.view) this.view.description = this.filterText ? `filter: ${this.filterText}` : undefined;
  }
}

function isContainer(node: ExplorerNode): node is ContainerNode {
  return typeof (node as ContainerNode).reset === 'function';
}
