// Base for nodes whose children come from a (possibly paged) list call: caches what was loaded,
// appends further pages on "Load more", and turns a failure into an error node with retry.
// Loads run one at a time: a second "Load more" while one is in flight joins it. A reset starts a new
// generation; a load that resolves for an older generation is dropped, so a refresh in the middle of
// "Load more" neither throws nor mixes old rows into the new list.
import type * as vscode from 'vscode';
import type { ContainerNode, ExplorerNode } from './node';
import { ErrorNode } from './nodes/errorNode';
import { LoadMoreNode } from './nodes/loadMoreNode';

export interface Page {
  items: ExplorerNode[];
  nextToken?: string;
}

export abstract class PagedContainer implements ContainerNode {
  abstract readonly id: string;
  private generation = 0;
  private items: ExplorerNode[] | undefined;
  private nextToken: string | undefined;
  private failure: { error: unknown } | undefined;
  private inFlight: Promise<void> | undefined;

  abstract getTreeItem(): vscode.TreeItem;
  protected abstract loadPage(nextToken: string | undefined): Promise<Page>;

  /** Which loaded children to show (the root applies the name filter). */
  protected visible(items: ExplorerNode[]): ExplorerNode[] {
    return items;
  }

  /** The row shown when the whole list is empty (undefined: nothing, the view's welcome content). */
  protected placeholder(): ExplorerNode | undefined {
    return undefined;
  }

  /** Called with every loaded item after each page; `complete` once the last page is in. */
  protected loaded(_items: readonly ExplorerNode[], _complete: boolean): void {}

  /** What the current generation has loaded so far. */
  get loadedItems(): readonly ExplorerNode[] {
    return this.items ?? [];
  }

  async getChildren(): Promise<ExplorerNode[]> {
    // A reset during the load starts another one: loop until this generation has its first page.
    while (!this.items && !this.failure) await this.serialised(undefined);
    if (!this.items) return [new ErrorNode(this, this.failure?.error)];
    const shown = this.visible(this.items);
    if (this.nextToken) return [...shown, new LoadMoreNode(this, this.nextToken)];
    const placeholder = shown.length === 0 ? this.placeholder() : undefined;
    return placeholder ? [placeholder] : shown;
  }

  async loadMore(from?: string): Promise<void> {
    if (this.inFlight) return this.inFlight;
    // A click on a "Load more" row whose page is already in (a double-click) loads nothing.
    if (!this.items || !this.nextToken || (from !== undefined && from !== this.nextToken)) return;
    return this.serialised(this.nextToken);
  }

  reset(): void {
    this.generation++;
    this.items = undefined;
    this.nextToken = undefined;
    this.failure = undefined;
    this.inFlight = undefined;
  }

  private serialised(nextToken: string | undefined): Promise<void> {
    if (!this.inFlight) {
      const load: Promise<void> = this.fetch(nextToken).finally(() => {
        if (this.inFlight === load) this.inFlight = undefined;
      });
      this.inFlight = load;
    }
    return this.inFlight;
  }

  private async fetch(nextToken: string | undefined): Promise<void> {
    const generation = this.generation;
    let page: Page;
    try {
      page = await this.loadPage(nextToken);
    } catch (err) {
      if (generation !== this.generation) return;
      if (nextToken === undefined) this.failure = { error: err };
      else throw err;
      return;
    }
    if (generation !== this.generation) return;
    // Rows already listed are kept once: a list that shifted between pages must not repeat an id.
    const items = nextToken === undefined ? [] : (this.items ?? []);
    const ids = new Set(items.map((i) => i.id));
    for (const item of page.items) {
      if (ids.has(item.id)) continue;
      ids.add(item.id);
      items.push(item);
    }
    this.items = items;
    this.nextToken = page.nextToken;
    this.loaded(items, !page.nextToken);
  }
}
