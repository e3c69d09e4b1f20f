// Owns the active connection: resolves it from settings (starting the local engine when needed),
// builds the service clients once, and announces every change so views drop stale nodes.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { createClients, destroyClients, type Connection, type ServiceClients } from '../client/clients';
import { affectsConnection, readConnectionSettings, type ConnectionSettings } from './settings';
import type { EngineProcess } from './engineProcess';

export class ConnectionManager implements vscode.Disposable {
  private clientsPromise: Promise<ServiceClients> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Set by "Stop engine": the local engine stays down until the user starts it again. */
  private engineStopped = false;

  readonly onDidChange = this.changed.event;

  constructor(
    private readonly engine: EngineProcess,
    private readonly globalStorage: vscode.Uri,
  ) {
    this.subscriptions.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsConnection(event)) this.reset();
      }),
    );
  }

  get settings(): ConnectionSettings {
    return readConnectionSettings();
  }

  get localEngineStopped(): boolean {
    return this.settings.kind === 'local' && this.engineStopped;
  }

  engineDataDir(): string {
    return this.settings.engineDataDir || join(this.globalStorage.fsPath, 'engine');
  }

  /** Clients for the active connection. A dead local engine (stopped elsewhere) is started again. */
  async clients(): Promise<ServiceClients> {
    if (this.localEngineStopped)
      throw new Error('The local engine is stopped. Run "Lookout for Vision: Start Engine".');
    if (this.clientsPromise && this.settings.kind === 'local' && !this.engine.running) this.dropClients();
    if (!this.clientsPromise) {
      const pending = this.resolve().then(createClients);
      // A failed attempt is forgotten so the next call (a retry) tries again.
      pending.catch(() => {
        if (this.clientsPromise === pending) this.clientsPromise = undefined;
      });
      this.clientsPromise = pending;
    }
    return this.clientsPromise;
  }

  async startEngine(): Promise<void> {
    this.engineStopped = false;
    this.dropClients();
    await this.engine.ensure(this.engineDataDir());
    this.changed.fire();
  }

  async stopEngine(): Promise<boolean> {
    this.engineStopped = true;
    this.dropClients();
    const stopped = await this.engine.stop();
    this.changed.fire();
    return stopped;
  }

  /** Forget the clients and tell listeners (settings changed, or a retry after an error). */
  reset(): void {
    this.dropClients();
    this.changed.fire();
  }

  dispose(): void {
    this.dropClients();
    for (const d of this.subscriptions) d.dispose();
  }

  private dropClients(): void {
    const previous = this.clientsPromise;
    this.clientsPromise = undefined;
    previous?.then(destroyClients, () => undefined);
  }

  private async resolve(): Promise<Connection> {
    const settings = this.settings;
    switch (settings.kind) {
      case 'local': {
        const info = await this.engine.ensure(this.engineDataDir());
        return {
          kind: 'local',
          label: 'Local engine',
          region: info.region,
          endpoint: info.endpoint,
          credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
        };
      }
      case 'profile':
        return {
          kind: 'profile',
          label: `AWS ${settings.profile} (${settings.region})`,
          region: settings.region,
          // Shared ini files cover static keys, SSO, credential_process and assumed roles.
          credentials: fromIni({ profile: settings.profile }),
        };
      case 'endpoint': {
        if (!/^https?:\/\/./.test(settings.endpoint)) {
          throw new Error(
            `Setting lookoutVision.endpoint must be an http(s) URL, got "${settings.endpoint}"`,
          );
        }
        return {
          kind: 'endpoint',
          label: new URL(settings.endpoint).host,
          region: settings.region,
          endpoint: settings.endpoint,
          credentials: fromNodeProviderChain({ profile: settings.profile }),
        };
      }
    }
  }
}
