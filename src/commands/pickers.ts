// Quick picks for commands run from the palette (no tree node): project, dataset, model.
import * as vscode from 'vscode';
import {
  DescribeProjectCommand,
  paginateListModels,
  paginateListProjects,
  type ModelMetadata,
} from '@aws-sdk/client-lookoutvision';
import type { DatasetRef, ModelRef, ProjectRef } from '../explorer/refs';
import { isDatasetRef, isModelRef, isProjectRef } from '../explorer/refs';
import type { CommandContext } from './context';
import { createProject } from './project/create';
import { required } from './register';
import type { CreatedResources } from './undoableCreate';

async function listProjectNames(ctx: CommandContext): Promise<string[]> {
  const { lookout } = await ctx.clients();
  const names: string[] = [];
  for await (const page of paginateListProjects({ client: lookout }, {})) {
    names.push(...(page.Projects ?? []).map((p) => p.ProjectName ?? ''));
  }
  return names;
}

export const NEW_PROJECT = '$(add) New project…';

/** How a create flow offers "New project…": the project it creates is recorded, its name prefilled. */
export interface NewProjectOffer {
  created: CreatedResources;
  /** Made unique among the existing projects before it is offered. */
  suggestedName?: string;
}

/** The project of `arg`, or one the user picks (optionally offering to create one). */
export async function resolveProject(
  ctx: CommandContext,
  arg: unknown,
  offerNew?: NewProjectOffer,
): Promise<ProjectRef> {
  if (isProjectRef(arg)) return arg;
  const names = listProjectNames(ctx);
  // With no project yet, there is nothing to pick: straight to the new project's name.
  const picked =
    offerNew && (await names).length === 0
      ? NEW_PROJECT
      : required(
          await vscode.window.showQuickPick(
            names.then((n) => (offerNew ? [NEW_PROJECT, ...n] : n)),
            { title: 'Lookout for Vision project', placeHolder: 'Pick a project' },
          ),
        );
  if (picked !== NEW_PROJECT || !offerNew) return { projectName: picked };
  const suggestedName = offerNew.suggestedName && unique(offerNew.suggestedName, await names);
  const projectName = await createProject(ctx, undefined, { suggestedName });
  offerNew.created.project(projectName);
  return { projectName };
}

/** `name`, or `name-2`, `name-3`… when a project already has it. */
function unique(name: string, taken: string[]): string {
  const names = new Set(taken);
  let candidate = name;
  for (let n = 2; names.has(candidate); n++) candidate = `${name}-${n}`;
  return candidate;
}

export async function resolveDataset(ctx: CommandContext, arg: unknown): Promise<DatasetRef> {
  if (isDatasetRef(arg)) return arg;
  const { projectName } = await resolveProject(ctx, arg);
  const { lookout } = await ctx.clients();
  const project = await lookout.send(new DescribeProjectCommand({ ProjectName: projectName }));
  const types = (project.ProjectDescription?.Datasets ?? []).map((d) => d.DatasetType ?? '');
  if (types.length === 0) throw new Error(`Project ${projectName} has no datasets`);
  const datasetType =
    types.length === 1 ? types[0] : required(await vscode.window.showQuickPick(types, { title: 'Dataset' }));
  return { projectName, datasetType };
}

/** A model of the project, limited to models whose status satisfies `accept`. */
export async function resolveModel(
  ctx: CommandContext,
  arg: unknown,
  accept: (status: string | undefined) => boolean = () => true,
  what = 'model',
): Promise<ModelRef> {
  if (isModelRef(arg)) return arg;
  const projects = isProjectRef(arg) ? [arg.projectName] : await listProjectNames(ctx);
  const { lookout } = await ctx.clients();
  const models: (ModelMetadata & { projectName: string })[] = [];
  for (const projectName of projects) {
    for await (const page of paginateListModels({ client: lookout }, { ProjectName: projectName })) {
      models.push(...(page.Models ?? []).filter((m) => accept(m.Status)).map((m) => ({ ...m, projectName })));
    }
  }
  if (models.length === 0)
    throw new Error(`There is no ${what}${isProjectRef(arg) ? ` in project ${arg.projectName}` : ''}`);
  const picked = required(
    await vscode.window.showQuickPick(
      models.map((m) => ({
        label: `${m.projectName} · model ${m.ModelVersion}`,
        description: [
          m.Status,
          m.Performance?.F1Score !== undefined ? `F1 ${m.Performance.F1Score.toFixed(3)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
        model: m,
      })),
      { title: `Pick a ${what}` },
    ),
  );
  return {
    projectName: picked.model.projectName,
    modelVersion: picked.model.ModelVersion ?? '',
    modelArn: picked.model.ModelArn,
  };
}
