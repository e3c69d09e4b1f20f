// List Tags: shows a model's tags (and returns them).
import * as vscode from 'vscode';
import { ListTagsForResourceCommand, type Tag } from '@aws-sdk/client-lookoutvision';
import { boolean, fields, type Read } from '../arguments';
import type { CommandContext } from '../context';
import { resolveModel } from '../pickers';
import { modelArnOf } from './modelArn';

/** quiet: return the tags without showing them. */
export const listTagsOptions = fields({ quiet: boolean });

export async function listTags(
  ctx: CommandContext,
  arg?: unknown,
  options?: Read<typeof listTagsOptions>,
): Promise<Tag[]> {
  const model = await resolveModel(ctx, arg);
  const { lookout } = await ctx.clients();
  const out = await lookout.send(
    new ListTagsForResourceCommand({ ResourceArn: await modelArnOf(ctx, model) }),
  );
  const tags = out.Tags ?? [];
  if (!options?.quiet) {
    const title = `Tags of model ${model.modelVersion} of ${model.projectName}`;
    if (tags.length === 0) void vscode.window.showInformationMessage(`${title}: none.`);
    else
      void vscode.window.showQuickPick(
        tags.map((t) => ({ label: t.Key ?? '', description: t.Value })),
        { title },
      );
  }
  return tags;
}
