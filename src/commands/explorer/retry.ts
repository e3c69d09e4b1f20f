// Retry (the action of an error node): reconnect if the connection failed, then reload the container.
import { ErrorNode } from '../../explorer/nodes/errorNode';
import type { CommandContext } from '../context';

export async function retry(ctx: CommandContext, node?: unknown): Promise<void> {
  if (!(node instanceof ErrorNode)) return ctx.explorer.refresh();
  ctx.explorer.refresh(node.container);
}
