// Add Tag: key and value on a model (an existing key gets the new value).
import * as vscode from 'vscode';
import { TagResourceCommand, type Tag } from '@aws-sdk/client-lookoutvision';
import { record, string } from '../arguments';
import type { CommandContext } from '../context';
import { resolveModel } from '../pickers';
import { required } from '../register';
import { modelArnOf } from './modelArn';

const KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** The tag to add, { Key, Value } (else both are asked for). */
export const tagArgument = record({ Key: string, Value: string });

export async function addTag(ctx: CommandContext, arg?: unknown, tagArg?: Tag): Promise<Tag> {
  const model = await resolveModel(ctx, arg);
  const tag: Tag = tagArg ?? {
    Key: required(
      await vscode.window.showInputBox({
        title: 'Tag key',
        validateInput: (v) =>
          KEY.test(v) ? undefined : 'Keys have 1..128 characters and cannot start with "aws:"',
      }),
    ),
    Value: required(
      await vscode.window.showInputBox({
        title: 'Tag value',
        validateInput: (v) => (VALUE.test(v) ? undefined : 'Values have up to 256 characters'),
      }),
    ),
  };
  if (!KEY.test(tag.Key ?? '') || !VALUE.test(tag.Value ?? ''))
    throw new Error(`Invalid tag ${tag.Key}=${tag.Value}`);
  const { lookout } = await ctx.clients();
  await lookout.send(new TagResourceCommand({ ResourceArn: await modelArnOf(ctx, model), Tags: [tag] }));
  void vscode.window.showInformationMessage(
    `Tag ${tag.Key}=${tag.Value} added to model ${model.modelVersion} of ${model.projectName}.`,
  );
  return tag;
}
