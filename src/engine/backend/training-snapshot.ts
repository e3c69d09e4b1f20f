// What a model trains from: the labeled entries of its project's datasets as they were when CreateModel accepted
// it. A training that waits in the queue, or runs again after a restart, trains from these; datasets created or
// updated meanwhile change only later models (UpdateDatasetEntries is allowed while a model trains).
import type { BackendContext } from './context';
import type { ModelKey } from './model-runtime';

/** Copies the project's labeled entries for the model; called in CreateModel's transaction. */
export function snapshotTrainingEntries(ctx: BackendContext, { project, version }: ModelKey): void {
  ctx.db.run(
    `INSERT INTO model_entries (project, version, type, seq, line)
     SELECT ?, ?, type, id, line FROM dataset_entries WHERE project = ? AND class IS NOT NULL`,
    project,
    version,
    project,
  );
}

/** The model's entries of one dataset type, in the order they were stored; none when it had no such dataset. */
export function trainingEntries(ctx: BackendContext, { project, version }: ModelKey, type: string): string[] {
  return ctx.db
    .all(
      'SELECT line FROM model_entries WHERE project = ? AND version = ? AND type = ? ORDER BY seq',
      project,
      version,
      type,
    )
    .map((r) => String(r.line));
}

/** Once a model has trained (or failed, or is deleted) its copy is no longer needed. */
export function dropTrainingSnapshot(ctx: BackendContext, { project, version }: ModelKey): void {
  ctx.db.run('DELETE FROM model_entries WHERE project = ? AND version = ?', project, version);
}

/** Drops the copies no training needs any more (a kill between a training's end and its drop leaves one). */
export function dropFinishedSnapshots(ctx: BackendContext): void {
  ctx.db.run(
    `DELETE FROM model_entries WHERE NOT EXISTS (SELECT 1 FROM models m
       WHERE m.project = model_entries.project AND m.version = model_entries.version AND m.status = 'TRAINING')`,
  );
}
