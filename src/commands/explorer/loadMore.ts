// Load More: appends the next page to a list in the view.
import { LoadMoreNode } from '../../explorer/nodes/loadMoreNode';
import type { CommandContext } from '../context';

export async function loadMore(ctx: CommandContext, node?: unknown): Promise<void> {
  if (node instanceof LoadMoreNode) await ctx.explorer.loadMore(node);
}
