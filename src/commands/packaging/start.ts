// Start Model Packaging Job: turns a trained model into a Greengrass component (artifacts and recipe in
// S3) for a Linux platform or a Jetson Xavier, then waits (cancelling only stops waiting) until the job ends.
import * as vscode from 'vscode';
import {
  DescribeModelPackagingJobCommand,
  StartModelPackagingJobCommand,
  TargetDevice,
  TargetPlatformAccelerator,
  TargetPlatformArch,
  TargetPlatformOs,
  type ModelPackagingDescription,
  type S3Location,
  type TargetPlatform,
} from '@aws-sdk/client-lookoutvision';
import { s3Uri } from '../../client/objectStore';
import { parseS3Uri } from '../../manifest/core';
import { fields, oneOf, record, string, type Read } from '../arguments';
import type { CommandContext } from '../context';
import { resolveModel } from '../pickers';
import { projectBucket } from '../projectBucket';
import { required } from '../register';
import { waitInNotification } from '../waitForStatus';

/** Exactly one of targetDevice and targetPlatform; compilerOptions (JSON) go with a platform only. */
export interface PackagingTarget {
  targetDevice?: TargetDevice;
  targetPlatform?: TargetPlatform;
  /** An NVIDIA platform needs gpu-code, trt-ver and cuda-ver. */
  compilerOptions?: string;
}

/** What the pickers ask for; programmatic callers pass the fields they do not want asked. */
export const packagingOptions = fields({
  componentName: string,
  componentVersion: string,
  targetDevice: oneOf(Object.values(TargetDevice)),
  targetPlatform: record(
    { Os: oneOf(Object.values(TargetPlatformOs)), Arch: oneOf(Object.values(TargetPlatformArch)) },
    { Accelerator: oneOf(Object.values(TargetPlatformAccelerator)) },
  ),
  compilerOptions: string,
  outputLocation: record({ Bucket: string }, { Prefix: string }),
});
type PackagingOptions = Read<typeof packagingOptions>;

// The service packages any model that finished training, whether or not it is hosted.
const PACKAGEABLE = new Set(['TRAINED', 'HOSTED', 'HOSTING_FAILED', 'STARTING_HOSTING', 'STOPPING_HOSTING']);
const COMPONENT_NAME = /^[a-zA-Z0-9-_.]{1,128}$/;
const SEMVER = /^[0-9]{1,6}\.[0-9]{1,6}\.[0-9]{1,6}$/;

export async function startModelPackagingJob(
  ctx: CommandContext,
  arg?: unknown,
  options: PackagingOptions = {},
): Promise<ModelPackagingDescription | undefined> {
  const { projectName, modelVersion } = await resolveModel(
    ctx,
    arg,
    (s) => PACKAGEABLE.has(s ?? ''),
    'trained model',
  );
  const title = `Package model ${modelVersion} of ${projectName}`;
  const componentName =
    options.componentName ??
    (await ask(
      title,
      'Greengrass component name',
      `${projectName.slice(0, 100)}-model-${modelVersion}`,
      (v) =>
        COMPONENT_NAME.test(v) ? undefined : 'Letters, digits, "-", "_" and "." (up to 128 characters)',
    ));
  const componentVersion =
    options.componentVersion ??
    (await ask(title, 'Component version', `${modelVersion}.0.0`, (v) =>
      SEMVER.test(v) ? undefined : 'major.minor.patch, e.g. 1.0.0',
    ));
  const target: PackagingTarget =
    options.targetDevice || options.targetPlatform ? options : await pickTarget(title);
  const output =
    options.outputLocation ??
    (await askOutputLocation(title, s3Uri(await projectBucket(ctx, projectName), 'packages/')));

  const { lookout } = await ctx.clients();
  const { JobName: jobName = '' } = await lookout.send(
    new StartModelPackagingJobCommand({
      ProjectName: projectName,
      ModelVersion: modelVersion,
      Configuration: {
        Greengrass: {
          ComponentName: componentName,
          ComponentVersion: componentVersion,
          TargetDevice: target.targetDevice,
          TargetPlatform: target.targetPlatform,
          CompilerOptions: target.compilerOptions,
          S3OutputLocation: output,
        },
      },
    }),
  );
  ctx.explorer.refreshProject(projectName, 'packagingJobs');
  const job = await waitInNotification({
    title: `Packaging model ${modelVersion} of ${projectName} as ${componentName} ${componentVersion}`,
    cancellable: true,
    poll: async () => {
      // Taken at each poll: a local engine that stopped meanwhile is started again.
      const clients = await ctx.clients();
      const response = await clients.lookout.send(
        new DescribeModelPackagingJobCommand({ ProjectName: projectName, JobName: jobName }),
      );
      return response.ModelPackagingDescription ?? {};
    },
    statusOf: (j) => j.Status,
    done: (status) => status === 'SUCCEEDED' || status === 'FAILED',
  });
  ctx.explorer.refreshProject(projectName, 'packagingJobs');
  if (!job) {
    void vscode.window.showInformationMessage(
      `Packaging job ${jobName} is still running; the view shows its progress.`,
    );
    return undefined;
  }
  if (job.Status !== 'SUCCEEDED') {
    throw new Error(`Packaging job ${jobName} failed: ${job.StatusMessage ?? job.Status}`);
  }
  const location = s3Uri(output.Bucket ?? '', output.Prefix ?? '');
  void vscode.window
    .showInformationMessage(
      `Model ${modelVersion} of ${projectName} is packaged as Greengrass component ${componentName} ${componentVersion}, artifacts in ${location}.`,
      'Show in View',
      'Copy S3 Location',
    )
    .then(async (choice) => {
      if (choice === 'Copy S3 Location') await vscode.env.clipboard.writeText(location);
      if (choice === 'Show in View' && !(await ctx.explorer.revealPackagingJob(projectName, jobName)))
        void vscode.window.showInformationMessage(
          `Packaging job ${jobName} is not among the rows loaded in the view (filter or "Load more").`,
        );
    });
  return job;
}

