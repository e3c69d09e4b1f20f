// Show Engine Log: the local engine's output channel.
import type { CommandContext } from '../context';

export async function showEngineLog(ctx: CommandContext): Promise<void> {
  ctx.engineLog.show(true);
}
