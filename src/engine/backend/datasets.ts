import type { BackendContext, Handler, Input } from './context';
import { conflict, notFound, validation } from '../protocol/errors';
import { idempotent } from './idempotency';
import { requireProject } from './projects';
import { decodeToken, pageSize, toPage } from './paging';
import { toEntryFacts, type EntryFacts } from './entry-line';
import { ManifestModel } from '../../manifest/core';

type DatasetType = 'train' | 'test';

// GUIDE §3 "Model quotas": images per dataset.
const MAX_IMAGES: Record<DatasetType, number> = { train: 16000, test: 4000 };
const IN_PROGRESS = new Set(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'DELETE_IN_PROGRESS']);

interface DatasetRow {
  created: number;
  updated: number;
  status: string;
  status_message: string | null;
  source_json: string | null;
  [key: string]: string | number | null;
}

export function requireDataset(ctx: BackendContext, project: string, type: string): DatasetRow {
  requireProject(ctx, project);
  const row = ctx.db.get<DatasetRow>('SELECT * FROM datasets WHERE project = ? AND type = ?', project, type);
  if (!row)
    throw notFound(
      'DATASET',
      `${project}/${type}`,
      `The ${type} dataset of project ${project} does not exist`,
    );
  return row;
}

interface CheckedLine {
  facts: EntryFacts;
  line: string;
}

const MAX_PROBLEMS = 5;

/**
 * Applies the service's rules to a batch of JSON lines: the manifest validator's errors (per line and across lines:
 * one bucket, one kind of line), then what only the engine knows: images and masks exist in its S3 store and share
 * the bucket of the dataset's existing images. A source-ref given twice keeps its last line, as updates do.
 * Returns the first problems found, each naming its line.
 */
function checkLines(
  ctx: BackendContext,
  text: string,
  existingBucket: string | undefined,
): { lines: CheckedLine[]; problems: string[] } {
  const model = new ManifestModel(text);
  const found: { line: number; message: string }[] = model
    .diagnostics()
    .filter((d) => d.severity === 'error')
    .slice(0, MAX_PROBLEMS)
    .map((d) => ({ line: d.line, message: d.message }));
  const bySource = new Map<string, CheckedLine>();
  for (const { line, facts } of model.entries()) {
    if (found.length >= MAX_PROBLEMS) break;
    if (!facts.sourceRef || model.lineResult(line)?.hasErrors) continue;
    const entry = toEntryFacts(facts);
    if (existingBucket !== undefined && entry.image.bucket !== existingBucket) {
      found.push({
        line,
        message: `image ${entry.sourceRef} is not in bucket ${existingBucket}; all images of a dataset must be in the same bucket`,
      });
    } else if (!ctx.objects.head(entry.image.bucket, entry.image.key)) {
      found.push({ line, message: `image ${entry.sourceRef} does not exist` });
    } else if (entry.mask && !ctx.objects.head(entry.mask.object.bucket, entry.mask.object.key)) {
      found.push({ line, message: `mask ${entry.mask.ref} does not exist` });
    } else {
      bySource.delete(entry.sourceRef);
      bySource.set(entry.sourceRef, { facts: entry, line: model.lineText(line).replace(/\r$/, '') });
    }
  }
  const problems = found.sort((a, b) => a.line - b.line).map((p) => `line ${p.line + 1}: ${p.message}`);
  return { lines: [...bySource.values()], problems };
}

function datasetBucket(ctx: BackendContext, project: string, type: string): string | undefined {
  const row = ctx.db.get(
    'SELECT source_ref FROM dataset_entries WHERE project = ? AND type = ? LIMIT 1',
    project,
    type,
  );
  return row ? /^s3:\/\/([^/]+)\//.exec(String(row.source_ref))?.[1] : undefined;
}

function upsertEntries(
  ctx: BackendContext,
  project: string,
  type: string,
  lines: CheckedLine[],
  now: number,
): void {
  for (const { facts, line } of lines) {
    ctx.db.run(
      `INSERT INTO dataset_entries (project, type, source_ref, line, class, created) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (project, type, source_ref) DO UPDATE SET line = excluded.line, class = excluded.class`,
      project,
      type,
      facts.sourceRef,
      line,
      facts.anomalyClass ?? null,
      now,
    );
  }
}

function countEntries(ctx: BackendContext, project: string, type: string): number {
  return Number(
    ctx.db.get('SELECT count(*) AS n FROM dataset_entries WHERE project = ? AND type = ?', project, type)!.n,
  );
}