async function ask(
  title: string,
  prompt: string,
  value: string,
  validateInput: (value: string) => string | undefined,
): Promise<string> {
  return required(await vscode.window.showInputBox({ title, prompt, value, validateInput }));
}

async function pickTarget(title: string): Promise<PackagingTarget> {
  const platform = (
    Arch: TargetPlatform['Arch'],
    Accelerator?: TargetPlatform['Accelerator'],
  ): PackagingTarget => ({
    targetPlatform: { Os: 'LINUX', Arch, Accelerator },
  });
  const picked = required(
    await vscode.window.showQuickPick<vscode.QuickPickItem & { target: PackagingTarget }>(
      [
        { label: 'Linux x86_64', description: 'CPU', target: platform('X86_64') },
        { label: 'Linux ARM64', description: 'CPU', target: platform('ARM64') },
        {
          label: 'Linux x86_64 with NVIDIA GPU',
          description: 'TensorRT',
          target: platform('X86_64', 'NVIDIA'),
        },
        {
          label: 'Linux ARM64 with NVIDIA GPU',
          description: 'TensorRT',
          target: platform('ARM64', 'NVIDIA'),
        },
        {
          label: 'NVIDIA Jetson AGX Xavier',
          description: 'jetson_xavier',
          target: { targetDevice: 'jetson_xavier' },
        },
      ],
      { title, placeHolder: 'Where the component will run' },
    ),
  );
  if (picked.target.targetPlatform?.Accelerator !== 'NVIDIA') return picked.target;
  // Compiler options the NVIDIA build needs, prefilled with a tested combination (g4dn instances).
  const compilerOptions = {
    'gpu-code': await ask(title, 'GPU code (compute capability)', 'sm_75', (v) =>
      /^sm_[0-9]+$/.test(v) ? undefined : 'sm_ followed by the compute capability, e.g. sm_75',
    ),
    'trt-ver': await ask(title, 'TensorRT version', '7.1.3', (v) =>
      /^[0-9]+\.[0-9]+\.[0-9]+$/.test(v) ? undefined : 'x.y.z, e.g. 7.1.3',
    ),
    'cuda-ver': await ask(title, 'CUDA version', '10.2', (v) =>
      /^[0-9]+\.[0-9]+$/.test(v) ? undefined : 'x.y, e.g. 10.2',
    ),
  };
  return { ...picked.target, compilerOptions: JSON.stringify(compilerOptions) };
}

async function askOutputLocation(title: string, value: string): Promise<S3Location> {
  const uri = await ask(title, 'Where the component artifacts go (s3://bucket/prefix/)', value, (v) => {
    const parsed = parseS3Uri(v);
    return typeof parsed === 'string' ? parsed : undefined;
  });
  const parsed = parseS3Uri(uri);
  if (typeof parsed === 'string') throw new Error(parsed);
  return { Bucket: parsed.bucket, Prefix: parsed.key };
}
