import type {
  ListTagsForResourceRequest,
  Tag,
  TagResourceRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-lookoutvision';
import type { BackendContext, Handler, Validated } from './context';
import { notFound, validation } from '../protocol/errors';
import { parseModelArn } from './arn';

const MAX_TAGS = 200;

function requireTaggable(ctx: BackendContext, arn: string): void {
  const model = parseModelArn(ctx, arn);
  const exists =
    model &&
    ctx.db.get('SELECT 1 AS x FROM models WHERE project = ? AND version = ?', model.project, model.version);
  if (!exists) throw notFound('MODEL', arn, `No model with ARN ${arn}`);
}

/** Adds or overwrites tags; callers hold a transaction when it must be atomic with other changes. */
export function putTags(ctx: BackendContext, arn: string, tags: Validated<Tag>[]): void {
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith('aws:'))
      throw validation(`Tag key ${tag.Key} uses the reserved prefix aws:`);
  }
  ctx.db.transaction(() => {
    for (const tag of tags)
      ctx.db.run('INSERT OR REPLACE INTO tags (arn, key, value) VALUES (?, ?, ?)', arn, tag.Key, tag.Value);
    const count = Number(ctx.db.get('SELECT count(*) AS n FROM tags WHERE arn = ?', arn)!.n);
    if (count > MAX_TAGS)
      throw validation(`A resource can have at most ${MAX_TAGS} tags; this request would leave ${count}`);
  });
}

export const TagResource: Handler<TagResourceRequest> = (ctx, input) => {
  const arn = input.ResourceArn;
  requireTaggable(ctx, arn);
  putTags(ctx, arn, input.Tags);
  return {};
};

export const UntagResource: Handler<UntagResourceRequest> = (ctx, input) => {
  const arn = input.ResourceArn;
  requireTaggable(ctx, arn);
  ctx.db.transaction(() => {
    for (const key of input.TagKeys) ctx.db.run('DELETE FROM tags WHERE arn = ? AND key = ?', arn, key);
  });
  return {};
};

export const ListTagsForResource: Handler<ListTagsForResourceRequest> = (ctx, input) => {
  const arn = input.ResourceArn;
  requireTaggable(ctx, arn);
  return {
    Tags: ctx.db
      .all('SELECT key, value FROM tags WHERE arn = ? ORDER BY key', arn)
      .map((r) => ({ Key: r.key, Value: r.value })),
  };
};
