// Trains and hosts models on this machine. Trainings run one at a time in a worker thread; model files are written
// to a scratch directory and renamed into place only when complete, so a kill at any moment leaves either a whole
// model or none. State changes go to the store, which is the source of truth after a restart.
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendContext } from '../backend/context';
import type { DetectOutput, ModelKey, ModelRuntime } from '../backend/model-runtime';
import { setModelStatus, setTrainingProgress } from '../backend/models';
import { modelArn } from '../backend/arn';
import { dropFinishedSnapshots, dropTrainingSnapshot } from '../backend/training-snapshot';
import { conflict, validation } from '../protocol/errors';
import { ClosedError, DatasetRuleError, ImageRuleError, trainModelInWorker } from '../ml';
import { loadTrainingData, MissingObjectError } from './training-data';
import { evaluationFiles } from './evaluation-output';
import { HostedModel } from './hosted-model';
import { Throttle } from './throttle';
import { errorMessage, runInBackground } from '../backend/background';

// One seed for every training: the same dataset always gives the same model.
const TRAINING_SEED = 20201120;

const keyOf = (m: ModelKey) => `${m.project}/${m.version}`;

/** Closes a hosted model once it has opened; one that failed to open has nothing to close. */
const closeHosted = (hosted: Promise<HostedModel> | undefined): Promise<void> =>
  hosted ? hosted.then((h) => h.close()).catch(() => undefined) : Promise.resolve();

/** Removes `dir` when nothing is left in it (a project's folder once its last model is deleted). */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty (a stopped training's files go when it ends; the next start sweeps the folder), or already gone.
  }
}

/** Model states a restart must act on. */
const RECOVERABLE = new Set(['TRAINING', 'STARTING_HOSTING', 'HOSTED', 'STOPPING_HOSTING']);

