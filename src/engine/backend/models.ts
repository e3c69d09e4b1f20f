import type {
  CreateModelRequest,
  DeleteModelRequest,
  DescribeModelRequest,
  DetectAnomaliesRequest,
  ListModelsRequest,
  StartModelRequest,
  StopModelRequest,
} from '@aws-sdk/client-lookoutvision';
import type { BackendContext, Handler, WithBytes } from './context';
import { conflict, notFound, validation } from '../protocol/errors';
import type { Row } from '../store/database';
import { modelArn } from './arn';
import { idempotent } from './idempotency';
import { requireProject } from './projects';
import { decodeToken, pageSize, toPage } from './paging';
import { putTags } from './tags';
import { dropTrainingSnapshot, snapshotTrainingEntries } from './training-snapshot';
import { runInBackground } from './background';
import { requireWritableKeys } from './output-keys';
import { longestEvaluationKeys } from '../runtime/evaluation-output';
import {
  MIN_SEPARATE_TEST_ANOMALOUS,
  MIN_SEPARATE_TEST_NORMAL,
  MIN_SEPARATE_TRAIN_NORMAL,
  MIN_SINGLE_ANOMALOUS,
  MIN_SINGLE_NORMAL,
} from '../ml/dataset';

// GUIDE §3: labeled images needed before training can start (checked again, per label, by training itself).
const MINIMUMS = {
  single: { normal: MIN_SINGLE_NORMAL, anomaly: MIN_SINGLE_ANOMALOUS },
  train: { normal: MIN_SEPARATE_TRAIN_NORMAL, anomaly: 0 },
  test: { normal: MIN_SEPARATE_TEST_NORMAL, anomaly: MIN_SEPARATE_TEST_ANOMALOUS },
};
const MAX_INFERENCE_UNITS = 8;
const HOSTING_STATES = new Set(['STARTING_HOSTING', 'HOSTED', 'STOPPING_HOSTING']);

interface ModelRow extends Row {
  project: string;
  version: number;
  created: number;
  description: string | null;
  status: string;
  status_message: string | null;
  performance_json: string | null;
  output_json: string;
  evaluation_manifest_json: string | null;
  evaluation_result_json: string | null;
  evaluation_end: number | null;
  kms_key_id: string | null;
  min_units: number | null;
  max_units: number | null;
}

export function findModel(ctx: BackendContext, project: string, version: string | number): ModelRow {
  requireProject(ctx, project);
  const row =
    version === 'latest'
      ? ctx.db.get<ModelRow>('SELECT * FROM models WHERE project = ? ORDER BY version DESC LIMIT 1', project)
      : ctx.db.get<ModelRow>(
          'SELECT * FROM models WHERE project = ? AND version = ?',
          project,
          Number(version),
        );
  if (!row)
    throw notFound(
      'MODEL',
      `${project}/${version}`,
      `Model version ${version} of project ${project} not found`,
    );
  return row;
}

export function setModelStatus(
  ctx: BackendContext,
  project: string,
  version: number,
  status: string,
  message: string,
  extra: Record<string, string | number | null> = {},
): void {
  const columns = Object.keys(extra);
  ctx.db.run(
    `UPDATE models SET status = ?, status_message = ?${columns.map((c) => `, ${c} = ?`).join('')} WHERE project = ? AND version = ?`,
    status,
    message,
    ...columns.map((c) => extra[c]!),
    project,
    version,
  );
}

/** Notes how far a training has got in its status message, while it is still TRAINING. */
export function setTrainingProgress(
  ctx: BackendContext,
  project: string,
  version: number,
  note: string,
): void {
  ctx.db.run(
    "UPDATE models SET status_message = ? WHERE project = ? AND version = ? AND status = 'TRAINING'",
    `Training: ${note}`,
    project,
    version,
  );
}

const parse = (json: string | null) => (json ? (JSON.parse(json) as object) : undefined);

function metadata(ctx: BackendContext, row: ModelRow) {
  return {
    CreationTimestamp: row.created,
    ModelVersion: String(row.version),
    ModelArn: modelArn(ctx, row.project, row.version),
    Description: row.description ?? undefined,
    Status: row.status,
    StatusMessage: row.status_message ?? undefined,
    Performance: parse(row.performance_json),
  };
}

