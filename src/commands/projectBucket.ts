// The project's bucket on the active connection, created on first use.
import { bucketPrefix } from '../connection/settings';
import { ensureBucket } from '../client/objectStore';
import { projectBucketName } from '../client/projectBucket';
import type { CommandContext } from './context';

export async function projectBucket(ctx: CommandContext, projectName: string): Promise<string> {
  const { s3 } = await ctx.clients();
  const bucket = projectBucketName(bucketPrefix(), projectName);
  await ensureBucket(s3, bucket);
  return bucket;
}
