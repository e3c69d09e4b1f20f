// A promise-based client of the Edge Agent's gRPC API, for the extension, the tests and the benchmark.
import * as grpc from '@grpc/grpc-js';
import type { Bitmap, SharedMemoryHandle } from './bitmap';
import { loadEdgeAgentProto } from './proto';
import { MAX_MESSAGE_BYTES } from './server';
import type { ModelStatus } from './served-model';

export interface ModelDescription {
  model_component: string;
  lookout_vision_model_arn: string;
  status: ModelStatus;
  status_message: string;
}

export interface DetectAnomalyResult {
  is_anomalous: boolean;
  confidence: number;
  anomaly_mask: Bitmap | null;
  anomalies: { name: string; pixel_anomaly: { total_percentage_area: number; hex_color: string } }[];
}

export class EdgeAgentClient {
  private readonly client: grpc.Client;

  /** `address`: `unix:///path/to.sock` or `host:port`. */
  constructor(protoPath: string, address: string) {
    const Service = loadEdgeAgentProto(protoPath);
    this.client = new Service(address, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    });
  }

  private call<T>(method: string, request: object): Promise<T> {
    type UnaryMethod = (request: object, callback: grpc.requestCallback<T>) => void;
    const fn = (this.client as unknown as Record<string, UnaryMethod>)[method];
    return new Promise((resolve, reject) =>
      fn.call(this.client, request, (err, response) => (err ? reject(err) : resolve(response as T))),
    );
  }

  async startModel(component: string): Promise<ModelStatus> {
    return (await this.call<{ status: ModelStatus }>('StartModel', { model_component: component })).status;
  }

  async stopModel(component: string): Promise<ModelStatus> {
    return (await this.call<{ status: ModelStatus }>('StopModel', { model_component: component })).status;
  }

  async listModels(): Promise<ModelDescription[]> {
    return (await this.call<{ models: ModelDescription[] }>('ListModels', {})).models;
  }

  async describeModel(component: string): Promise<ModelDescription> {
    return (
      await this.call<{ model_description: ModelDescription }>('DescribeModel', {
        model_component: component,
      })
    ).model_description;
  }

  async detectAnomalies(
    component: string,
    bitmap: Bitmap,
    maskMemory?: SharedMemoryHandle,
  ): Promise<DetectAnomalyResult> {
    const response = await this.call<{ detect_anomaly_result: DetectAnomalyResult }>('DetectAnomalies', {
      model_component: component,
      bitmap,
      anomaly_mask_params: maskMemory ? { shared_memory_handle: maskMemory } : undefined,
    });
    return response.detect_anomaly_result;
  }

  close(): void {
    this.client.close();
  }
}
