// The dataset gallery: one panel per dataset, showing every entry (streamed a page at a time), thumbnails on demand,
// the linter's summary, and the labeling actions of the page (classify, undo, masks, label renames). The page
// (webviews/gallery.js) keeps the entries and filters them itself; the panel does everything that needs the service,
// including verifying a hosted model's detections (see verification.ts). After a window reload a gallery shows the
// dataset its record kept (panelState.ts) again.
import * as vscode from 'vscode';
import type { ServiceClients } from '../../client/clients';
import { DatasetLabeling } from '../../client/datasetLabeling';
import { acceptedVerdict, predictedMask } from '../../client/entryPredictions';
import type { GalleryEntry, MaskLabelColor } from '../../client/datasetEntries';
import { errorMessage } from '../../client/errors';
import { MASK_PALETTE } from '../../client/maskPalette';
import { ThumbnailCache } from '../../client/thumbnails';
import type { DatasetRef, ModelRef } from '../../explorer/refs';
import type { PanelRecord, PanelRecords, Restored } from '../panelState';
import { initPanel } from '../webviewHtml';
import { parsePageMessage, type PageMessage } from './pageMessages';
import { pickHostedModel, Verification, type VerificationRun } from './verification';

export const GALLERY_VIEW_TYPE = 'lookoutVision.gallery';

/** Entries per message while streaming: few messages, yet the first screen arrives with the first page. */
const BATCH = 1000;
/** Thumbnails finished within this window go to the page in one message. */
const THUMB_FLUSH_MS = 30;

export interface GalleryHost {
  extensionUri: vscode.Uri;
  clients(): Promise<ServiceClients>;
  /** Called after a change so the tree shows the new counts. */
  changed(dataset: DatasetRef): void;
  log: vscode.LogOutputChannel;
  records: PanelRecords;
}

