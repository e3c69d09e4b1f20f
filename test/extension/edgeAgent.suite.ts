// A finished packaging job's component in the workbench: Download Component unpacks it into the workspace, Run
// Component Locally starts its edge agent and model, and Detect Anomalies answers from that agent.
import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type {
  DetectAnomalyResult,
  ModelDescription,
  ModelPackagingDescription,
} from '@aws-sdk/client-lookoutvision';
import type { LocalRun } from '../../src/commands/packaging/runLocally';
import { extensionApi, find, itemOf, workspaceUri } from './tree';

const run = <T>(command: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`lookoutVision.${command}`, ...args);
const project = { projectName: 'edge-plates' };
const model = { ...project, modelVersion: '1' };
const COMPONENT = 'edge-plates-component';

describe('edge component of a packaging job', function () {
  this.timeout(600_000);
  let job = { ...project, jobName: '' };
  let folder = '';
  let socket = '';

  // The suites share one engine: leave it as found (the explorer suite counts the projects).
  after(async () => {
    if (folder) rmSync(join(folder, '..'), { recursive: true, force: true });
    await run('project.delete', project, { confirmed: true });
  });

  it('packages a trained model; the finished job offers Download and Run Locally', async () => {
    await run('project.create', project.projectName);
    await run('dataset.createFromFolder', project, workspaceUri('plates'), { datasetType: 'train' });
    const trained = await run<ModelDescription>('model.train', project, { description: 'edge' });
    assert.equal(trained?.Status, 'TRAINED', trained?.StatusMessage);
    const packaged = await run<ModelPackagingDescription>('packaging.start', model, {
      componentName: COMPONENT,
      componentVersion: '1.0.0',
      targetPlatform: { Os: 'LINUX', Arch: 'X86_64' },
      outputLocation: { Bucket: 'lookoutvision-edge-plates', Prefix: 'packages/' },
    });
    assert.equal(packaged?.Status, 'SUCCEEDED', packaged?.StatusMessage);
    job = { ...project, jobName: packaged.JobName! };
    const node = itemOf(await find(await extensionApi(), 'edge-plates', 'Model packaging jobs', job.jobName));
    assert.equal(node.contextValue, 'packagingJob.succeeded');
  });

  it('downloads the component into the workspace as Greengrass unpacks it', async () => {
    folder = (await run<string>('packaging.download', job)) ?? '';
    assert.equal(folder, workspaceUri('components', `${COMPONENT}-1.0.0`).fsPath);
    for (const file of [
      'recipe.json',
      'recipe.yaml',
      'edge-agent.js',
      'edge-agent.proto',
      'kernels.wasm',
      'model/model.onnx',
    ])
      assert.ok(existsSync(join(folder, 'lookoutvision-component', file)), file);
  });

  it('runs the component locally and lists its running model', async () => {
    const local = await run<LocalRun>('packaging.runLocally', job);
    assert.ok(local, 'the agent started');
    socket = local.socket;
    assert.deepEqual(
      local.models.map((m) => [m.model_component, m.status]),
      [[COMPONENT, 'RUNNING']],
    );
  });

  it('detects anomalies with the local agent', async () => {
    const result = await run<DetectAnomalyResult>(
      'detect.image',
      workspaceUri('check', 'new-scratch-1.png'),
      {
        model: { agentSocket: socket },
      },
    );
    assert.equal(result?.IsAnomalous, true);
    assert.ok(result?.AnomalyMask && result.AnomalyMask.length > 0, 'a segmentation model returns a mask');
    assert.ok(result?.Anomalies?.some((a) => a.Name === 'scratch'));
  });
});
