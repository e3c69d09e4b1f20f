// Remove Tags: pick keys of a model's tags to remove (after confirmation).
import * as vscode from 'vscode';
import { ListTagsForResourceCommand, UntagResourceCommand } from '@aws-sdk/client-lookoutvision';
import { confirmDestructive, type ConfirmOptions } from '../confirm';
import type { CommandContext } from '../context';
import { resolveModel } from '../pickers';
import { required } from '../register';
import { modelArnOf } from './modelArn';

export async function removeTags(
  ctx: CommandContext,
  arg?: unknown,
  keysArg?: string[],
  options?: ConfirmOptions,
): Promise<string[]> {
  const model = await resolveModel(ctx, arg);
  const { lookout } = await ctx.clients();
  const arn = await modelArnOf(ctx, model);
  let keys = keysArg;
  if (!keys) {
    const tags = (await lookout.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? [];
    if (tags.length === 0) throw new Error(`Model ${model.modelVersion} of ${model.projectName} has no tags`);
    const picked = required(
      await vscode.window.showQuickPick(
        tags.map((t) => ({ label: t.Key ?? '', description: t.Value })),
        { title: 'Tags to remove', canPickMany: true },
      ),
    );
    keys = picked.map((p) => p.label);
  }
  if (keys.length === 0) return [];
  await confirmDestructive(
    `Remove tag(s) ${keys.join(', ')} from model ${model.modelVersion}?`,
    'Remove',
    options,
  );
  await lookout.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: keys }));
  void vscode.window.showInformationMessage(
    `Removed ${keys.length} tag(s) from model ${model.modelVersion} of ${model.projectName}.`,
  );
  return keys;
}
