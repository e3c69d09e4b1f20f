// Gathers a project's labeled images (and masks) for training without reading them on the server thread: each
// object's file is hard-linked (or, across file systems, copied) into the training's own directory, so an object
// overwritten or deleted while the model trains changes nothing, and the ML worker reads the files itself.
import { copyFile, link, mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { BackendContext } from '../backend/context';
import type { ModelKey } from '../backend/model-runtime';
import { trainingEntries } from '../backend/training-snapshot';
import { parseEntryLine, type S3Ref } from '../backend/entry-line';
import type { ImageFile, TrainingImage } from '../ml';

export interface TrainingData {
  train: TrainingImage<ImageFile>[];
  test?: TrainingImage<ImageFile>[];
}

/** An image or mask a dataset refers to was deleted from S3 after the dataset was created. */
export class MissingObjectError extends Error {
  constructor(readonly ref: string) {
    super(`${ref} no longer exists in S3; restore it or update the dataset`);
  }
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** Pins the object's current bytes at `target` (object files are replaced on write, never rewritten). */
async function pin(ctx: BackendContext, object: S3Ref, ref: string, target: string): Promise<ImageFile> {
  const file = ctx.objects.file(object.bucket, object.key);
  if (!file) throw new MissingObjectError(ref);
  try {
    await link(file.path, target);
  } catch (err) {
    if (isMissing(err)) throw new MissingObjectError(ref);
    try {
      await copyFile(file.path, target);
    } catch (again) {
      throw isMissing(again) ? new MissingObjectError(ref) : again;
    }
  }
  return { path: target };
}

async function loadDataset(
  ctx: BackendContext,
  lines: string[],
  type: string,
  dir: string,
): Promise<TrainingImage<ImageFile>[]> {
  const images: TrainingImage<ImageFile>[] = [];
  for (const [i, line] of lines.entries()) {
    const facts = parseEntryLine(line);
    if (typeof facts === 'string') throw new Error(`a stored dataset line is no longer valid: ${facts}`);
    const name = join(dir, `${type}-${i}`);
    const image = await pin(ctx, facts.image, facts.sourceRef, name + extname(facts.image.key));
    const mask = facts.mask && {
      ...(await pin(ctx, facts.mask.object, facts.mask.ref, `${name}-mask.png`)),
      labels: facts.mask.labels,
    };
    images.push({ ...image, ref: facts.sourceRef, anomalous: facts.anomalyClass === 'anomaly', mask });
  }
  return images;
}

/**
 * The labeled entries the model trains from (training-snapshot.ts: unlabeled ones are never used, GUIDE §3), their
 * files pinned under `dir` (created; the caller removes it after training).
 */
export async function loadTrainingData(
  ctx: BackendContext,
  model: ModelKey,
  dir: string,
): Promise<TrainingData> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const test = trainingEntries(ctx, model, 'test');
  return {
    train: await loadDataset(ctx, trainingEntries(ctx, model, 'train'), 'train', dir),
    // A project with a test dataset had labeled test images when the model was created (CreateModel's minimums).
    test: test.length > 0 ? await loadDataset(ctx, test, 'test', dir) : undefined,
  };
}
