import type {
  ListTagsForResourceRequest,
  Tag,
  TagResourceRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-lookoutvision';
import type { BackendContext, Handler, Validated } from './context';
import { notFound, validation } from '../protocol/errors';
import { parseModelArn } from './arn';
import type { ModelKey } from './model-runtime';

const MAX_TAGS = 200;

/** The model an ARN names, which must exist. */
function taggedModel(ctx: BackendContext, arn: string): ModelKey {
  const model = parseModelArn(ctx, arn);
  const exists =
    model &&
    ctx.db.get('SELECT 1 AS x FROM models WHERE project = ? AND version = ?', model.project, model.version);
  if (!exists) throw notFound('MODEL', arn, `No model with ARN ${arn}`);
  return model;
}

/** Adds or overwrites tags; callers hold a transaction when it must be atomic with other changes. */
export function putTags(ctx: BackendContext, { project, version }: ModelKey, tags: Validated<Tag>[]): void {
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith('aws:'))
      throw validation(`Tag key ${tag.Key} uses the reserved prefix aws:`);
  }
  ctx.db.transaction(() => {
    for (const tag of tags)
      ctx.db.run(
        'INSERT OR REPLACE INTO model_tags (project, version, key, value) VALUES (?, ?, ?, ?)',
        project,
        version,
        tag.Key,
        tag.Value,
      );
    const count = Number(
      ctx.db.get('SELECT count(*) AS n FROM model_tags WHERE project = ? AND version = ?', project, version)!
        .n,
    );
    if (count > MAX_TAGS)
      throw validation(`A resource can have at most ${MAX_TAGS} tags; this request would leave ${count}`);
  });
}

export const TagResource: Handler<TagResourceRequest> = (ctx, input) => {
  putTags(ctx, taggedModel(ctx, input.ResourceArn), input.Tags);
  return {};
};

export const UntagResource: Handler<UntagResourceRequest> = (ctx, input) => {
  const { project, version } = taggedModel(ctx, input.ResourceArn);
  ctx.db.transaction(() => {
    for (const key of input.TagKeys)
      ctx.db.run(
        'DELETE FROM model_tags WHERE project = ? AND version = ? AND key = ?',
        project,
        version,
        key,
      );
  });
  return {};
};

export const ListTagsForResource: Handler<ListTagsForResourceRequest> = (ctx, input) => {
  const { project, version } = taggedModel(ctx, input.ResourceArn);
  return {
    Tags: ctx.db
      .all(
        'SELECT key, value FROM model_tags WHERE project = ? AND version = ? ORDER BY key',
        project,
        version,
      )
      .map((r) => ({ Key: r.key, Value: r.value })),
  };
};
