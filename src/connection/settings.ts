// Typed access to the extension's settings (contributes.configuration in package.json).
import * as vscode from 'vscode';

export type ConnectionKind = 'local' | 'profile' | 'endpoint';

export interface ConnectionSettings {
  kind: ConnectionKind;
  profile: string;
  region: string;
  endpoint: string;
  /** Empty: the extension's global storage. */
  engineDataDir: string;
}

export const SECTION = 'lookoutVision';

export function readConnectionSettings(): ConnectionSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    kind: config.get<ConnectionKind>('connection', 'local'),
    profile: config.get<string>('profile', 'default'),
    region: config.get<string>('region', 'us-east-1'),
    endpoint: config.get<string>('endpoint', ''),
    engineDataDir: config.get<string>('engine.dataDir', ''),
  };
}

export function refreshIntervalMs(): number {
  return (
    Math.max(1, vscode.workspace.getConfiguration(SECTION).get<number>('explorer.refreshInterval', 5)) * 1000
  );
}

export function pageSize(): number {
  return Math.min(
    100,
    Math.max(1, vscode.workspace.getConfiguration(SECTION).get<number>('explorer.pageSize', 50)),
  );
}

/** Prefix of the per-project S3 bucket that holds uploaded images, manifests and model output. */
export function bucketPrefix(): string {
  return vscode.workspace.getConfiguration(SECTION).get<string>('bucketPrefix', 'lookoutvision-');
}

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return ['connection', 'profile', 'region', 'endpoint', 'engine.dataDir'].some((key) =>
    event.affectsConfiguration(`${SECTION}.${key}`),
  );
}