function checkMinimums(ctx: BackendContext, project: string, hasTest: boolean): void {
  const count = (type: string) => {
    const r = ctx.db.get(
      `SELECT coalesce(sum(class = 'normal'), 0) AS normal, coalesce(sum(class = 'anomaly'), 0) AS anomaly
       FROM dataset_entries WHERE project = ? AND type = ?`,
      project,
      type,
    )!;
    return { normal: Number(r.normal), anomaly: Number(r.anomaly) };
  };
  const checks = hasTest
    ? ([
        ['train', 'training dataset', MINIMUMS.train],
        ['test', 'test dataset', MINIMUMS.test],
      ] as const)
    : ([['train', 'dataset', MINIMUMS.single]] as const);
  const problems: string[] = [];
  for (const [type, name, need] of checks) {
    const have = count(type);
    if (have.normal < need.normal)
      problems.push(`the ${name} has ${have.normal} normal images, at least ${need.normal} are needed`);
    if (have.anomaly < need.anomaly)
      problems.push(`the ${name} has ${have.anomaly} anomalous images, at least ${need.anomaly} are needed`);
  }
  if (problems.length > 0) throw validation(`Not enough labeled images to train: ${problems.join('; ')}`);
}

export const CreateModel: Handler<CreateModelRequest> = (ctx, input) => {
  const project = input.ProjectName;
  const output = input.OutputConfig.S3Location;
  return idempotent(ctx, 'CreateModel', input, { type: 'MODEL', id: project }, () =>
    ctx.db.transaction(() => {
      requireProject(ctx, project);
      const datasets = ctx.db.all('SELECT type, status FROM datasets WHERE project = ?', project);
      if (!datasets.some((d) => d.type === 'train'))
        throw validation(`Project ${project} has no train dataset to train from`);
      for (const d of datasets) {
        if (d.status !== 'CREATE_COMPLETE' && d.status !== 'UPDATE_COMPLETE') {
          throw conflict(
            'DATASET',
            `${project}/${d.type}`,
            `The ${d.type} dataset of project ${project} is ${d.status}; it must be complete before training`,
          );
        }
      }
      checkMinimums(
        ctx,
        project,
        datasets.some((d) => d.type === 'test'),
      );
      if (!ctx.objects.bucketExists(output.Bucket))
        throw validation(`The output bucket ${output.Bucket} does not exist`);
      const version = Number(
        ctx.db.get('SELECT next_model_version AS v FROM projects WHERE name = ?', project)!.v,
      );
      requireWritableKeys(
        'OutputConfig.S3Location.Prefix',
        longestEvaluationKeys(output.Prefix, project, version),
      );
      ctx.db.run('UPDATE projects SET next_model_version = ? WHERE name = ?', version + 1, project);
      const now = ctx.now();
      ctx.db.run(
        `INSERT INTO models (project, version, created, description, status, status_message, output_json, kms_key_id)
         VALUES (?, ?, ?, ?, 'TRAINING', 'Training started', ?, ?)`,
        project,
        version,
        now,
        input.Description ?? null,
        JSON.stringify({ S3Location: output }),
        input.KmsKeyId ?? null,
      );
      if (input.Tags) putTags(ctx, { project, version }, input.Tags);
      snapshotTrainingEntries(ctx, { project, version });
      runInBackground(ctx, `training of model ${project}/${version}`, () =>
        ctx.runtime.train({ project, version }),
      );
      return { ModelMetadata: metadata(ctx, findModel(ctx, project, version)) };
    }),
  );
};

export const DescribeModel: Handler<DescribeModelRequest> = (ctx, input) => {
  const row = findModel(ctx, input.ProjectName, input.ModelVersion);
  return {
    ModelDescription: {
      ...metadata(ctx, row),
      OutputConfig: parse(row.output_json),
      EvaluationManifest: parse(row.evaluation_manifest_json),
      EvaluationResult: parse(row.evaluation_result_json),
      EvaluationEndTimestamp: row.evaluation_end ?? undefined,
      KmsKeyId: row.kms_key_id ?? undefined,
      MinInferenceUnits: row.min_units ?? undefined,
      MaxInferenceUnits: row.max_units ?? undefined,
    },
  };
};

export const ListModels: Handler<ListModelsRequest> = (ctx, input) => {
  const project = input.ProjectName;
  requireProject(ctx, project);
  const size = pageSize(input);
  const after = Number(decodeToken(`models:${project}`, input.NextToken) ?? 0);
  const rows = ctx.db.all<ModelRow>(
    'SELECT * FROM models WHERE project = ? AND version > ? ORDER BY version LIMIT ?',
    project,
    after,
    size + 1,
  );
  const page = toPage(
    rows,
    size,
    `models:${project}`,
    (r) => r.version,
    (r) => metadata(ctx, r),
  );
  return { Models: page.items, NextToken: page.nextToken };
};

