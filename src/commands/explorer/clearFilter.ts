// Clear Filter: shows every project again (the title bar button and the tree's first row while a filter is set).
import type { CommandContext } from '../context';

export async function clearFilter(ctx: CommandContext): Promise<void> {
  ctx.explorer.setFilter('');
}
