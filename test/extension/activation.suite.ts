// Activation in the real extension host: the API, every contributed command, the local connection.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { liveClients } from '../../src/engine/store/client-leases';
import { EXTENSION_ID, extensionApi, labelsUnder } from './tree';

describe('activation', () => {
  it('activates and exposes the connection, the tree and the engine', async () => {
    const api = await extensionApi();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.equal(api.connections.settings.kind, 'local');
    assert.ok(api.explorer);
  });

  it('registers every command it contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const manifest = JSON.parse(readFileSync(join(extension!.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  it('starts the local engine in the background and lists no projects on a fresh data folder', async () => {
    const api = await extensionApi();
    assert.deepEqual(await labelsUnder(api), []);
    const clients = await api.connections.clients();
    assert.match(clients.connection.endpoint ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(api.engine.running, 'the engine process is running');
    // The engine runs while a window uses it: this extension host is one of its clients (client-leases.ts).
    assert.ok(liveClients(api.connections.engineDataDir()).includes(process.pid), 'this window is a client');
  });
});
