// Create Project: asks for a name (or takes it as the argument) and creates the project and its bucket.
import * as vscode from 'vscode';
import { CreateProjectCommand } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { projectBucket } from '../projectBucket';
import { required } from '../register';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;

export function validateProjectName(name: string): string | undefined {
  if (name.length < 1 || name.length > 255) return 'A project name has 1 to 255 characters';
  if (!NAME.test(name)) return 'Use letters, digits, "-" and "_", starting with a letter or digit';
  return undefined;
}

export async function createProject(ctx: CommandContext, arg?: unknown): Promise<string> {
  const name =
    typeof arg === 'string'
      ? arg
      : required(
          await vscode.window.showInputBox({
            title: 'New Lookout for Vision project',
            prompt: 'Project name',
            validateInput: validateProjectName,
          }),
        );
  const invalid = validateProjectName(name);
  if (invalid) throw new Error(`Invalid project name "${name}": ${invalid}`);
  const { lookout } = await ctx.clients();
  await lookout.send(new CreateProjectCommand({ ProjectName: name }));
  await projectBucket(ctx, name);
  ctx.explorer.refresh();
  void vscode.window.showInformationMessage(`Project ${name} created.`);
  return name;
}
