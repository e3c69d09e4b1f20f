// Create Project: asks for a name (or takes it as the argument) and creates the project and its bucket.
import * as vscode from 'vscode';
import { CreateProjectCommand } from '@aws-sdk/client-lookoutvision';
import { fields, string, type Read } from '../arguments';
import type { CommandContext } from '../context';
import { projectBucket } from '../projectBucket';
import { required } from '../register';
import { undoableCreate } from '../undoableCreate';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;
const MAX_LENGTH = 255;

export function validateProjectName(name: string): string | undefined {
  if (name.length < 1 || name.length > MAX_LENGTH) return 'A project name has 1 to 255 characters';
  if (!NAME.test(name)) return 'Use letters, digits, "-" and "_", starting with a letter or digit';
  return undefined;
}

/** A valid project name made from a folder or file name ("my plates (2)" → "my-plates-2"). */
export function projectNameFrom(text: string): string {
  const name = text
    .replace(/[^a-zA-Z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, MAX_LENGTH)
    .replace(/-+$/, '');
  return name || 'project';
}

/** suggestedName prefills the name prompt. */
export const createProjectOptions = fields({ suggestedName: string });
type CreateProjectOptions = Read<typeof createProjectOptions>;

export async function createProject(
  ctx: CommandContext,
  arg?: unknown,
  options?: CreateProjectOptions,
): Promise<string> {
  const name =
    typeof arg === 'string'
      ? arg
      : required(
          await vscode.window.showInputBox({
            title: 'New Lookout for Vision project',
            prompt: 'Project name',
            value: options?.suggestedName,
            validateInput: validateProjectName,
          }),
        );
  const invalid = validateProjectName(name);
  if (invalid) throw new Error(`Invalid project name "${name}": ${invalid}`);
  const { lookout } = await ctx.clients();
  return undoableCreate(async (created) => {
    await lookout.send(new CreateProjectCommand({ ProjectName: name }));
    created.project(name);
    ctx.explorer.refreshProjects();
    await projectBucket(ctx, name);
    void vscode.window.showInformationMessage(`Project ${name} created.`);
    return name;
  });
}
