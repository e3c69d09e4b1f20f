// gRPC status codes the Edge Agent's RPCs answer with (edge-agent.proto), carried by a thrown error.
import { status } from '@grpc/grpc-js';

export class AgentError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export const notFound = (component: string) =>
  new AgentError(status.NOT_FOUND, `No model component named "${component}" is deployed to this agent.`);
export const invalid = (message: string) => new AgentError(status.INVALID_ARGUMENT, message);
export const precondition = (message: string) => new AgentError(status.FAILED_PRECONDITION, message);
export const exhausted = (message: string) => new AgentError(status.RESOURCE_EXHAUSTED, message);
