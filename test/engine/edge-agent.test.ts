// The packaged component end to end: train and package through the SDK, download the archive through S3, unpack it
// outside the repository, start its agent with plain `node` from the recipe's Run lifecycle, and use the Edge
// Agent's gRPC API with the shipped proto.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import sharp from 'sharp';
import { parse } from 'yaml';
import { EdgeAgentClient } from '../../src/edge-agent/client';
import { launchAgent, type RunningAgent } from '../../src/edge-agent/launch';
import { recipeProblems } from '../../src/engine/packaging/recipe-rules';
import { engineDetection, trainAndPackage, type PackagedComponent } from '../support/packaged-component';
import { waitFor } from '../support/wait';

let pkg: PackagedComponent;
let agent: RunningAgent;
let client: EdgeAgentClient;

/** The image as the Edge Agent takes it: packed interleaved RGB888. */
async function bitmapOf(png: Buffer) {
  const { data, info } = await sharp(png)
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, byte_data: data };
}

const rejectsWith = (promise: Promise<unknown>, code: status, message?: RegExp) =>
  assert.rejects(promise, (err: ServiceError) => {
    assert.equal(err.code, code, `${status[err.code]}: ${err.details}`);
    if (message) assert.match(err.details, message);
    return true;
  });

before(async () => {
  pkg = await trainAndPackage('segmentation');
  // Plain `node` from the PATH, in the unpacked folder, without this project's module resolution.
  const env = { PATH: process.env.PATH };
  agent = await launchAgent(pkg.decompressedPath, {
    configuration: { SocketPath: join(pkg.decompressedPath, 'agent.sock') },
    env,
  });
  client = new EdgeAgentClient(agent.protoPath, `unix://${agent.socket}`);
});
after(async () => {
  client?.close();
  await agent?.stop();
  await pkg?.close();
});

test('the recipe downloaded from S3 follows the Greengrass rules, in JSON and in YAML', () => {
  const json = JSON.parse(pkg.recipeJson) as object;
  assert.deepEqual(recipeProblems(json), []);
  assert.deepEqual(recipeProblems(parse(pkg.recipeYaml)), []);
  assert.deepEqual(parse(pkg.recipeYaml), json);
});

test('the agent serves the component under its name, STOPPED until StartModel', async () => {
  assert.equal(agent.modelComponent, pkg.componentName);
  const models = await client.listModels();
  assert.equal(models.length, 1);
  assert.equal(models[0].model_component, pkg.componentName);
  assert.match(models[0].lookout_vision_model_arn, /^arn:aws:lookoutvision:.*:model\/edge-segmentation\/1$/);
  assert.equal(models[0].status, 'STOPPED');
  const bitmap = await bitmapOf(pkg.images[0].bytes);
  await rejectsWith(client.detectAnomalies(pkg.componentName, bitmap), status.FAILED_PRECONDITION, /STOPPED/);
  await rejectsWith(client.stopModel(pkg.componentName), status.FAILED_PRECONDITION);
});

test('DetectAnomalies answers as the engine does on 10 images', async () => {
  assert.equal(await client.startModel(pkg.componentName), 'STARTING');
  const running = await waitFor(
    'the agent model',
    () => client.describeModel(pkg.componentName),
    (m) => m.status !== 'STARTING',
  );
  assert.equal(running.status, 'RUNNING', running.status_message);
  await rejectsWith(client.startModel(pkg.componentName), status.FAILED_PRECONDITION);
  assert.equal(pkg.images.length, 10);
  let masks = 0;
  for (const image of pkg.images) {
    const engine = await engineDetection(pkg, image.bytes);
    const bitmap = await bitmapOf(image.bytes);
    const edge = await client.detectAnomalies(pkg.componentName, bitmap);
    assert.equal(edge.is_anomalous, engine.IsAnomalous);
    assert.ok(
      Math.abs(edge.confidence - engine.Confidence!) <= 1e-3,
      `${edge.confidence} vs ${engine.Confidence}`,
    );
    // The mask: raw RGB of the image's size, the same pixels as the engine's PNG.
    const mask = edge.anomaly_mask!;
    assert.equal(mask.width, bitmap.width);
    assert.equal(mask.height, bitmap.height);
    const engineMask = await sharp(engine.AnomalyMask!).removeAlpha().raw().toBuffer();
    assert.ok(Buffer.from(mask.byte_data!).equals(engineMask), 'mask pixels');
    assert.deepEqual(
      edge.anomalies.map((a) => [a.name, a.pixel_anomaly.hex_color]),
      engine.Anomalies!.map((a) => [a.Name, a.PixelAnomaly!.Color]),
    );
    edge.anomalies.forEach((a, i) =>
      assert.ok(
        Math.abs(
          a.pixel_anomaly.total_percentage_area - engine.Anomalies![i].PixelAnomaly!.TotalPercentageArea!,
        ) < 1e-6,
      ),
    );
    if (edge.anomalies.length > 1) masks++;
  }
  assert.ok(masks > 0, 'some image has a labelled anomaly');
});

