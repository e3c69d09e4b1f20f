// The evaluation panel opened on a model with 1,000 test images (goal ≤ 500 ms to first paint), a classification
// model and a segmentation one (whose cards also show the predicted and true masks):
//  - the extension's load: loadMetrics (DescribeModel, ListModels, the evaluation result and its 1,000-line manifest
//    through S3) against a real engine whose model was trained through the SDK with a 1,000-image test dataset;
//  - the page: the panel's real HTML shell (its CSP included) and bundled script in Chromium, from receiving the
//    content to the first frame painted, and the first screenful of thumbnails through the extension's
//    thumbnail path (S3 + sharp), masks included;
//  - the threshold slider: one step, from input to the next frame.
// The workbench's own cost of creating a webview is not included. Needs `npm run build` (dist/webviews).
// Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CreateModelCommand,
  CreateProjectCommand,
  DescribeModelCommand,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { BrowserContext } from 'playwright-core';
import type { ServiceClients } from '../src/client/clients';
import { ThumbnailCache } from '../src/client/thumbnails';
import { loadMetrics } from '../src/panels/evaluationData';
import { panelHtml } from '../src/panels/panelHtml';
import { removeDataDir, startTestEngine } from '../test/support/engine-harness';
import { generateDataset } from '../test/support/synth/generate';
import { proceduralTexture } from '../test/support/synth/texture';
import { createDatasetFromImages } from '../test/support/upload-dataset';
import { waitFor } from '../test/support/wait';

const TEST_IMAGES = 1000;
const BUCKET = 'bench-panels';
type Kind = 'classification' | 'segmentation';
const ORIGIN = 'https://panel.bench';
const repo = resolve(__dirname, '..', '..');

async function trainModel(clients: ServiceClients, project: string, kind: Kind): Promise<number> {
  const data = await generateDataset({
    source: proceduralTexture('weave', 384, 384, 5),
    size: 64,
    split: 'easy',
    counts: {
      trainNormal: 20,
      // Segmentation needs 10 training images of each label.
      trainAnomalous: kind === 'segmentation' ? 20 : 10,
      testNormal: TEST_IMAGES / 2,
      testAnomalous: TEST_IMAGES / 2,
    },
    defects: ['scratch', 'spot'],
    masks: kind === 'segmentation',
    seed: 3,
  });
  const sdk = { lv: clients.lookout, s3: clients.s3 };
  await clients.lookout.send(new CreateProjectCommand({ ProjectName: project }));
  await createDatasetFromImages(sdk, BUCKET, project, 'train', data.train);
  await createDatasetFromImages(sdk, BUCKET, project, 'test', data.test);
  const started = performance.now();
  await clients.lookout.send(
    new CreateModelCommand({
      ProjectName: project,
      OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: `${project}-output/` } },
    }),
  );
  const model = await waitFor(
    'training',
    async () =>
      (await clients.lookout.send(new DescribeModelCommand({ ProjectName: project, ModelVersion: '1' })))
        .ModelDescription!,
    (m) => m.Status !== 'TRAINING',
    1800,
  );
  if (model.Status !== 'TRAINED') throw new Error(`training ended ${model.Status}: ${model.StatusMessage}`);
  return performance.now() - started;
}

/** The panel's page in Chromium: its HTML and files served from the repository under one origin. */
async function openPage(context: BrowserContext) {
  const page = context.pages()[0] ?? (await context.newPage());
  const html = panelHtml({
    cspSource: ORIGIN,
    resource: (...path) => `${ORIGIN}/${path.join('/')}`,
    title: 'Metrics',
    script: 'metrics.js',
    nonce: 'YmVuY2gtbm9uY2U=',
  });
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: html });
    const type = path.endsWith('.css') ? 'text/css' : 'text/javascript';
    return route.fulfill({ contentType: type, body: readFileSync(join(repo, path)) });
  });
  return page;
}

/** Page code that sends the page `message` as its extension would. */
function post(message: object): string {
  return `window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify(message)} }))`;
}

/** Page code that runs `action` and resolves with the milliseconds until the frame after it was painted. */
function untilPainted(action: string): string {
  return `new Promise((done) => {
    const started = performance.now();
    ${action};
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - started)));
  })`;
}

