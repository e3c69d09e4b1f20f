// Owns the active connection: resolves it from settings (starting the local engine when first needed, never
// at activation), builds the service clients once, and announces every change so views drop stale nodes.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { createClients, destroyClients, type Connection, type ServiceClients } from '../client/clients';
import { affectsConnection, readConnectionSettings, type ConnectionSettings } from './settings';
import type { EngineInfo, EngineProcess } from './engineProcess';

export class ConnectionManager implements vscode.Disposable {
  private clientsPromise: Promise<ServiceClients> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly stateChanged = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Set by "Stop engine": the local engine stays down until the user starts it again. */
  private engineStopped = false;
  private starting = 0;
  private used = false;

  readonly onDidChange = this.changed.event;
  /** Fires when the connection is first used and when a local engine start begins or ends (the status bar). */
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly engine: EngineProcess,
    private readonly globalStorage: vscode.Uri,
  ) {
    this.subscriptions.push(
      this.changed,
      this.stateChanged,
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

  /** Whether anything asked for the connection yet (an activation for a manifest alone does not). */
  get inUse(): boolean {
    return this.used;
  }

  /** True while this window starts (or looks for) the local engine. */
  get engineStarting(): boolean {
    return this.starting > 0;
  }

  /** The local engine this window uses, if it runs (started here or found serving the same data directory). */
  get localEngine(): EngineInfo | undefined {
    return this.engine.running;
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
    // A local engine start has said so already; anything else is announced here.
    if (!this.used) {
      this.used = true;
      this.stateChanged.fire();
    }
    return this.clientsPromise;
  }

  async startEngine(): Promise<void> {
    this.engineStopped = false;
    this.dropClients();
    await this.ensureEngine();
    this.changed.fire();
  }

  async stopEngine(): Promise<boolean> {
    this.used = true;
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

  /** The local engine, started (or found) on first use; a start that takes a process shows in the status bar. */
  private async ensureEngine(): Promise<EngineInfo> {
    const running = this.engine.running;
    if (running) return running;
    this.used = true;
    this.starting++;
    this.stateChanged.fire();
    try {
      return await this.engine.ensure(this.engineDataDir());
    } finally {
      this.starting--;
      this.stateChanged.fire();
    }
  }

  private async resolve(): Promise<Connection> {
    const settings = this.settings;
    switch (settings.kind) {
      case 'local': {
        const info = await this.ensureEngine();
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
