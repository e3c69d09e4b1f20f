// Refresh: reloads a node's children, or the whole view.
import type { ExplorerNode } from '../../explorer/node';
import type { CommandContext } from '../context';

export async function refresh(ctx: CommandContext, node?: unknown): Promise<void> {
  ctx.explorer.refresh(node as ExplorerNode | undefined);
}
