import { parentPort } from 'node:worker_threads';
import { zipSync } from 'fflate';
import { detectWithModel } from './detect';
import { WorkerReply, WorkerRequest, asBuffer, serializeError } from './messages';
import { TrainedModel, loadModel } from './model';
import { trainModel } from './train';

/**
 * Worker thread entry: trains a model, serves detections for one opened model (one request at a time), or zips a
 * model package (seconds of compression the engine's thread must not spend).
 */
let model: TrainedModel | undefined;

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'train':
      // Image contents stay as sent (bytes, or paths this thread reads): contentBytes reads them as needed.
      return trainModel({
        ...request.input,
        onProgress: (progress) => {
          const note: WorkerReply = { id: request.id, progress };
          parentPort!.postMessage(note);
        },
      });
    case 'open':
      model = await loadModel(request.modelDir);
      return { width: model.width, height: model.height };
    case 'detect':
      if (!model) throw new Error('no model is open in this worker');
      return detectWithModel(model, asBuffer(request.bytes));
    case 'zip':
      return zipSync(request.files, { level: 6 });
  }
}

parentPort!.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (ok) => {
      const reply: WorkerReply = { id: request.id, ok };
      parentPort!.postMessage(reply);
    },
    (err: unknown) => {
      const reply: WorkerReply = { id: request.id, error: serializeError(err) };
      parentPort!.postMessage(reply);
    },
  );
});
