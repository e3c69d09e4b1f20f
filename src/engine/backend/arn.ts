import type { BackendContext } from './context';

const prefix = (ctx: BackendContext) => `arn:aws:lookoutvision:${ctx.region}:${ctx.accountId}`;

export const projectArn = (ctx: BackendContext, project: string) => `${prefix(ctx)}:project/${project}`;

export const modelArn = (ctx: BackendContext, project: string, version: number | string) =>
  `${prefix(ctx)}:model/${project}/${version}`;

/** Tags act on model ARNs only; anything else (or another account/region) is not one of ours. */
export function parseModelArn(
  ctx: BackendContext,
  arn: string,
): { project: string; version: number } | undefined {
  const m = /^model\/([a-zA-Z0-9][a-zA-Z0-9_-]*)\/([1-9][0-9]*)$/.exec(
    arn.startsWith(prefix(ctx) + ':') ? arn.slice(prefix(ctx).length + 1) : '',
  );
  return m ? { project: m[1]!, version: Number(m[2]) } : undefined;
}
