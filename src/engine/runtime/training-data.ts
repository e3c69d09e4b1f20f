// Gathers a project's labeled images (and masks) from the engine's S3 store for training.
import type { BackendContext } from '../backend/context';
import { parseEntryLine } from '../backend/entry-line';
import type { TrainingImage } from '../ml';

export interface TrainingData {
  train: TrainingImage[];
  test?: TrainingImage[];
}

function loadDataset(ctx: BackendContext, project: string, type: string): TrainingImage[] {
  const images: TrainingImage[] = [];
  // Unlabeled entries are imported but never used for training (GUIDE §3).
  for (const row of ctx.db.all(
    'SELECT line FROM dataset_entries WHERE project = ? AND type = ? AND class IS NOT NULL ORDER BY id',
    project,
    type,
  )) {
    const facts = parseEntryLine(String(row.line));
    if (typeof facts === 'string') throw new Error(`a stored dataset line is no longer valid: ${facts}`);
    const image = ctx.objects.get(facts.image.bucket, facts.image.key);
    if (!image) throw new MissingObjectError(facts.sourceRef);
    const entry: TrainingImage = {
      ref: facts.sourceRef,
      bytes: image.body,
      anomalous: facts.anomalyClass === 'anomaly',
    };
    if (facts.mask) {
      const mask = ctx.objects.get(facts.mask.object.bucket, facts.mask.object.key);
      if (!mask) throw new MissingObjectError(facts.mask.ref);
      entry.mask = { bytes: mask.body, labels: facts.mask.labels };
    }
    images.push(entry);
  }
  return images;
}

/** An image or mask a dataset refers to was deleted from S3 after the dataset was created. */
export class MissingObjectError extends Error {
  constructor(readonly ref: string) {
    super(`${ref} no longer exists in S3; restore it or update the dataset`);
  }
}

export function loadTrainingData(ctx: BackendContext, project: string): TrainingData {
  const hasTest =
    ctx.db.get("SELECT 1 AS x FROM datasets WHERE project = ? AND type = 'test'", project) !== undefined;
  return {
    train: loadDataset(ctx, project, 'train'),
    test: hasTest ? loadDataset(ctx, project, 'test') : undefined,
  };
}
