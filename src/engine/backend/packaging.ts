// Model packaging: the trained model becomes a Greengrass V2 component that runs the Lookout for Vision Edge Agent
// (a ZIP artifact and its recipe) in the requested S3 location, as the service's packaging jobs produced.
import { randomBytes } from 'node:crypto';
import type {
  DescribeModelPackagingJobRequest,
  GreengrassConfiguration,
  ListModelPackagingJobsRequest,
  StartModelPackagingJobRequest,
} from '@aws-sdk/client-lookoutvision';
import type { BackendContext, Handler, Validated } from './context';
import { conflict, notFound, validation } from '../protocol/errors';
import type { Row } from '../store/database';
import { idempotent } from './idempotency';
import { requireProject } from './projects';
import { findModel } from './models';
import { decodeToken, pageSize, toPage } from './paging';
import { errorMessage, runInBackground } from './background';
import { modelArn } from './arn';
import { componentArchive } from '../packaging/archive';
import {
  ARCHIVE_NAME,
  COMPONENT_OBJECTS,
  ONNX_FILE,
  ONNX_METADATA_FILE,
  RECIPE_JSON,
  RECIPE_YAML,
  componentKey,
  type ComponentObject,
} from '../packaging/layout';
import { exportOnnx } from '../packaging/onnx-export';
import { loadModel } from '../ml/model';
import { componentRecipe, recipeJson, recipeYaml } from '../packaging/recipe';
import { recipeProblems } from '../packaging/recipe-rules';
import { requireWritableKeys } from './output-keys';

type Greengrass = Validated<GreengrassConfiguration>;

const PACKAGEABLE = new Set(['TRAINED', 'STARTING_HOSTING', 'HOSTED', 'STOPPING_HOSTING', 'HOSTING_FAILED']);

function checkConfiguration(config: Greengrass): void {
  if ((config.TargetDevice === undefined) === (config.TargetPlatform === undefined)) {
    throw validation('Specify exactly one of TargetDevice and TargetPlatform');
  }
  if (config.TargetDevice !== undefined && config.CompilerOptions !== undefined) {
    throw validation('CompilerOptions cannot be used with TargetDevice');
  }
  let options: Record<string, unknown> = {};
  if (config.CompilerOptions !== undefined) {
    try {
      options = JSON.parse(config.CompilerOptions) as Record<string, unknown>;
    } catch {
      throw validation(
        `CompilerOptions must be a JSON object, e.g. {"gpu-code": "sm_75", "trt-ver": "7.1.3", "cuda-ver": "10.2"}`,
      );
    }
    if (typeof options !== 'object' || options === null || Array.isArray(options))
      throw validation('CompilerOptions must be a JSON object');
  }
  if (config.TargetPlatform?.Accelerator === 'NVIDIA') {
    const missing = ['gpu-code', 'trt-ver', 'cuda-ver'].filter((k) => typeof options[k] !== 'string');
    if (missing.length > 0)
      throw validation(`An NVIDIA target platform needs CompilerOptions ${missing.join(', ')}`);
  }
}

function componentArn(ctx: BackendContext, name: string, version: string): string {
  return `arn:aws:greengrass:${ctx.region}:${ctx.accountId}:components:${name}:versions:${version}`;
}

function setJob(
  ctx: BackendContext,
  project: string,
  name: string,
  status: string,
  message: string,
  output?: object,
): void {
  ctx.db.run(
    'UPDATE packaging_jobs SET status = ?, status_message = ?, output_json = coalesce(?, output_json), updated = ? WHERE project = ? AND name = ?',
    status,
    message,
    output ? JSON.stringify(output) : null,
    ctx.now(),
    project,
    name,
  );
}

/** The Greengrass architecture a job targets (a Jetson Xavier is an aarch64 device). */
function architecture(config: Greengrass): string {
  return config.TargetPlatform?.Arch === 'ARM64' || config.TargetDevice ? 'aarch64' : 'amd64';
}

/** Greengrass's name of the architecture this engine runs on: the image decoder the archive ships is built for it. */
const HOST_ARCHITECTURE: Record<string, string> = { x64: 'amd64', arm64: 'aarch64', arm: 'arm', ia32: 'x86' };

function decoderNote(target: string): string {
  const host = HOST_ARCHITECTURE[process.arch] ?? process.arch;
  return target === host
    ? ''
    : `; its image decoder is built for ${host}: on the ${target} device run "npm install sharp" in the unpacked component folder`;
}