export class LocalRuntime implements ModelRuntime {
  private readonly queue: ModelKey[] = [];
  private current: { model: ModelKey; abort: AbortController } | undefined;
  private readonly hosted = new Map<string, Promise<HostedModel>>();
  /** Models StopModel took out of `hosted` whose inference units are still closing: close() waits for them too. */
  private readonly unhosting = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly ctx: () => BackendContext,
    private readonly modelsDir: string,
  ) {
    mkdirSync(modelsDir, { recursive: true, mode: 0o700 });
  }

  modelDir(model: ModelKey): string {
    return join(this.modelsDir, model.project, String(model.version));
  }

  /** Puts every model back in a consistent state after a stop or crash; a model that cannot be is marked failed. */
  recover(): void {
    const ctx = this.ctx();
    dropFinishedSnapshots(ctx);
    try {
      this.removeOrphans();
    } catch (err) {
      // Leftover files only take room: the engine starts anyway.
      ctx.log(`could not remove the files of deleted models: ${errorMessage(err)}`);
    }
    for (const row of ctx.db.all('SELECT project, version, status, min_units, max_units FROM models')) {
      const model = { project: String(row.project), version: Number(row.version) };
      const status = String(row.status);
      if (!RECOVERABLE.has(status)) continue;
      runInBackground(
        ctx,
        `recovery of model ${keyOf(model)} (${status})`,
        () => this.recoverModel(model, status, { min: row.min_units, max: row.max_units }),
        (err) =>
          setModelStatus(
            ctx,
            model.project,
            model.version,
            status === 'TRAINING' ? 'TRAINING_FAILED' : 'HOSTING_FAILED',
            `The engine could not resume the model after a restart: ${errorMessage(err)}`,
          ),
      );
    }
  }

  private recoverModel(
    model: ModelKey,
    status: string,
    units: { min: string | number | null; max: string | number | null },
  ): void {
    switch (status) {
      case 'TRAINING':
        // Training is deterministic and all-or-nothing: run it again from the start.
        this.ctx().log(`model ${keyOf(model)}: training was interrupted; training again`);
        this.train(model);
        break;
      case 'STARTING_HOSTING':
      case 'HOSTED':
        this.host(model, { min: Number(units.min ?? 1), max: Number(units.max ?? units.min ?? 1) });
        break;
      case 'STOPPING_HOSTING':
        setModelStatus(this.ctx(), model.project, model.version, 'TRAINED', 'Stopped');
        break;
    }
  }

  train(model: ModelKey): void {
    this.queue.push(model);
    runInBackground(this.ctx(), 'the training queue', () => this.drain());
  }

  remove(model: ModelKey): void {
    const i = this.queue.findIndex((m) => keyOf(m) === keyOf(model));
    if (i >= 0) this.queue.splice(i, 1);
    // A training stopped here removes its own scratch files when it ends.
    if (this.current && keyOf(this.current.model) === keyOf(model)) this.current.abort.abort();
    rmSync(this.modelDir(model), { recursive: true, force: true });
    removeIfEmpty(join(this.modelsDir, model.project));
  }

  /**
   * Removes the files of models the store no longer has: a kill between DeleteModel's rows and its files, or files
   * from before models' files were removed with them. A model's files are named for its version (the model itself,
   * and the scratch and image folders of a training).
   */
  private removeOrphans(): void {
    const known = new Set(
      this.ctx()
        .db.all('SELECT project, version FROM models')
        .map((r) => `${String(r.project)}/${Number(r.version)}`),
    );
    for (const project of readdirSync(this.modelsDir, { withFileTypes: true })) {
      if (!project.isDirectory()) continue;
      const dir = join(this.modelsDir, project.name);
      for (const entry of readdirSync(dir)) {
        if (!known.has(`${project.name}/${Number(/^\d+/.exec(entry)?.[0])}`))
          rmSync(join(dir, entry), { recursive: true, force: true });
      }
      removeIfEmpty(dir);
    }
  }

  private async drain(): Promise<void> {
    if (this.current || this.closed) return;
    const model = this.queue.shift();
    if (!model) return;
    this.current = { model, abort: new AbortController() };
    try {
      await this.runTraining(model, this.current.abort.signal);
    } finally {
      this.current = undefined;
      runInBackground(this.ctx(), 'the training queue', () => this.drain());
    }
  }

  private stillTraining(model: ModelKey): boolean {
    return (
      this.ctx().db.get(
        "SELECT 1 AS x FROM models WHERE project = ? AND version = ? AND status = 'TRAINING'",
        model.project,
        model.version,
      ) !== undefined
    );
  }

  private async runTraining(model: ModelKey, signal: AbortSignal): Promise<void> {
    const ctx = this.ctx();
    if (!this.stillTraining(model)) return;
    const finalDir = this.modelDir(model);
    const scratch = `${finalDir}.partial`;
    // The images the training reads, pinned apart from the model files (which packaging copies whole).
    const imagesDir = `${finalDir}.images`;
    const started = Date.now();
    const progress = new Throttle((note) => {
      // A note is only a courtesy: failing to write it must not fail the training.
      try {
        setTrainingProgress(ctx, model.project, model.version, note);
      } catch (err) {
        ctx.log(`model ${keyOf(model)}: progress not recorded: ${errorMessage(err)}`);
      }
    });
    try {
      for (const dir of [scratch, finalDir, imagesDir]) rmSync(dir, { recursive: true, force: true });
      mkdirSync(scratch, { recursive: true, mode: 0o700 });
      progress.note('reading the datasets');
      const data = await loadTrainingData(ctx, model, imagesDir);
      ctx.log(
        `model ${keyOf(model)}: training on ${data.train.length} images${data.test ? ` (test ${data.test.length})` : ''}`,
      );
      const result = await trainModelInWorker(
        { ...data, seed: TRAINING_SEED, modelDir: scratch, onProgress: (note) => progress.note(note) },
        signal,
      );
      if (signal.aborted || this.closed || !this.stillTraining(model)) return;
      renameSync(scratch, finalDir);
      const row = ctx.db.get(
        'SELECT output_json FROM models WHERE project = ? AND version = ?',
        model.project,
        model.version,
      )!;
      const output = (
        JSON.parse(String(row.output_json)) as { S3Location: { Bucket: string; Prefix?: string } }
      ).S3Location;
      const endTime = new Date();
      const files = evaluationFiles(result, {
        ...model,
        arn: modelArn(ctx, model.project, model.version),
        bucket: output.Bucket,
        prefix: output.Prefix,
        endTime,
      });
      // Masks first: the manifest references them.
      for (const mask of files.masks) {
        const bytes = Buffer.from(mask.bytes.buffer, mask.bytes.byteOffset, mask.bytes.byteLength);
        await ctx.objects.put(output.Bucket, mask.key, bytes, 'image/png');
      }
      await ctx.objects.put(
        output.Bucket,
        files.manifestKey,
        Buffer.from(files.manifest),
        'application/jsonlines',
      );
      await ctx.objects.put(output.Bucket, files.resultKey, Buffer.from(files.result), 'application/json');
      // Deleted, or the engine stopping, while the files were written.
      if (signal.aborted || this.closed || !this.stillTraining(model)) return;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      setModelStatus(
        ctx,
        model.project,
        model.version,
        'TRAINED',
        `Training completed in ${seconds} s (${result.modelType} model)`,
        {
          performance_json: JSON.stringify({
            F1Score: result.performance.f1,
            Recall: result.performance.recall,
            Precision: result.performance.precision,
          }),
          evaluation_manifest_json: JSON.stringify({ Bucket: output.Bucket, Key: files.manifestKey }),
          evaluation_result_json: JSON.stringify({ Bucket: output.Bucket, Key: files.resultKey }),
          evaluation_end: endTime.getTime() / 1000,
          model_type: result.modelType,
        },
      );
      ctx.log(`model ${keyOf(model)}: trained in ${seconds} s, F1 ${result.performance.f1.toFixed(3)}`);
    } catch (err) {
      if (signal.aborted || this.closed) return;
      const known = err instanceof DatasetRuleError || err instanceof MissingObjectError;
      if (!known) ctx.log(`model ${keyOf(model)}: training failed: ${(err as Error).stack ?? String(err)}`);
      if (this.stillTraining(model)) {
        setModelStatus(
          ctx,
          model.project,
          model.version,
          'TRAINING_FAILED',
          known ? (err as Error).message : `Training failed unexpectedly: ${(err as Error).message}`,
        );
      }
    } finally {
      progress.stop();
      rmSync(scratch, { recursive: true, force: true });
      rmSync(imagesDir, { recursive: true, force: true });
      // Kept while the model is still TRAINING (the engine is stopping): the next start trains it from them again.
      if (!this.closed && !this.stillTraining(model)) dropTrainingSnapshot(ctx, model);
    }
  }

  host(model: ModelKey, units: { min: number; max: number }): void {
    const ctx = this.ctx();
    const key = keyOf(model);
    const opening = (async () => {
      await closeHosted(this.hosted.get(key));
      if (!existsSync(this.modelDir(model))) throw new Error('the model files are missing');
      return HostedModel.open(this.modelDir(model), units);
    })();
    this.hosted.set(key, opening);
    // Its failure is handled below, a turn later: not an unhandled rejection meanwhile.
    opening.catch(() => undefined);
    runInBackground(ctx, `hosting of model ${key}`, async () => {
      let hosted: HostedModel;
      try {
        hosted = await opening;
      } catch (err) {
        if (this.hosted.get(key) !== opening) return;
        this.hosted.delete(key);
        setModelStatus(
          ctx,
          model.project,
          model.version,
          'HOSTING_FAILED',
          `Hosting failed: ${errorMessage(err)}`,
        );
        return;
      }
      if (this.hosted.get(key) !== opening) return;
      setModelStatus(
        ctx,
        model.project,
        model.version,
        'HOSTED',
        `Hosted on ${hosted.unitCount} inference unit${hosted.unitCount > 1 ? 's' : ''}`,
      );
      ctx.log(`model ${key}: hosted on ${hosted.unitCount} inference units (max ${units.max})`);
    });
  }

  unhost(model: ModelKey): void {
    const key = keyOf(model);
    const hosted = this.hosted.get(key);
    this.hosted.delete(key);
    // Closed from here rather than in the background job, which the engine skips once it is stopping: the units'
    // worker threads would outlive it.
    const closing = closeHosted(hosted);
    this.unhosting.add(closing);
    void closing.then(() => this.unhosting.delete(closing));
    const ctx = this.ctx();
    runInBackground(ctx, `stopping model ${key}`, async () => {
      await closing;
      setModelStatus(ctx, model.project, model.version, 'TRAINED', 'Stopped');
    });
  }

  async detect(model: ModelKey, image: Buffer): Promise<DetectOutput> {
    const hosted = this.hosted.get(keyOf(model));
    if (!hosted) throw validation(`Model ${keyOf(model)} is not loaded`);
    try {
      return await (await hosted).detect(image);
    } catch (err) {
      if (err instanceof ImageRuleError) throw validation(err.message);
      // The model stopped hosting while the image waited: the same answer as for any model that is not hosted.
      if (err instanceof ClosedError) {
        throw conflict(
          'MODEL',
          keyOf(model),
          `Model version ${model.version} of project ${model.project} stopped hosting before it analysed the image; start it with StartModel first`,
        );
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.current?.abort.abort();
    const all = [...this.hosted.values()];
    this.hosted.clear();
    await Promise.all([...all.map(closeHosted), ...this.unhosting]);
  }
}
