// Edge agents this window started from unpacked components, one per component folder; stopped with the extension.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EdgeAgentClient, type ModelDescription } from '../../edge-agent/client';
import { launchAgent, type RunningAgent } from '../../edge-agent/launch';
import { ARCHIVE_FOLDER } from '../../engine/packaging/layout';

export interface LocalAgent {
  /** The component's {artifacts:decompressedPath}. */
  folder: string;
  agent: RunningAgent;
  client: EdgeAgentClient;
}

const agents = new Map<string, LocalAgent>();

export function localAgents(): LocalAgent[] {
  return [...agents.values()];
}

/** The agent serving a component folder, started if it is not running yet. */
export async function agentFor(
  folder: string,
  extension: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<LocalAgent> {
  const running = agents.get(folder);
  if (running && running.agent.process.exitCode === null) return running;
  // Unix socket paths are limited to ~100 bytes: a short name in the temporary folder, one per component folder.
  const socket = join(
    tmpdir(),
    `lv-agent-${createHash('sha256').update(folder).digest('hex').slice(0, 12)}.sock`,
  );
  const agent = await launchAgent(folder, {
    configuration: { SocketPath: socket },
    // The editor's own runtime runs the agent as plain Node.js.
    node: process.execPath,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    onLog: (line) => log.info(`[${ARCHIVE_FOLDER}] ${line}`),
  });
  const local = { folder, agent, client: new EdgeAgentClient(agent.protoPath, `unix://${agent.socket}`) };
  agents.set(folder, local);
  agent.process.once('exit', (code) => {
    if (agents.get(folder) === local) agents.delete(folder);
    local.client.close();
    log.info(`The edge agent of ${folder} exited (code ${code}).`);
  });
  if (agents.size === 1) extension.subscriptions.push({ dispose: () => void stopLocalAgents() });
  return local;
}

/** Starts the agent's model and waits until it is RUNNING (or FAILED). */
export async function runModel(local: LocalAgent): Promise<ModelDescription> {
  const name = local.agent.modelComponent;
  let model = await local.client.describeModel(name);
  if (model.status === 'STOPPED' || model.status === 'FAILED') await local.client.startModel(name);
  const end = Date.now() + 60_000;
  while ((model = await local.client.describeModel(name)).status === 'STARTING' && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return model;
}

export async function stopLocalAgents(): Promise<void> {
  await Promise.all(localAgents().map((a) => a.agent.stop()));
}
