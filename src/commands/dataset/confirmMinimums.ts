// Before a folder is uploaded: if its images fall short of the training minimums for the dataset it would
// become, say what is short, with the numbers, and let the user go on (to add images later) or stop.
import * as vscode from 'vscode';
import { DescribeProjectCommand } from '@aws-sdk/client-lookoutvision';
import { datasetRole, readiness, type Readiness } from '../../client/datasetReadiness';
import type { ClassCounts } from '../../manifest/core';
import type { ConfirmOptions } from '../confirm';
import type { CommandContext } from '../context';
import { Cancelled } from '../register';

export const CREATE_ANYWAY = 'Create Anyway';
export const STOP = 'Stop';

export function shortfallWarning(sourceName: string, short: Readiness): string {
  return `${sourceName} has too few images to train a model: ${short.sentence}. Create the dataset anyway and add images later?`;
}

/**
 * Resolves when the counts meet the minimums or the user goes on; throws Cancelled when they stop.
 * Programmatic callers that already chose to go on pass `{ confirmed: true }`.
 */
export async function confirmMinimums(
  ctx: CommandContext,
  projectName: string,
  datasetType: string,
  sourceName: string,
  counts: ClassCounts,
  options: ConfirmOptions,
): Promise<void> {
  const { lookout } = await ctx.clients();
  const project = await lookout.send(new DescribeProjectCommand({ ProjectName: projectName }));
  const hasTest = (project.ProjectDescription?.Datasets ?? []).some((d) => d.DatasetType === 'test');
  const short = readiness(counts, datasetRole(datasetType, hasTest));
  if (short.met) return;
  const warning = shortfallWarning(sourceName, short);
  ctx.log.warn(warning);
  if (options.confirmed === true) return;
  const answer = await vscode.window.showWarningMessage(warning, CREATE_ANYWAY, STOP);
  if (answer !== CREATE_ANYWAY) throw new Cancelled();
}
