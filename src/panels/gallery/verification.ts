// Verifying detections from the gallery (the console's trial detection): a hosted model of the project runs over the
// chosen entries a few at a time, in a cancellable progress notification, so the extension host never waits on it;
// each verdict goes to the page as it arrives and stays until the user accepts or corrects it. Undoing that change
// brings the verdict back.
import * as vscode from 'vscode';
import type { ServiceClients } from '../../client/clients';
import { errorMessage } from '../../client/errors';
import {
  hostedModels,
  predictEntry,
  predictionView,
  type Prediction,
  type PredictionView,
} from '../../client/entryPredictions';
import { Limiter } from '../../client/limiter';
import type { ModelRef } from '../../explorer/refs';

/** Detections in flight at once: enough to keep a model's inference units busy, few enough to leave it to others. */
const CONCURRENCY = 3;
/** Verdicts that arrive within this window go to the page in one message (each message re-filters the grid). */
const FLUSH_MS = 100;

type Post = (message: { type: string } & Record<string, unknown>) => unknown;

export interface VerificationRun {
  model: ModelRef;
  predictions: Prediction[];
  failed: number;
  cancelled: boolean;
}

/** The model to verify with: the project's only hosted model, or the one the user picks among them. */
export async function pickHostedModel(
  clients: ServiceClients,
  projectName: string,
): Promise<ModelRef | undefined> {
  const models = await hostedModels(clients.lookout, projectName);
  if (models.length === 0)
    throw new Error(`no model of ${projectName} is hosted: start one (Start Model) to verify detections`);
  if (models.length === 1) return models[0];
  const picked = await vscode.window.showQuickPick(
    models.map((model) => ({ label: `Model ${model.modelVersion}`, model })),
    { title: `Verify detections of which hosted model of ${projectName}?` },
  );
  return picked?.model;
}

export class Verification {
  private readonly predictions = new Map<string, { prediction: Prediction; view: PredictionView }>();
  /** The verdicts each labeling change settled, in the order of the changes: undo takes the last back. */
  private readonly settled: Prediction[][] = [];
  private running: vscode.CancellationTokenSource | undefined;
  private arrived: PredictionView[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly post: Post,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get(ref: string): Prediction | undefined {
    return this.predictions.get(ref)?.prediction;
  }

  views(): PredictionView[] {
    return [...this.predictions.values()].map((p) => p.view);
  }

  cancel(): void {
    this.running?.cancel();
  }

  /** Detects anomalies in `refs` with `model`, a few at a time, until done or cancelled. */
  async run(clients: ServiceClients, model: ModelRef, refs: readonly string[]): Promise<VerificationRun> {
    this.cancel();
    const source = new vscode.CancellationTokenSource();
    this.running = source;
    const abort = new AbortController();
    source.token.onCancellationRequested(() => abort.abort());
    const limiter = new Limiter(CONCURRENCY);
    const predictions: Prediction[] = [];
    const failures: string[] = [];
    let finished = 0;
    const status = (running: boolean) =>
      this.post({
        type: 'verifying',
        model: model.modelVersion,
        done: finished,
        total: refs.length,
        failed: failures.length,
        running,
      });
    status(true);
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Detecting anomalies in ${refs.length} image(s) with model ${model.modelVersion}`,
        cancellable: true,
      },
      (progress, token) => {
        token.onCancellationRequested(() => source.cancel());
        return Promise.all(
          refs.map((ref) =>
            limiter.run(async () => {
              if (source.token.isCancellationRequested) return;
              try {
                const prediction = await predictEntry(clients, model, ref, abort.signal);
                const view = await predictionView(prediction);
                this.predictions.set(ref, { prediction, view });
                predictions.push(prediction);
                this.show(view);
              } catch (err) {
                if (source.token.isCancellationRequested) return;
                failures.push(`${ref}: ${errorMessage(err)}`);
                this.log.warn(`Detecting anomalies in ${ref}: ${errorMessage(err)}`);
              }
              finished++;
              progress.report({ increment: 100 / refs.length, message: `${finished} of ${refs.length}` });
              status(true);
            }),
          ),
        );
      },
    );
    this.flush();
    const cancelled = source.token.isCancellationRequested;
    if (this.running === source) this.running = undefined;
    source.dispose();
    status(false);
    if (failures.length > 0)
      this.post({
        type: 'error',
        message: `Detection failed on ${failures.length} of ${refs.length} image(s) (see the log): ${failures[0]}`,
      });
    return { model, predictions, failed: failures.length, cancelled };
  }

  private show(view: PredictionView): void {
    this.arrived.push(view);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.arrived.length) this.post({ type: 'predictions', items: this.arrived, removed: [] });
    this.arrived = [];
  }

  /** The verdicts on `refs` are settled by a labeling change: they leave the gallery until that change is undone. */
  settle(refs: readonly string[]): void {
    const gone = refs.flatMap((ref) => {
      const known = this.predictions.get(ref);
      this.predictions.delete(ref);
      return known ? [known.prediction] : [];
    });
    this.settled.push(gone);
    if (gone.length) this.post({ type: 'predictions', items: [], removed: gone.map((p) => p.ref) });
  }

  /** The last change was undone: the verdicts it settled come back. */
  async unsettle(): Promise<void> {
    const back = this.settled.pop() ?? [];
    const items = await Promise.all(back.map((prediction) => predictionView(prediction)));
    items.forEach((view, i) => this.predictions.set(view.ref, { prediction: back[i]!, view }));
    if (items.length) this.post({ type: 'predictions', items, removed: [] });
  }
}
