// Loads edge-agent.proto (shipped beside the agent in the component) for the server and for clients.
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

export function loadEdgeAgentProto(protoPath: string): grpc.ServiceClientConstructor {
  const definition = loadSync(protoPath, {
    // Field names as the proto spells them; enums as their names.
    keepCase: true,
    enums: String,
    longs: Number,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    AWS: { LookoutVision: { EdgeAgent: grpc.ServiceClientConstructor } };
  };
  return pkg.AWS.LookoutVision.EdgeAgent;
}
