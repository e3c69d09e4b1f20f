import type {
  CreateDatasetRequest,
  DeleteDatasetRequest,
  DescribeDatasetRequest,
  ListDatasetEntriesRequest,
  UpdateDatasetEntriesRequest,
} from '@aws-sdk/client-lookoutvision';
import type { BackendContext, Handler } from './context';
import { conflict, notFound, validation } from '../protocol/errors';
import { idempotent } from './idempotency';
import { requireProject } from './projects';
import { decodeToken, pageSize, toPage } from './paging';
import { parseS3Uri, splitLines } from '../../manifest/core';
import { MAX_IMAGES, datasetType, upsertEntries } from './dataset-entries';
import { EntryChecker } from './entry-checker';
import { startImport } from './manifest-import';

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

function datasetBucket(ctx: BackendContext, project: string, type: string): string | undefined {
  const row = ctx.db.get(
    'SELECT source_ref FROM dataset_entries WHERE project = ? AND type = ? LIMIT 1',
    project,
    type,
  );
  const ref = row && parseS3Uri(String(row.source_ref));
  return ref && typeof ref !== 'string' ? ref.bucket : undefined;
}

function countEntries(ctx: BackendContext, project: string, type: string): number {
  return Number(
    ctx.db.get('SELECT count(*) AS n FROM dataset_entries WHERE project = ? AND type = ?', project, type)!.n,
  );
}

const datasetMetadata = (type: string, row: DatasetRow) => ({
  DatasetType: type,
  CreationTimestamp: row.created,
  Status: row.status,
  StatusMessage: row.status_message ?? undefined,
});

export const CreateDataset: Handler<CreateDatasetRequest> = (ctx, input) => {
  const project = input.ProjectName;
  const type = datasetType(input.DatasetType);
  const manifest = input.DatasetSource?.GroundTruthManifest?.S3Object;
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
    if (manifest) startImport(ctx, project, type);
    return {
      DatasetMetadata: { DatasetType: type, CreationTimestamp: now, Status: status, StatusMessage: message },
    };
  });
};

export const DescribeDataset: Handler<DescribeDatasetRequest> = (ctx, input) => {
  const project = input.ProjectName;
  const type = input.DatasetType;
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

export const DeleteDataset: Handler<DeleteDatasetRequest> = (ctx, input) => {
  const project = input.ProjectName;
  const type = input.DatasetType;
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

export const ListDatasetEntries: Handler<ListDatasetEntriesRequest> = (ctx, input) => {
  const project = input.ProjectName;
  const type = input.DatasetType;
  requireDataset(ctx, project, type);
  const size = pageSize(input);
  const after = Number(decodeToken(`entries:${project}/${type}`, input.NextToken) ?? 0);
  const where = ['project = ?', 'type = ?', 'id > ?'];
  const params: (string | number)[] = [project, type, after];
  if (input.Labeled !== undefined) where.push(input.Labeled ? 'class IS NOT NULL' : 'class IS NULL');
  if (input.AnomalyClass !== undefined) {
    where.push('class = ?');
    params.push(input.AnomalyClass);
  }
  if (input.BeforeCreationDate) {
    where.push('created < ?');
    params.push(input.BeforeCreationDate.getTime() / 1000);
  }
  if (input.AfterCreationDate) {
    where.push('created > ?');
    params.push(input.AfterCreationDate.getTime() / 1000);
  }
  if (input.SourceRefContains !== undefined) {
    where.push('instr(source_ref, ?) > 0');
    params.push(input.SourceRefContains);
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

export const UpdateDatasetEntries: Handler<UpdateDatasetEntriesRequest> = (ctx, input) => {
  const project = input.ProjectName;
  const type = datasetType(input.DatasetType);
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
      const checker = new EntryChecker(ctx.objects, datasetBucket(ctx, project, type));
      // Decoded as before the typing: a leading byte-order mark stays (TextDecoder would drop it silently).
      const bytes = input.Changes;
      const changes = splitLines(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
      );
      changes.every((line, i) => checker.add(line, i));
      if (checker.problems.length > 0)
        throw validation(`The dataset changes are not valid: ${checker.problems.join('; ')}`);
      const lines = checker.lines;
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
