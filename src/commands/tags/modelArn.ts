// Tags live on models (by ARN); a model reference from a picker or the tree may lack the ARN.
import { DescribeModelCommand } from '@aws-sdk/client-lookoutvision';
import type { ModelRef } from '../../explorer/refs';
import type { CommandContext } from '../context';

export async function modelArnOf(ctx: CommandContext, model: ModelRef): Promise<string> {
  if (model.modelArn) return model.modelArn;
  const { lookout } = await ctx.clients();
  const out = await lookout.send(
    new DescribeModelCommand({ ProjectName: model.projectName, ModelVersion: model.modelVersion }),
  );
  const arn = out.ModelDescription?.ModelArn;
  if (!arn) throw new Error(`Model ${model.modelVersion} of ${model.projectName} has no ARN`);
  return arn;
}
