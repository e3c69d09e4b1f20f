// What a panel needs to come back after a window reload (an image file, a model, a dataset, a results table). VS
// Code hands a restored panel the state its page kept, and that is whatever script in the page wrote: so the
// extension keeps the record on its own side, in the workspace state under a random id per panel, written when the
// panel shows something and deleted when it is closed. The page keeps only the id; a restored panel acts on the
// record that id names, never on anything else its page kept.
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';

/** What a page keeps (setState) for the extension to read: the id of its panel's record. */
export interface PageState {
  id: string;
}

const KEY_PREFIX = 'panel:';
/** The ids randomUUID() makes: a page's state that holds anything else names no record. */
const ID_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A record neither written nor restored for this long is of a panel that will not come back: pruned. */
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** How often a record that changes all the time (a folder detection running) is written. */
const KEEP_SOON_MS = 1000;

interface Stored<T> {
  viewType: string;
  savedAt: number;
  value: T;
}

function isStored(value: unknown): value is Stored<unknown> {
  const s = value as Partial<Stored<unknown>> | undefined;
  return typeof s?.viewType === 'string' && typeof s.savedAt === 'number' && s.value !== undefined;
}

/** The id a page's state names, if it is one this extension could have given. */
function idIn(pageState: unknown): string | undefined {
  const id =
    typeof pageState === 'object' && pageState !== null ? (pageState as { id?: unknown }).id : undefined;
  return typeof id === 'string' && ID_FORM.test(id) ? id : undefined;
}

/** The keys of the entries to prune: records neither written nor restored for too long, and anything else. */
export function staleKeys(entries: Iterable<[string, unknown]>, now: number): string[] {
  const oldest = now - MAX_AGE_MS;
  return [...entries].flatMap(([key, s]) => (isStored(s) && s.savedAt >= oldest ? [] : [key]));
}

/** One panel's record: written by keep(), deleted with the panel. */
export class PanelRecord<T> {
  readonly pageState: PageState;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly panel: vscode.WebviewPanel,
    id: string,
  ) {
    this.pageState = { id };
    panel.onDidDispose(() => {
      // Closed: nothing will restore it, and a write still pending would bring it back.
      this.forget();
      this.disposed = true;
    });
  }

  private get key(): string {
    return KEY_PREFIX + this.pageState.id;
  }

  keep(value: T): void {
    this.cancelSoon();
    if (this.disposed) return;
    const stored: Stored<T> = { viewType: this.panel.viewType, savedAt: Date.now(), value };
    void this.memento.update(this.key, stored);
  }

  /** Keeps what `read` returns shortly: many changes in a row make one write. */
  keepSoon(read: () => T): void {
    this.timer ??= setTimeout(() => this.keep(read()), KEEP_SOON_MS);
  }

  /** The panel shows nothing it could be restored to. */
  forget(): void {
    this.cancelSoon();
    void this.memento.update(this.key, undefined);
  }

  private cancelSoon(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** A panel VS Code handed back, with its record and what that record kept. */
export interface Restored<T> {
  panel: vscode.WebviewPanel;
  record: PanelRecord<T>;
  value: T;
}

/** The records of every panel, in the workspace state. */
export class PanelRecords {
  /** The ids of the records of the panels open in this window: one id, one panel. */
  private readonly open = new Set<string>();

  constructor(private readonly memento: vscode.Memento) {
    for (const key of staleKeys(this.stored(), Date.now())) void memento.update(key, undefined);
  }

  /** The record of a new panel, empty until the panel keeps something. */
  create<T>(panel: vscode.WebviewPanel): PanelRecord<T> {
    return this.record(panel, randomUUID());
  }

  /**
   * The record a restored panel's page names, undefined unless its state holds a well-formed id of a record kept
   * for a panel of the same view type (not one closed since, nor pruned). Restoring counts as a write for pruning.
   */
  restore<T>(panel: vscode.WebviewPanel, pageState: unknown): Restored<T> | undefined {
    const id = idIn(pageState);
    const stored = id && this.memento.get<Stored<T>>(KEY_PREFIX + id);
    if (!id || !isStored(stored) || stored.viewType !== panel.viewType) return undefined;
    // An id a panel open in this window holds gets a copy under a new one, so that neither panel's closing or
    // next content changes the other's record.
    const record = this.record<T>(panel, this.open.has(id) ? randomUUID() : id);
    record.keep(stored.value);
    return { panel, record, value: stored.value };
  }

  /** The ids of the records kept for panels of `viewType`, the latest written first (for the extension-host tests). */
  ids(viewType: string): string[] {
    return [...this.stored()]
      .flatMap(([key, s]) =>
        isStored(s) && s.viewType === viewType ? [{ id: key.slice(KEY_PREFIX.length), s }] : [],
      )
      .sort((a, b) => b.s.savedAt - a.s.savedAt)
      .map(({ id }) => id);
  }

  private record<T>(panel: vscode.WebviewPanel, id: string): PanelRecord<T> {
    this.open.add(id);
    panel.onDidDispose(() => this.open.delete(id));
    return new PanelRecord<T>(this.memento, panel, id);
  }

  private *stored(): Generator<[string, unknown]> {
    for (const key of this.memento.keys())
      if (key.startsWith(KEY_PREFIX)) yield [key, this.memento.get<unknown>(key)];
  }
}