/**
 * Writes the component: one ZIP artifact (edge agent, proto, model, image decoder) and the recipe in JSON and YAML,
 * each its own object. Safe to run again after a crash (same keys, same content).
 */
async function runPackagingJob(ctx: BackendContext, project: string, name: string): Promise<void> {
  const job = ctx.db.get('SELECT * FROM packaging_jobs WHERE project = ? AND name = ?', project, name);
  if (!job || (job.status !== 'CREATED' && job.status !== 'RUNNING')) return;
  setJob(ctx, project, name, 'RUNNING', 'Packaging the model');
  const config = (JSON.parse(String(job.configuration_json)) as { Greengrass: Greengrass }).Greengrass;
  const version = Number(job.model_version);
  const componentVersion = config.ComponentVersion ?? `${version}.0.0`;
  const bucket = config.S3OutputLocation.Bucket;
  const key = (file: string) =>
    componentKey(config.S3OutputLocation.Prefix, config.ComponentName, componentVersion, file);
  const recipe = componentRecipe({
    componentName: config.ComponentName,
    componentVersion,
    description: config.ComponentDescription ?? `Lookout for Vision model ${project} version ${version}`,
    architecture: architecture(config),
    archiveUri: `s3://${bucket}/${key(ARCHIVE_NAME)}`,
    project,
    modelVersion: String(version),
    compilerOptions: config.CompilerOptions ?? '',
  });
  const problems = recipeProblems(recipe);
  if (problems.length > 0) throw new Error(`the recipe breaks Greengrass rules: ${problems.join('; ')}`);
  const json = recipeJson(recipe);
  const yaml = recipeYaml(recipe);
  const modelDir = ctx.runtime.modelDir({ project, version });
  const onnx = exportOnnx(await loadModel(modelDir));
  const archive = await componentArchive({
    info: {
      ComponentName: config.ComponentName,
      ComponentVersion: componentVersion,
      ModelArn: modelArn(ctx, project, version),
    },
    modelDir,
    recipe: { json, yaml },
    modelExtras: {
      [ONNX_FILE]: onnx.model,
      [ONNX_METADATA_FILE]: Buffer.from(`${JSON.stringify(onnx.metadata, null, 2)}\n`),
    },
  });
  const objects: Record<ComponentObject, { body: Buffer; type: string }> = {
    [ARCHIVE_NAME]: { body: Buffer.from(archive), type: 'application/zip' },
    [RECIPE_JSON]: { body: Buffer.from(json), type: 'application/json' },
    [RECIPE_YAML]: { body: Buffer.from(yaml), type: 'application/yaml' },
  };
  for (const file of COMPONENT_OBJECTS)
    await ctx.objects.put(bucket, key(file), objects[file].body, objects[file].type);
  setJob(
    ctx,
    project,
    name,
    'SUCCEEDED',
    `Component ${config.ComponentName} ${componentVersion} written to s3://${bucket}/${key('')}` +
      decoderNote(architecture(config)),
    {
      Greengrass: {
        ComponentVersionArn: componentArn(ctx, config.ComponentName, componentVersion),
        ComponentName: config.ComponentName,
        ComponentVersion: componentVersion,
      },
    },
  );
}

/** Runs a packaging job as a contained background job: whatever goes wrong ends it FAILED. */
function startPackagingJob(ctx: BackendContext, project: string, name: string): void {
  runInBackground(
    ctx,
    `packaging job ${name} of project ${project}`,
    () => runPackagingJob(ctx, project, name),
    (err) => setJob(ctx, project, name, 'FAILED', `Packaging failed: ${errorMessage(err)}`),
  );
}

/** Runs again the jobs a stop or crash interrupted, each on its own. */
export function resumePackagingJobs(ctx: BackendContext): void {
  for (const job of ctx.db.all(
    "SELECT project, name FROM packaging_jobs WHERE status IN ('CREATED', 'RUNNING')",
  )) {
    startPackagingJob(ctx, String(job.project), String(job.name));
  }
}

