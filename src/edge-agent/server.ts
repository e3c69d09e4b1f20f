// The EdgeAgent gRPC service of edge-agent.proto over one served model, on @grpc/grpc-js.
import * as grpc from '@grpc/grpc-js';
import { readBitmap, writeSharedMemory, type Bitmap, type SharedMemoryHandle } from './bitmap';
import { loadEdgeAgentProto } from './proto';
import type { ServedModel } from './served-model';
import { AgentError } from './status';

/** Large enough for a 4096x4096 RGB bitmap (48 MiB) and its mask. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

interface ModelRequest {
  model_component: string;
}

interface DetectRequest extends ModelRequest {
  bitmap?: Bitmap | null;
  anomaly_mask_params?: { shared_memory_handle?: SharedMemoryHandle | null } | null;
}

type Unary = (request: never) => unknown;

function unary(body: Unary, log: (line: string) => void): grpc.handleUnaryCall<object, unknown> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => body(call.request as never))
      .then(
        (response) => callback(null, response),
        (err: unknown) => {
          if (err instanceof AgentError) return callback({ code: err.code, details: err.message });
          log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          callback({ code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) });
        },
      );
  };
}

export function edgeAgentServer(
  served: ServedModel,
  protoPath: string,
  log: (line: string) => void,
): grpc.Server {
  const describe = () => ({
    model_component: served.info.ComponentName,
    lookout_vision_model_arn: served.info.ModelArn,
    status: served.status,
    status_message: served.statusMessage,
  });
  const handlers = {
    StartModel: (req: ModelRequest) => ({ status: served.check(req.model_component).start() }),
    StopModel: (req: ModelRequest) => ({ status: served.check(req.model_component).stop() }),
    ListModels: () => ({ models: [describe()] }),
    DescribeModel: (req: ModelRequest) => {
      served.check(req.model_component);
      return { model_description: describe() };
    },
    DetectAnomalies: async (req: DetectRequest) => {
      served.check(req.model_component).assertRunning();
      const rgb = await readBitmap(req.bitmap);
      const { width, height } = req.bitmap!;
      const found = await served.detect(width, height, rgb);
      const maskHandle = req.anomaly_mask_params?.shared_memory_handle;
      let mask: object | undefined;
      if (found.mask && maskHandle) {
        await writeSharedMemory(maskHandle, found.mask.rgb);
        mask = { width: found.mask.width, height: found.mask.height, shared_memory_handle: maskHandle };
      } else if (found.mask) {
        mask = { width: found.mask.width, height: found.mask.height, byte_data: found.mask.rgb };
      }
      return {
        detect_anomaly_result: {
          is_anomalous: found.isAnomalous,
          confidence: found.confidence,
          anomaly_mask: mask,
          anomalies: found.anomalies,
        },
      };
    },
  };
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  server.addService(
    loadEdgeAgentProto(protoPath).service,
    Object.fromEntries(Object.entries(handlers).map(([name, body]) => [name, unary(body as Unary, log)])),
  );
  return server;
}
