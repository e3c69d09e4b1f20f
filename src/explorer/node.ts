// The shape every Lookout for Vision tree node has.
import type * as vscode from 'vscode';

export interface ExplorerNode {
  /**
   * The tree item's id, built from the resource's identity (connection, project, name), never from
   * position or load order: the view keeps expansion and selection across refreshes by this id.
   */
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<ExplorerNode[]>;
  /** The resource is changing state: its container is refreshed while the view is visible. */
  readonly busy?: boolean;
  /** The node above this one (undefined at the top): the view needs it to reveal a node. */
  readonly parent?: ExplorerNode;
  /** A tooltip computed only on hover, for one that is costly to build (date formatting). */
  tooltip?(): string | vscode.MarkdownString;
}

/** A node whose children are fetched from the service and cached until reset. */
export interface ContainerNode extends ExplorerNode {
  getChildren(): Promise<ExplorerNode[]>;
  reset(): void;
  /** Appends the next page; `from` is the page token the "Load more" row was made for. */
  loadMore?(from?: string): Promise<void>;
}