export class GalleryPanel {
  private static readonly open = new Map<string, GalleryPanel>();
  readonly labeling: DatasetLabeling;
  readonly verification: Verification;
  private readonly thumbnails: ThumbnailCache;
  private pendingThumbs: { ref: string; src: string }[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  /** Settles when the panel has been closed. */
  readonly closed: Promise<void>;
  /** Settles when the entries have been read (again). */
  loaded: Promise<void> = Promise.resolve();
  private loadId = 0;
  /** Whether the page listens: it says "ready" once its script runs. */
  private pageReady = false;
  /** Why the last read of the entries failed, for a page that starts later. */
  private failure: string | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: GalleryHost,
    private readonly record: PanelRecord<DatasetRef>,
    dataset: DatasetRef,
  ) {
    this.labeling = new DatasetLabeling(() => host.clients(), dataset);
    this.thumbnails = new ThumbnailCache(async () => (await host.clients()).s3);
    this.verification = new Verification((message) => this.post(message), host.log);
    initPanel(panel, host.extensionUri, 'gallery.js');
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parsePageMessage(raw);
      if (message) void this.handle(message);
    });
    this.closed = new Promise((closed) =>
      panel.onDidDispose(() => {
        GalleryPanel.open.delete(key(dataset));
        // Work still running (a detection run ending, thumbnails) has no page to tell.
        this.pageReady = false;
        clearTimeout(this.flushTimer);
        this.verification.cancel();
        closed();
      }),
    );
  }

  /**
   * The dataset's gallery: the one open, or a new one (in `restored`, the panel of a window reload with its record,
   * when given).
   */
  static show(host: GalleryHost, dataset: DatasetRef, restored?: Restored<DatasetRef>): GalleryPanel {
    const existing = GalleryPanel.open.get(key(dataset));
    if (existing) {
      restored?.panel.dispose();
      existing.panel.reveal();
      return existing;
    }
    const panel =
      restored?.panel ??
      vscode.window.createWebviewPanel(
        GALLERY_VIEW_TYPE,
        `${dataset.projectName}: ${dataset.datasetType}`,
        vscode.ViewColumn.Active,
        { retainContextWhenHidden: true },
      );
    const record = restored?.record ?? host.records.create<DatasetRef>(panel);
    record.keep(dataset);
    const gallery = new GalleryPanel(panel, host, record, dataset);
    GalleryPanel.open.set(key(dataset), gallery);
    // Reading starts now, while the page starts; the page gets what was read when it says "ready".
    gallery.loaded = gallery.reload();
    return gallery;
  }

  async classify(refs: readonly string[], cls: 'normal' | 'anomaly'): Promise<GalleryEntry[]> {
    return this.changed(await this.settling(() => this.labeling.classify(refs, cls)));
  }

  async undo(): Promise<GalleryEntry[]> {
    const entries = await this.labeling.undo();
    await this.verification.unsettle();
    return this.changed(entries);
  }

  /**
   * Detects anomalies in `refs` with a hosted model of the project (`model`, or the one the user picks) and shows
   * each verdict on its entry. Undefined when the user picked none.
   */
  async verify(refs: readonly string[], model?: ModelRef): Promise<VerificationRun | undefined> {
    const known = refs.filter((r) => this.labeling.entry(r));
    if (known.length === 0) throw new Error('there are no images to detect anomalies in');
    const clients = await this.host.clients();
    const chosen = model ?? (await pickHostedModel(clients, this.labeling.dataset.projectName));
    if (!chosen) return undefined;
    const run = await this.verification.run(clients, chosen, known);
    this.host.log.info(
      `Verify detections with model ${chosen.modelVersion}: ${run.predictions.length} of ${known.length} image(s)` +
        (run.failed ? `, ${run.failed} failed` : '') +
        (run.cancelled ? ', cancelled' : ''),
    );
    return run;
  }

  /** Accepts the verdicts on `refs` (those that have one): each becomes the entry's label, its mask included. */
  async accept(refs: readonly string[]): Promise<GalleryEntry[]> {
    const labels = this.labeling.labels();
    const verdicts = await Promise.all(
      refs.flatMap((ref) => {
        const prediction = this.verification.get(ref);
        return prediction ? [acceptedVerdict(prediction, labels)] : [];
      }),
    );
    if (verdicts.length === 0) throw new Error('none of the selected images has a detection to accept');
    return this.changed(await this.settling(() => this.labeling.label(verdicts)));
  }

  async saveMask(
    ref: string,
    width: number,
    height: number,
    indices: Uint8Array,
    labels: readonly MaskLabelColor[],
  ): Promise<GalleryEntry> {
    const entries = this.changed(
      await this.settling(async () => [await this.labeling.saveMask(ref, width, height, indices, labels)]),
    );
    void this.post({ type: 'saved', ref });
    return entries[0]!;
  }

  async renameLabel(from: string, to: string): Promise<GalleryEntry[]> {
    const entries = this.changed(await this.settling(() => this.labeling.renameLabel(from, to)));
    void this.post({ type: 'labels', labels: this.labeling.labels() });
    return entries;
  }

  /** Runs a labeling change; the verdicts on the entries it labels are settled by it. */
  private async settling(change: () => Promise<GalleryEntry[]>): Promise<GalleryEntry[]> {
    const before = this.labeling.changes;
    const entries = await change();
    if (this.labeling.changes > before) this.verification.settle(entries.map((e) => e.ref));
    return entries;
  }

  private changed(entries: GalleryEntry[]): GalleryEntry[] {
    void this.post({ type: 'updated', entries });
    this.postSummary();
    if (entries.length > 0) this.host.changed(this.labeling.dataset);
    return entries;
  }

  /** Reads the entries again (the page's Reload). */
  refresh(): Promise<void> {
    this.loaded = this.reload();
    return this.loaded;
  }

  /** Reads the entries from the service, streaming them to the page when it is listening. */
  private reload(): Promise<void> {
    const id = ++this.loadId;
    this.failure = undefined;
    return (async () => {
      await this.post({ type: 'reset' });
      let batch: GalleryEntry[] = [];
      let first = true;
      for await (const page of this.labeling.load()) {
        if (id !== this.loadId) return;
        batch.push(...page);
        if (first || batch.length >= BATCH) {
          await this.post({ type: 'entries', entries: batch, done: false });
          batch = [];
          first = false;
        }
      }
      await this.post({ type: 'entries', entries: batch, done: true });
      await this.post({ type: 'labels', labels: this.labeling.labels() });
      this.postSummary();
    })().catch((err: unknown) => {
      this.failure = `Reading the dataset failed: ${errorMessage(err)}`;
      this.host.log.error(this.failure);
      void this.post({ type: 'error', message: this.failure });
    });
  }

  /** Everything read so far, for a page that has just (re)started: what was posted before it listened is lost. */
  private async replay(): Promise<void> {
    await this.post({ type: 'panel', ...this.record.pageState });
    await this.post({ type: 'reset' });
    const entries = this.labeling.all();
    for (let i = 0; i < entries.length; i += BATCH)
      await this.post({ type: 'entries', entries: entries.slice(i, i + BATCH), done: false });
    await this.post({ type: 'entries', entries: [], done: true });
    await this.post({ type: 'labels', labels: this.labeling.labels() });
    this.postSummary();
    await this.post({ type: 'predictions', items: this.verification.views(), removed: [] });
    if (this.failure) await this.post({ type: 'error', message: this.failure });
  }

  private postSummary(): void {
    void this.post({ type: 'summary', summary: this.labeling.summary(), canUndo: this.labeling.canUndo });
  }

  private async handle(message: PageMessage): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          // The entries are read once, from show(); a page that starts (or restarts) gets what was read.
          this.pageReady = true;
          await this.loaded;
          await this.replay();
          return;
        case 'reload':
          await this.refresh();
          return;
        case 'thumbs':
          // Only the dataset's own images: the page names them, it does not choose what the extension reads.
          for (const ref of message.refs.filter((r) => this.labeling.entry(r))) {
            this.thumbnails.get(ref).then(
              (src) => this.queueThumb(ref, src),
              (err: unknown) => this.host.log.warn(`Thumbnail of ${ref}: ${errorMessage(err)}`),
            );
          }
          return;
        case 'classify':
          await this.classify(message.refs, message.cls);
          return;
        case 'undo':
          await this.undo();
          return;
        case 'open': {
          const image = await this.labeling.image(message.ref);
          // A verdict with a mask opens the annotator on the predicted mask, to correct it.
          const prediction = this.verification.get(message.ref);
          const predicted = prediction && (await predictedMask(prediction, image.labels));
          const { indices, labels } = predicted ?? { indices: image.mask, labels: image.labels };
          const mask = indices ? Buffer.from(indices).toString('base64') : undefined;
          await this.post({
            type: 'image',
            image: { ...image, mask, labels, palette: MASK_PALETTE, predicted: predicted !== undefined },
          });
          return;
        }
        case 'verify':
          await this.verify(message.refs);
          return;
        case 'cancelVerify':
          this.verification.cancel();
          return;
        case 'accept':
          await this.accept(message.refs);
          return;
        case 'saveMask':
          await this.saveMask(
            message.ref,
            message.width,
            message.height,
            new Uint8Array(Buffer.from(message.mask, 'base64')),
            message.labels,
          );
          return;
        case 'renameLabel':
          await this.renameLabel(message.from, message.to);
          return;
      }
    } catch (err) {
      this.fail(describe(message), err);
    }
  }

  private fail(what: string, err: unknown): void {
    const text = `${what} failed: ${errorMessage(err)}`;
    this.host.log.error(text);
    void this.post({ type: 'error', message: text });
  }

  private queueThumb(ref: string, src: string): void {
    this.pendingThumbs.push({ ref, src });
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const items = this.pendingThumbs;
      this.pendingThumbs = [];
      void this.post({ type: 'thumbs', items });
    }, THUMB_FLUSH_MS);
  }

  private post(message: { type: string } & Record<string, unknown>): Thenable<boolean> {
    return this.pageReady ? this.panel.webview.postMessage(message) : Promise.resolve(false);
  }
}

function key(dataset: DatasetRef): string {
  return `${dataset.projectName}/${dataset.datasetType}`;
}

function describe(message: PageMessage): string {
  switch (message.type) {
    case 'classify':
      return `Marking ${message.refs.length} image(s) ${message.cls}`;
    case 'saveMask':
      return 'Saving the mask';
    case 'open':
      return 'Opening the image';
    case 'renameLabel':
      return `Renaming "${message.from}"`;
    case 'verify':
      return 'Detecting anomalies';
    case 'accept':
      return `Accepting ${message.refs.length} detection(s)`;
    default:
      return message.type === 'undo' ? 'Undo' : 'The gallery';
  }
}