/** Imports a Ground Truth manifest into a dataset in CREATE_IN_PROGRESS; all or nothing. */
export function importManifest(ctx: BackendContext, project: string, type: DatasetType): void {
  const row = ctx.db.get<DatasetRow>('SELECT * FROM datasets WHERE project = ? AND type = ?', project, type);
  if (!row || row.status !== 'CREATE_IN_PROGRESS' || !row.source_json) return;
  const { Bucket, Key } = JSON.parse(row.source_json) as { Bucket: string; Key: string };
  const finish = (status: string, message: string, lines: CheckedLine[] = []) =>
    ctx.db.transaction(() => {
      upsertEntries(ctx, project, type, lines, ctx.now());
      ctx.db.run(
        'UPDATE datasets SET status = ?, status_message = ?, updated = ? WHERE project = ? AND type = ?',
        status,
        message,
        ctx.now(),
        project,
        type,
      );
    });
  const manifest = ctx.objects.get(Bucket, Key);
  if (!manifest) return finish('CREATE_FAILED', `The manifest file s3://${Bucket}/${Key} does not exist`);
  const { lines, problems } = checkLines(ctx, manifest.body.toString('utf8'), undefined);
  if (problems.length > 0)
    return finish(
      'CREATE_FAILED',
      `The manifest file s3://${Bucket}/${Key} is not valid: ${problems.join('; ')}`,
    );
  if (lines.length === 0)
    return finish('CREATE_FAILED', `The manifest file s3://${Bucket}/${Key} has no JSON lines`);
  if (lines.length > MAX_IMAGES[type])
    return finish(
      'CREATE_FAILED',
      `The manifest has ${lines.length} images; a ${type} dataset holds at most ${MAX_IMAGES[type]}`,
    );
  ctx.log(`dataset ${project}/${type}: imported ${lines.length} entries from s3://${Bucket}/${Key}`);
  finish('CREATE_COMPLETE', `Dataset created from s3://${Bucket}/${Key} with ${lines.length} images`, lines);
}

/** Finishes imports a stop or crash interrupted (they are all-or-nothing, so they simply run again). */
export function resumeImports(ctx: BackendContext): void {
  for (const row of ctx.db.all("SELECT project, type FROM datasets WHERE status = 'CREATE_IN_PROGRESS'")) {
    importManifest(ctx, String(row.project), row.type as DatasetType);
  }
}

const datasetMetadata = (type: string, row: DatasetRow) => ({
  DatasetType: type,
  CreationTimestamp: row.created,
  Status: row.status,
  StatusMessage: row.status_message ?? undefined,
});

export const CreateDataset: Handler = (ctx, input) => {
  const project = input.ProjectName as string;
  const type = input.DatasetType as DatasetType;
  const manifest = (
    input.DatasetSource as
      { GroundTruthManifest?: { S3Object?: { Bucket: string; Key: string } } } | undefined
  )?.GroundTruthManifest?.S3Object;
  return idempotent(ctx, 'CreateDataset', input, { type: 'DATASET', id: `${project}/${type}` }, () => {
    requireProject(ctx, project);
    const now = ctx.now();
    const status = manifest ? 'CREATE_IN_PROGRESS' : 'CREATE_COMPLETE';
    const message = manifest ? 'Importing the manifest' : 'Created an empty dataset';
    const inserted = ctx.db.run(
      'INSERT OR IGNORE INTO datasets (project, type, created, updated, status, status_message, source_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      project,
      type,
      now,
      now,
      status,
      message,
      manifest ? JSON.stringify({ Bucket: manifest.Bucket, Key: manifest.Key }) : null,
    );
    if (inserted === 0)
      throw conflict('DATASET', `${project}/${type}`, `Project ${project} already has a ${type} dataset`);
    if (manifest) setImmediate(() => importManifest(ctx, project, type));
    return {
      DatasetMetadata: { DatasetType: type, CreationTimestamp: now, Status: status, StatusMessage: message },
    };
  });
};

export const DescribeDataset: Handler = (ctx, input) => {
  const project = input.ProjectName as string;
  const type = input.DatasetType as string;
  const row = requireDataset(ctx, project, type);
  const stats = ctx.db.get(
    `SELECT count(*) AS total, count(class) AS labeled, coalesce(sum(class = 'normal'), 0) AS normal,
            coalesce(sum(class = 'anomaly'), 0) AS anomaly
     FROM dataset_entries WHERE project = ? AND type = ?`,
    project,
    type,
  )!;
  return {
    DatasetDescription: {
      ProjectName: project,
      ...datasetMetadata(type, row),
      LastUpdatedTimestamp: row.updated,
      ImageStats: {
        Total: stats.total,
        Labeled: stats.labeled,
        Normal: stats.normal,
        Anomaly: stats.anomaly,
      },
    },
  };
};

