// Starts a real engine on a temporary data directory and builds real SDK clients against it.
import { before, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { requestHandler } from '../../src/client/clients';
import { startEngine, type EngineInfo, type RunningEngine } from '../../src/engine';

export interface TestEngine {
  engine: RunningEngine;
  lv: LookoutVisionClient;
  s3: S3Client;
  dataDir: string;
  logs: string[];
  stop(): Promise<void>;
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'lv-engine-test-'));
}

export function clients(
  info: EngineInfo,
  overrides: { secretAccessKey?: string; systemClockOffset?: number; region?: string } = {},
) {
  const config = {
    requestHandler,
    endpoint: info.endpoint,
    region: overrides.region ?? info.region,
    credentials: {
      accessKeyId: info.accessKeyId,
      secretAccessKey: overrides.secretAccessKey ?? info.secretAccessKey,
    },
    maxAttempts: 1,
    systemClockOffset: overrides.systemClockOffset,
  };
  return { lv: new LookoutVisionClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

export async function startTestEngine(dataDir = makeDataDir(), region?: string): Promise<TestEngine> {
  const logs: string[] = [];
  const engine = await startEngine({ dataDir, region, log: (line) => logs.push(line) });
  const { lv, s3 } = clients(engine);
  return {
    engine,
    lv,
    s3,
    dataDir,
    logs,
    stop: async () => {
      lv.destroy();
      s3.destroy();
      await engine.close();
    },
  };
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A small PNG whose pixels depend on `seed`, so every image is distinct. */
export async function pngImage(seed: number, size = 64): Promise<Buffer> {
  const pixels = Buffer.alloc(size * size * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + seed * 97) % 251;
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

export function classificationLine(
  bucket: string,
  key: string,
  className: string,
  attribute = 'anomaly-label',
): string {
  return JSON.stringify({
    'source-ref': `s3://${bucket}/${key}`,
    [attribute]: className === 'anomaly' ? 1 : 0,
    [`${attribute}-metadata`]: {
      confidence: 1,
      'job-name': 'labeling-job/test',
      'class-name': className,
      'human-annotated': 'yes',
      'creation-date': '2020-04-15T20:17:23.433061',
      type: 'groundtruth/image-classification',
    },
  });
}

/** Starts one engine for the test file (after `setup`, if given) and removes it when the file's tests are done. */
export function useTestEngine(setup?: (engine: TestEngine) => Promise<void>): () => TestEngine {
  let current: TestEngine | undefined;
  before(async () => {
    current = await startTestEngine();
    await setup?.(current);
  });
  after(async () => {
    await current?.stop();
    if (current) removeDataDir(current.dataDir);
  });
  return () => current!;
}