export const StartModelPackagingJob: Handler<StartModelPackagingJobRequest> = (ctx, input) => {
  const project = input.ProjectName;
  const config = input.Configuration.Greengrass;
  return idempotent(ctx, 'StartModelPackagingJob', input, { type: 'MODEL_PACKAGE_JOB', id: project }, () =>
    ctx.db.transaction(() => {
      checkConfiguration(config);
      const model = findModel(ctx, project, input.ModelVersion);
      if (!PACKAGEABLE.has(model.status)) {
        throw conflict(
          'MODEL',
          `${project}/${model.version}`,
          `Model version ${model.version} of project ${project} is ${model.status}; only a trained model can be packaged`,
        );
      }
      if (!ctx.objects.bucketExists(config.S3OutputLocation.Bucket))
        throw validation(`The output bucket ${config.S3OutputLocation.Bucket} does not exist`);
      const componentVersion = config.ComponentVersion ?? `${model.version}.0.0`;
      requireWritableKeys(
        'Configuration.Greengrass.S3OutputLocation.Prefix',
        COMPONENT_OBJECTS.map((file) =>
          componentKey(config.S3OutputLocation.Prefix, config.ComponentName, componentVersion, file),
        ),
      );
      const clash = ctx.db
        .all("SELECT name, configuration_json FROM packaging_jobs WHERE status != 'FAILED'")
        .find((j) => {
          const c = (JSON.parse(String(j.configuration_json)) as { Greengrass: Greengrass }).Greengrass;
          return c.ComponentName === config.ComponentName && c.ComponentVersion === componentVersion;
        });
      if (clash)
        throw conflict(
          'MODEL_PACKAGE_JOB',
          String(clash.name),
          `Component ${config.ComponentName} version ${componentVersion} already exists`,
        );
      const name =
        input.JobName ?? `${project.replace(/_/g, '-').slice(0, 40)}-${randomBytes(6).toString('hex')}`;
      const now = ctx.now();
      const inserted = ctx.db.run(
        `INSERT OR IGNORE INTO packaging_jobs (project, name, model_version, configuration_json, description, method, status, status_message, created, updated)
         VALUES (?, ?, ?, ?, ?, 'Greengrass', 'CREATED', 'Waiting to start', ?, ?)`,
        project,
        name,
        model.version,
        JSON.stringify({ Greengrass: { ...config, ComponentVersion: componentVersion } }),
        input.Description ?? null,
        now,
        now,
      );
      if (inserted === 0)
        throw conflict(
          'MODEL_PACKAGE_JOB',
          name,
          `Project ${project} already has a packaging job named ${name}`,
        );
      startPackagingJob(ctx, project, name);
      return { JobName: name };
    }),
  );
};

function jobMetadata(row: Row) {
  return {
    JobName: row.name,
    ProjectName: row.project,
    ModelVersion: String(row.model_version),
    ModelPackagingJobDescription: row.description ?? undefined,
    ModelPackagingMethod: row.method,
    Status: row.status,
    StatusMessage: row.status_message ?? undefined,
    CreationTimestamp: row.created,
    LastUpdatedTimestamp: row.updated,
  };
}

export const DescribeModelPackagingJob: Handler<DescribeModelPackagingJobRequest> = (ctx, input) => {
  const project = input.ProjectName;
  const name = input.JobName;
  requireProject(ctx, project);
  const row = ctx.db.get('SELECT * FROM packaging_jobs WHERE project = ? AND name = ?', project, name);
  if (!row)
    throw notFound('MODEL_PACKAGE_JOB', name, `Packaging job ${name} of project ${project} not found`);
  return {
    ModelPackagingDescription: {
      ...jobMetadata(row),
      ModelPackagingConfiguration: JSON.parse(String(row.configuration_json)) as object,
      ModelPackagingOutputDetails: row.output_json
        ? (JSON.parse(String(row.output_json)) as object)
        : undefined,
    },
  };
};

export const ListModelPackagingJobs: Handler<ListModelPackagingJobsRequest> = (ctx, input) => {
  const project = input.ProjectName;
  requireProject(ctx, project);
  const size = pageSize(input);
  const after = Number(decodeToken(`jobs:${project}`, input.NextToken) ?? 0);
  const rows = ctx.db.all(
    'SELECT rowid AS id, * FROM packaging_jobs WHERE project = ? AND rowid > ? ORDER BY rowid LIMIT ?',
    project,
    after,
    size + 1,
  );
  const page = toPage(rows, size, `jobs:${project}`, (r) => Number(r.id), jobMetadata);
  return { ModelPackagingJobs: page.items, NextToken: page.nextToken };
};