export const DeleteDataset: Handler = (ctx, input) => {
  const project = input.ProjectName as string;
  const type = input.DatasetType as string;
  return idempotent(ctx, 'DeleteDataset', input, { type: 'DATASET', id: `${project}/${type}` }, () =>
    ctx.db.transaction(() => {
      const row = requireDataset(ctx, project, type);
      if (IN_PROGRESS.has(row.status))
        throw conflict(
          'DATASET',
          `${project}/${type}`,
          `The ${type} dataset of project ${project} is ${row.status}; try again when it finishes`,
        );
      const training = ctx.db.get(
        "SELECT version FROM models WHERE project = ? AND status = 'TRAINING'",
        project,
      );
      if (training)
        throw conflict(
          'DATASET',
          `${project}/${type}`,
          `Model version ${training.version} of project ${project} is training from this dataset`,
        );
      ctx.db.run('DELETE FROM dataset_entries WHERE project = ? AND type = ?', project, type);
      ctx.db.run('DELETE FROM datasets WHERE project = ? AND type = ?', project, type);
      return {};
    }),
  );
};

export const ListDatasetEntries: Handler = (ctx, input: Input) => {
  const project = input.ProjectName as string;
  const type = input.DatasetType as string;
  requireDataset(ctx, project, type);
  const size = pageSize(input);
  const after = Number(decodeToken(`entries:${project}/${type}`, input.NextToken) ?? 0);
  const where = ['project = ?', 'type = ?', 'id > ?'];
  const params: (string | number)[] = [project, type, after];
  if (input.Labeled !== undefined) where.push(input.Labeled ? 'class IS NOT NULL' : 'class IS NULL');
  if (input.AnomalyClass !== undefined) {
    where.push('class = ?');
    params.push(input.AnomalyClass as string);
  }
  if (input.BeforeCreationDate instanceof Date) {
    where.push('created < ?');
    params.push(input.BeforeCreationDate.getTime() / 1000);
  }
  if (input.AfterCreationDate instanceof Date) {
    where.push('created > ?');
    params.push(input.AfterCreationDate.getTime() / 1000);
  }
  if (input.SourceRefContains !== undefined) {
    where.push('instr(source_ref, ?) > 0');
    params.push(input.SourceRefContains as string);
  }
  const rows = ctx.db.all(
    `SELECT id, line FROM dataset_entries WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`,
    ...params,
    size + 1,
  );
  const page = toPage(
    rows,
    size,
    `entries:${project}/${type}`,
    (r) => Number(r.id),
    (r) => String(r.line),
  );
  return { DatasetEntries: page.items, NextToken: page.nextToken };
};

export const UpdateDatasetEntries: Handler = (ctx, input) => {
  const project = input.ProjectName as string;
  const type = input.DatasetType as DatasetType;
  return idempotent(ctx, 'UpdateDatasetEntries', input, { type: 'DATASET', id: `${project}/${type}` }, () =>
    ctx.db.transaction(() => {
      const row = requireDataset(ctx, project, type);
      if (IN_PROGRESS.has(row.status) || row.status === 'CREATE_FAILED') {
        throw conflict(
          'DATASET',
          `${project}/${type}`,
          `The ${type} dataset of project ${project} is ${row.status} and cannot be updated`,
        );
      }
      const text = (input.Changes as Buffer).toString('utf8');
      const { lines, problems } = checkLines(ctx, text, datasetBucket(ctx, project, type));
      if (problems.length > 0) throw validation(`The dataset changes are not valid: ${problems.join('; ')}`);
      if (lines.length === 0) throw validation('The dataset changes hold no JSON lines');
      const now = ctx.now();
      upsertEntries(ctx, project, type, lines, now);
      const total = countEntries(ctx, project, type);
      if (total > MAX_IMAGES[type])
        throw validation(
          `The ${type} dataset would hold ${total} images; the maximum is ${MAX_IMAGES[type]}`,
        );
      ctx.db.run(
        "UPDATE datasets SET status = 'UPDATE_COMPLETE', status_message = ?, updated = ? WHERE project = ? AND type = ?",
        `Added or replaced ${lines.length} entries`,
        now,
        project,
        type,
      );
      return { Status: 'UPDATE_COMPLETE' };
    }),
  );
};
