// The one place that builds the service clients from a connection: the same SDK calls reach the
// local engine, a custom endpoint or AWS.
import { LookoutVisionClient, type LookoutVisionClientConfig } from '@aws-sdk/client-lookoutvision';
import { S3Client } from '@aws-sdk/client-s3';

export interface Connection {
  kind: 'local' | 'profile' | 'endpoint';
  /** Shown in the status bar and in messages. */
  label: string;
  region: string;
  endpoint?: string;
  credentials: NonNullable<LookoutVisionClientConfig['credentials']>;
}

export interface ServiceClients {
  connection: Connection;
  lookout: LookoutVisionClient;
  s3: S3Client;
}

/**
 * The SDK's HTTP handler options for every client. Node's agent closes a pooled connection a second before the
 * server's announced keep-alive timeout (`Keep-Alive: timeout=N`, which the engine sends) only when the agent has a
 * timeout of its own; without one it reuses a connection the server is closing at that instant, and the request
 * fails with ECONNRESET. On a request in progress the timeout only emits an event that nothing acts on.
 */
export const requestHandler = { httpAgent: { keepAlive: true, timeout: 300_000 } };

export function createClients(connection: Connection): ServiceClients {
  const common = {
    requestHandler,
    region: connection.region,
    credentials: connection.credentials,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
  };
  return {
    connection,
    lookout: new LookoutVisionClient(common),
    // The local engine and most S3-compatible endpoints only serve path-style addressing.
    s3: new S3Client({ ...common, forcePathStyle: connection.kind !== 'profile' }),
  };
}

export function destroyClients(clients: ServiceClients): void {
  clients.lookout.destroy();
  clients.s3.destroy();
}