test('the image and the mask can travel through POSIX shared memory', async () => {
  const image = pkg.images.find((i) => i.anomalous)!;
  const bitmap = await bitmapOf(image.bytes);
  const name = `lv-edge-test-${process.pid}`;
  const path = join('/dev/shm', name);
  const size = bitmap.byte_data.length;
  writeFileSync(path, Buffer.concat([Buffer.alloc(16), bitmap.byte_data, Buffer.alloc(size)]));
  try {
    const direct = await client.detectAnomalies(pkg.componentName, bitmap);
    const shared = await client.detectAnomalies(
      pkg.componentName,
      { width: bitmap.width, height: bitmap.height, shared_memory_handle: { name, offset: 16, size } },
      { name, offset: 16 + size, size },
    );
    assert.equal(shared.confidence, direct.confidence);
    assert.equal(shared.anomaly_mask!.shared_memory_handle!.name, name);
    assert.ok(
      readFileSync(path)
        .subarray(16 + size)
        .equals(Buffer.from(direct.anomaly_mask!.byte_data!)),
    );
  } finally {
    rmSync(path, { force: true });
  }
});

test('bad input gets the status codes of the Edge Agent API', async () => {
  const bitmap = await bitmapOf(pkg.images[0].bytes);
  for (const call of [
    client.startModel('no-such-model'),
    client.stopModel('no-such-model'),
    client.describeModel('no-such-model'),
    client.detectAnomalies('no-such-model', bitmap),
  ])
    await rejectsWith(call, status.NOT_FOUND, /no-such-model/);
  const name = pkg.componentName;
  await rejectsWith(
    client.detectAnomalies(name, { ...bitmap, byte_data: bitmap.byte_data.subarray(1) }),
    status.INVALID_ARGUMENT,
    /bytes/,
  );
  await rejectsWith(
    client.detectAnomalies(name, {
      width: bitmap.width + 1,
      height: bitmap.height,
      byte_data: bitmap.byte_data,
    }),
    status.INVALID_ARGUMENT,
  );
  await rejectsWith(
    client.detectAnomalies(name, { width: 32, height: 32, byte_data: Buffer.alloc(32 * 32 * 3) }),
    status.INVALID_ARGUMENT,
    /between 64 and 4096/,
  );
  // A well-formed bitmap that is not the size the model was trained on.
  await rejectsWith(
    client.detectAnomalies(name, { width: 64, height: 64, byte_data: Buffer.alloc(64 * 64 * 3) }),
    status.INVALID_ARGUMENT,
    /96x96/,
  );
  await rejectsWith(client.detectAnomalies(name, undefined as never), status.INVALID_ARGUMENT, /no bitmap/);
  await rejectsWith(
    client.detectAnomalies(name, {
      width: 96,
      height: 96,
      shared_memory_handle: { name: '../etc/passwd', offset: 0, size: 96 * 96 * 3 },
    }),
    status.INVALID_ARGUMENT,
  );

  assert.equal(await client.stopModel(name), 'STOPPED');
  await rejectsWith(client.detectAnomalies(name, bitmap), status.FAILED_PRECONDITION, /STOPPED/);
  assert.equal((await client.describeModel(name)).status, 'STOPPED');
});

test('with a TcpPort in the configuration the agent also serves on loopback TCP', async () => {
  const free = createServer();
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
  const port = (free.address() as AddressInfo).port;
  await new Promise((resolve) => free.close(resolve));
  const second = await launchAgent(pkg.decompressedPath, {
    configuration: {
      SocketPath: join(pkg.decompressedPath, 'second.sock'),
      TcpPort: port,
      ModelName: 'line-3',
    },
    env: { PATH: process.env.PATH },
  });
  const tcp = new EdgeAgentClient(second.protoPath, `127.0.0.1:${port}`);
  try {
    assert.equal(second.port, port);
    assert.deepEqual(
      (await tcp.listModels()).map((m) => m.model_component),
      ['line-3'],
    );
  } finally {
    tcp.close();
    assert.equal(await second.stop(), 0);
  }
});

test('SIGTERM stops the agent within seconds, exit code 0, socket removed', async () => {
  assert.ok(existsSync(agent.socket));
  const started = Date.now();
  assert.equal(await agent.stop(), 0);
  assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  assert.equal(existsSync(agent.socket), false);
});
