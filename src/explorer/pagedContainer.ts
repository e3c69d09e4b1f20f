// Base for nodes whose children come from a (possibly paged) list call: caches what was loaded,
// appends further pages on "Load more", and turns a failure into an error node with retry.
import type * as vscode from 'vscode';
import type { ContainerNode, ExplorerNode } from './node';
import { ErrorNode } from './nodes/errorNode';
import { LoadMoreNode } from './nodes/loadMoreNode';

export interface Page {
  items: ExplorerNode[];
  nextToken?: string;
}

export abstract class PagedContainer implements ContainerNode {
  private items: ExplorerNode[] | undefined;
  private nextToken: string | undefined;

  abstract getTreeItem(): vscode.TreeItem;
  protected abstract loadPage(nextToken: string | undefined): Promise<Page>;

  /** Which loaded children to show (the root applies the name filter). */
  protected visible(items: ExplorerNode[]): ExplorerNode[] {
    return items;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    if (!this.items) {
      try {
        const page = await this.loadPage(undefined);
        this.items = page.items;
        this.nextToken = page.nextToken;
      } catch (err) {
        return [new ErrorNode(this, err)];
      }
    }
    const shown = this.visible(this.items);
    return this.nextToken ? [...shown, new LoadMoreNode(this)] : shown;
  }

  async loadMore(): Promise<void> {
    if (!this.items || !this.nextToken) return;
    const page = await this.loadPage(this.nextToken);
    this.items.push(...page.items);
    this.nextToken = page.nextToken;
  }

  reset(): void {
    this.items = undefined;
    this.nextToken = undefined;
  }
}