export const DeleteModel: Handler<DeleteModelRequest> = (ctx, input) => {
  const project = input.ProjectName;
  const version = Number(input.ModelVersion);
  return idempotent(ctx, 'DeleteModel', input, { type: 'MODEL', id: `${project}/${version}` }, () => {
    const row = findModel(ctx, project, version);
    if (HOSTING_STATES.has(row.status)) {
      throw conflict(
        'MODEL',
        `${project}/${version}`,
        `Model version ${version} of project ${project} is ${row.status}; stop it before deleting it`,
      );
    }
    const arn = modelArn(ctx, project, version);
    ctx.db.transaction(() => {
      ctx.db.run('DELETE FROM model_tags WHERE project = ? AND version = ?', project, version);
      dropTrainingSnapshot(ctx, { project, version });
      ctx.db.run('DELETE FROM models WHERE project = ? AND version = ?', project, version);
    });
    // After the rows: a kill in between leaves files without a model, which the next start removes.
    ctx.runtime.remove({ project, version });
    return { ModelArn: arn };
  });
};

export const StartModel: Handler<StartModelRequest> = (ctx, input) => {
  const project = input.ProjectName;
  const min = input.MinInferenceUnits;
  const max = input.MaxInferenceUnits ?? min;
  return idempotent(
    ctx,
    'StartModel',
    input,
    { type: 'MODEL', id: `${project}/${input.ModelVersion}` },
    () => {
      if (max < min)
        throw validation(
          `MaxInferenceUnits (${max}) must be greater than or equal to MinInferenceUnits (${min})`,
        );
      if (max > MAX_INFERENCE_UNITS)
        throw validation(`This engine runs at most ${MAX_INFERENCE_UNITS} inference units per model`);
      const row = findModel(ctx, project, input.ModelVersion);
      if (row.status !== 'TRAINED' && row.status !== 'HOSTING_FAILED') {
        throw conflict(
          'MODEL',
          `${project}/${row.version}`,
          `Model version ${row.version} of project ${project} is ${row.status}; only a TRAINED model can be started`,
        );
      }
      setModelStatus(
        ctx,
        project,
        row.version,
        'STARTING_HOSTING',
        `Starting ${min} inference unit${min > 1 ? 's' : ''}`,
        { min_units: min, max_units: max },
      );
      runInBackground(ctx, `hosting of model ${project}/${row.version}`, () =>
        ctx.runtime.host({ project, version: row.version }, { min, max }),
      );
      return { Status: 'STARTING_HOSTING' };
    },
  );
};

export const StopModel: Handler<StopModelRequest> = (ctx, input) => {
  const project = input.ProjectName;
  return idempotent(
    ctx,
    'StopModel',
    input,
    { type: 'MODEL', id: `${project}/${input.ModelVersion}` },
    () => {
      const row = findModel(ctx, project, input.ModelVersion);
      if (row.status !== 'HOSTED' && row.status !== 'STARTING_HOSTING' && row.status !== 'HOSTING_FAILED') {
        throw conflict(
          'MODEL',
          `${project}/${row.version}`,
          `Model version ${row.version} of project ${project} is ${row.status}; only a hosted model can be stopped`,
        );
      }
      setModelStatus(ctx, project, row.version, 'STOPPING_HOSTING', 'Stopping the inference units');
      runInBackground(ctx, `stopping model ${project}/${row.version}`, () =>
        ctx.runtime.unhost({ project, version: row.version }),
      );
      return { Status: 'STOPPING_HOSTING' };
    },
  );
};

const DETECT_CONTENT_TYPES = new Set(['image/png', 'image/jpeg']);
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

export const DetectAnomalies: Handler<WithBytes<DetectAnomaliesRequest, 'Body'>> = async (ctx, input) => {
  const project = input.ProjectName;
  const contentType = input.ContentType.split(';')[0]!.trim().toLowerCase();
  if (!DETECT_CONTENT_TYPES.has(contentType)) {
    throw validation(`Content-Type ${input.ContentType} is not supported; send image/png or image/jpeg`);
  }
  const body = input.Body;
  if (body.length === 0) throw validation('The request body is empty; send the image bytes');
  if (body.length > MAX_IMAGE_BYTES)
    throw validation(`The image is ${body.length} bytes; the maximum is 8 MB (${MAX_IMAGE_BYTES} bytes)`);
  const signature = contentType === 'image/png' ? PNG_SIGNATURE : JPEG_SIGNATURE;
  if (!body.subarray(0, signature.length).equals(signature)) {
    throw validation(
      `The request body is not a ${contentType === 'image/png' ? 'PNG' : 'JPEG'} image, but Content-Type says ${contentType}`,
    );
  }
  const row = findModel(ctx, project, input.ModelVersion);
  if (row.status !== 'HOSTED') {
    throw conflict(
      'MODEL',
      `${project}/${row.version}`,
      `Model version ${row.version} of project ${project} is ${row.status}, not HOSTED; start it with StartModel first`,
    );
  }
  const result = await ctx.runtime.detect({ project, version: row.version }, body);
  return { DetectAnomalyResult: { Source: { Type: 'direct' }, ...result } };
};
