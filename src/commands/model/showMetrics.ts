// Show Model Metrics: the evaluation panel of a model.
import type { CommandContext } from '../context';
import { resolveModel } from '../pickers';
import { loadMetrics, type MetricsData } from '../../panels/evaluationData';
import { showMetricsPanel } from '../../panels/metricsPanel';

export async function showModelMetrics(ctx: CommandContext, arg?: unknown): Promise<MetricsData> {
  const model = await resolveModel(
    ctx,
    arg,
    (s) => s !== 'TRAINING' && s !== 'TRAINING_FAILED',
    'trained model',
  );
  const data = await loadMetrics(await ctx.clients(), model);
  showMetricsPanel(ctx.extension.extensionUri, ctx.panels, data, ctx.clients);
  return data;
}
