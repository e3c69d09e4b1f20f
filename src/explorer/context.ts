// What tree nodes need from the extension: service clients of the connection they were built for.
import type { ServiceClients } from '../client/clients';

export interface ExplorerContext {
  clients(): Promise<ServiceClients>;
  /** Distinguishes node ids across connections, so switching never reuses stale nodes. */
  readonly connectionKey: string;
  pageSize(): number;
}
