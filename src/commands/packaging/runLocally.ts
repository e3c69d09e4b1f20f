// Run Component Locally: starts the edge agent of an unpacked component (downloading it first from a finished
// job), starts its model and lists the models it serves. Detect Anomalies can then target it.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ModelDescription } from '../../edge-agent/client';
import { ARCHIVE_FOLDER, RECIPE_JSON } from '../../engine/packaging/layout';
import type { CommandContext } from '../context';
import { required } from '../register';
import { componentFolder, componentOf } from './componentFolder';
import { downloadComponent } from './download';
import { isPackagingJobRef } from './jobRef';
import { agentFor, runModel } from './localAgents';

const isComponentFolder = (folder: string) => existsSync(join(folder, ARCHIVE_FOLDER, RECIPE_JSON));

/** Component folders under <workspace>/components, for the palette. */
async function pickFolder(): Promise<string> {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  const root = workspace && join(workspace.uri.fsPath, 'components');
  const folders =
    root && existsSync(root)
      ? readdirSync(root)
          .map((n) => join(root, n))
          .filter(isComponentFolder)
      : [];
  if (folders.length === 0) {
    throw new Error(
      'No downloaded component in this workspace: use Download Component on a finished packaging job.',
    );
  }
  const picked = await vscode.window.showQuickPick(
    folders.map((f) => ({ label: f.slice(root!.length + 1), folder: f })),
    { title: 'Run Component Locally', placeHolder: 'Component to run' },
  );
  return required(picked).folder;
}

/** The agent's socket (Detect Anomalies names it as `{ agentSocket }`) and the models it serves. */
export interface LocalRun {
  socket: string;
  models: ModelDescription[];
}

export async function runComponentLocally(ctx: CommandContext, arg?: unknown): Promise<LocalRun> {
  let folder: string;
  if (isPackagingJobRef(arg)) {
    const component = await componentOf(ctx, arg);
    folder = componentFolder(component.componentName, component.componentVersion);
    if (!isComponentFolder(folder)) folder = await downloadComponent(ctx, arg);
  } else if (arg instanceof vscode.Uri) {
    // The component folder, or any file inside its unpacked archive (the recipe, the agent).
    folder = isComponentFolder(arg.fsPath) ? arg.fsPath : dirname(dirname(arg.fsPath));
    if (!isComponentFolder(folder)) throw new Error(`${arg.fsPath} is not an unpacked component folder.`);
  } else {
    folder = await pickFolder();
  }
  const local = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Starting the edge agent' },
    async () => {
      const started = await agentFor(folder, ctx.extension, ctx.log);
      const model = await runModel(started);
      if (model.status !== 'RUNNING') throw new Error(`The model did not start: ${model.status_message}`);
      return started;
    },
  );
  const models = await local.client.listModels();
  const listed = models.map((m) => `${m.model_component} (${m.status})`).join(', ');
  ctx.log.info(`Edge agent on unix://${local.agent.socket} serves ${listed}`);
  void vscode.window.showInformationMessage(`Edge agent running on unix://${local.agent.socket}: ${listed}.`);
  return { socket: local.agent.socket, models };
}