async function main(): Promise<void> {
  const engine = await startTestEngine();
  const clients = {
    connection: {
      kind: 'local',
      label: 'bench',
      region: 'us-east-1',
      credentials: { accessKeyId: '', secretAccessKey: '' },
    },
    lookout: engine.lv,
    s3: engine.s3,
  } satisfies ServiceClients;
  const workbench = (await import(pathToFileURL(join(repo, 'scripts', 'workbench.mjs')).href)) as {
    launchBrowser(): Promise<BrowserContext>;
  };
  const context = await workbench.launchBrowser();
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const kind of ['classification', 'segmentation'] as const) await bench(clients, context, kind);
  } finally {
    await context.close();
    await engine.stop();
    removeDataDir(engine.dataDir);
  }
}

async function bench(clients: ServiceClients, context: BrowserContext, kind: Kind): Promise<void> {
  const project = `panels-${kind}`;
  const trainMs = await trainModel(clients, project, kind);
  console.log(`\n${kind}: trained with ${TEST_IMAGES} test images in ${(trainMs / 1000).toFixed(1)} s`);
  const model = { projectName: project, modelVersion: '1' };
  await loadMetrics(clients, model); // the first call pays the clients' connection set-up
  const loads: number[] = [];
  let data = await loadMetrics(clients, model);
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    data = await loadMetrics(clients, model);
    loads.push(performance.now() - started);
  }
  loads.sort((a, b) => a - b);
  const loadMs = loads[2];
  console.log(
    `loadMetrics (DescribeModel, ListModels, result + ${data.images.length}-line manifest through S3` +
      (kind === 'segmentation' ? ', true masks joined from the test dataset' : '') +
      '): ' +
      `median ${loadMs.toFixed(0)} ms of 5 (min ${loads[0].toFixed(0)}, max ${loads[4].toFixed(0)})`,
  );

  const thumbnails = new ThumbnailCache(async () => clients.s3);
  const page = await openPage(context);
  let ready!: () => void;
  const pageReady = new Promise<void>((ok) => (ready = ok));
  type Request = {
    type: string;
    id?: number;
    index?: number;
    layer?: 'image' | 'predictedMask' | 'trueMask';
  };
  await page.exposeFunction('toExtension', async (m: Request) => {
    if (m.type === 'ready') ready();
    if (m.type !== 'image' || m.index === undefined) return;
    const image = data.images[m.index];
    const reply = await thumbnails
      .get((!m.layer || m.layer === 'image' ? image.source : image[m.layer]) ?? '')
      .then(
        (src) => ({ src }),
        (err: Error) => ({ error: err.message }),
      );
    await page.evaluate(post({ type: 'image', id: m.id, ...reply }));
  });
  // What VS Code gives a webview page: the API to message its extension.
  await page.addInitScript(`window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.toExtension(m), setState() {}, getState() { return undefined; },
    });`);
  await page.goto(`${ORIGIN}/`);
  await pageReady;
  const paintMs = await page.evaluate<number>(untilPainted(post({ type: 'metrics', data, state: model })));
  const cards = await page.locator('.grid .card').count();
  console.log(
    `page: content message → first paint ${paintMs.toFixed(0)} ms (${cards} thumbnail cards, SVG curves, matrix)`,
  );
  console.log(
    `evaluation panel open with ${TEST_IMAGES} test images: ${(loadMs + paintMs).toFixed(0)} ms to first paint (goal ≤ 500 ms)`,
  );

  const thumbsStarted = performance.now();
  await page.locator('.grid .card').first().scrollIntoViewIfNeeded();
  const visible = await page.evaluate<number>(
    `[...document.querySelectorAll('.grid .card')].filter((c) => c.getBoundingClientRect().top < window.innerHeight).flatMap((c) => [...c.querySelectorAll('img.thumb')]).length`,
  );
  // Polled from outside: the page's CSP forbids evaluating strings inside it.
  while ((await page.locator('.grid img.thumb.loaded').count()) < visible) await page.waitForTimeout(5);

  console.log(
    `first screenful of thumbnails (${visible} pictures${kind === 'segmentation' ? ', masks included' : ''}) loaded ${(performance.now() - thumbsStarted).toFixed(0)} ms after scrolling to the grid`,
  );

  const stepMs = await page.evaluate<number>(
    untilPainted(
      `const slider = document.querySelector('#threshold'); slider.value = '0.7'; slider.dispatchEvent(new Event('input'))`,
    ),
  );
  console.log(
    `threshold slider step (figures, matrix, curve marks over ${TEST_IMAGES} images): ${stepMs.toFixed(1)} ms`,
  );
  await page.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
