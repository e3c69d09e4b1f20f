// Runs inside the "Metrics" webview: summary metrics, per-anomaly-type metrics and per-image results.
import { el, runPanel } from './panel.js';

function fmt(value) {
  return typeof value === 'number' ? value.toFixed(3) : '—';
}

function table(headers, rows) {
  return el(
    'vscode-table',
    { zebra: true, bordered: true },
    el('vscode-table-header', {}, ...headers.map((h) => el('vscode-table-header-cell', {}, h))),
    el(
      'vscode-table-body',
      {},
      ...rows.map((cells) => el('vscode-table-row', {}, ...cells.map((c) => el('vscode-table-cell', {}, c)))),
    ),
  );
}

function render(data) {
  const metrics = data.evaluationResult?.AggregatedEvaluationResults?.Metrics ?? {};
  const details = data.evaluationResult?.EvaluationDetails ?? {};
  const perf = data.performance ?? {};
  const children = [
    el('h2', {}, `${data.projectName} · model ${data.modelVersion}`),
    el(
      'p',
      { className: 'facts' },
      `Status ${data.status ?? 'unknown'}` +
        (details.NumberOfTrainingImages !== undefined
          ? ` · ${details.NumberOfTrainingImages} training images, ${details.NumberOfTestingImages} test images`
          : ''),
    ),
  ];
  if (perf.F1Score === undefined && metrics.F1Score === undefined) {
    children.push(el('p', { className: 'hint' }, 'No evaluation yet: the model has not finished training.'));
  } else {
    children.push(
      el('h3', {}, 'Test results'),
      table(
        ['F1 score', 'Precision', 'Recall', 'ROC AUC', 'Average precision'],
        [
          [
            fmt(perf.F1Score ?? metrics.F1Score),
            fmt(perf.Precision ?? metrics.Precision),
            fmt(perf.Recall ?? metrics.Recall),
            fmt(metrics.ROCAUC),
            fmt(metrics.AveragePrecision),
          ],
        ],
      ),
    );
  }
  const pixel = metrics.PixelAnomalyClassMetrics ?? [];
  if (pixel.length > 0) {
    children.push(
      el('h3', {}, 'Anomaly types'),
      table(
        ['Anomaly type', 'F1 score', 'Precision', 'Recall', 'Average IoU'],
        pixel.map((p) => [p.ClassName, fmt(p.F1Score), fmt(p.Precision), fmt(p.Recall), fmt(p.AIOU)]),
      ),
    );
  }
  if (data.images.length > 0) {
    const correct = data.images.filter((i) => i.expected === i.predicted).length;
    children.push(
      el('h3', {}, `Test images: ${correct} of ${data.images.length} correct`),
      table(
        ['Image', 'Actual', 'Predicted', 'Confidence', ''],
        data.images.map((i) => [
          i.source.split('/').pop(),
          i.expected ?? '—',
          i.predicted ?? '—',
          fmt(i.confidence),
          i.expected === i.predicted ? '✓' : '✗',
        ]),
      ),
    );
  }
  return children;
}

runPanel('metrics', (message) => render(message.data));
