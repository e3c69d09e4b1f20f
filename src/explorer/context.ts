// What tree nodes need from the extension: service clients of the connection they were built for.
import type { ServiceClients } from '../client/clients';
import type { ModelWatch } from './modelWatch';

export interface ExplorerContext {
  clients(): Promise<ServiceClients>;
  /**
   * The connection's identity (kind and where it points), prefixed to node ids: the same connection
   * gives the same ids after a reconnect, another connection never reuses them.
   */
  readonly connectionKey: string;
  pageSize(): number;
  /** Where loaded model statuses are reported. */
  readonly models: ModelWatch;
}
