// Runs inside the "Metrics" webview: a model's evaluation to judge it and choose its threshold. The summary, the
// confusion matrix, ROC and precision–recall curves with the operating point, a threshold slider that moves the
// figures live (from the evaluation manifest's confidences), the test images as thumbnails, per-label figures
// for segmentation, and other versions of the project on the same plots. Every figure is also a table or text
// that can be copied.
/* global window */
import {
  anomalyScore,
  auc,
  averagePrecision,
  confusionAt,
  prCurve,
  rates,
  rocCurve,
  thresholdForFullRecall,
} from '../src/panels/evaluationMath';
import { el, runPanel } from './panel.js';
import { imageLoader } from './lazyImages.js';
import { curveChart, SERIES_COLORS } from './charts.js';

/** The model's own operating point: its confidence is 0.5 at its decision threshold. */
const MODEL_THRESHOLD = 0.5;

let vscode;
let images;
/** Versions shown beside the model, by version: their metrics as loaded, or undefined while loading. */
const compared = new Map();
/** Redraws what depends on the compared versions (set by each render). */
let redrawComparison = () => undefined;

function fmt(value, digits = 3) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** A threshold shown rounded down: every image at or above the exact one is also at or above what is shown. */
function thresholdText(t) {
  return (Math.floor(t * 1000) / 1000).toFixed(3);
}

/** The test images with a ground truth and a verdict, as scores for the evaluation maths. */
function scoredImages(data) {
  return data.images
    .map((image, index) => ({ image, index }))
    .filter(({ image }) => image.expected && image.predicted && typeof image.confidence === 'number')
    .map(({ image, index }) => ({
      index,
      anomalous: image.expected === 'anomaly',
      score: anomalyScore(image.predicted === 'anomaly', image.confidence),
    }));
}

function curvesOf(data) {
  const scored = scoredImages(data);
  const roc = rocCurve(scored);
  const pr = prCurve(scored);
  const metrics = data.evaluationResult?.AggregatedEvaluationResults?.Metrics ?? {};
  const perf = data.performance ?? {};
  return {
    scored,
    roc,
    pr,
    figures: {
      f1: perf.F1Score ?? metrics.F1Score,
      precision: perf.Precision ?? metrics.Precision,
      recall: perf.Recall ?? metrics.Recall,
      rocAuc: metrics.ROCAUC ?? (roc.length ? auc(roc) : undefined),
      averagePrecision: metrics.AveragePrecision ?? (pr.length ? averagePrecision(pr) : undefined),
    },
  };
}

function table(caption, headers, rows, className = 'data') {
  return el(
    'table',
    { className },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))),
  );
}

function duration(from, to) {
  if (!from || !to) return undefined;
  const seconds = Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);
  if (seconds < 90) return `${seconds.toFixed(0)} s`;
  const minutes = seconds / 60;
  return minutes < 90 ? `${minutes.toFixed(1)} min` : `${(minutes / 60).toFixed(1)} h`;
}

function summary(data, figures) {
  const details = data.evaluationResult?.EvaluationDetails ?? {};
  const threshold = details.Threshold;
  const card = (label, value) =>
    el('div', { className: 'figure' }, el('dt', {}, label), el('dd', {}, fmt(value)));
  const facts = [
    ['Status', data.status ?? 'unknown'],
    [
      'Model type',
      details.ModelType ?? (data.images.some((i) => i.labels) ? 'segmentation' : 'classification'),
    ],
    ['Training time', duration(data.createdAt, data.evaluatedAt ?? details.EvaluationEndTimestamp) ?? '—'],
    ['Training images', details.NumberOfTrainingImages ?? '—'],
    ['Test images', details.NumberOfTestingImages ?? data.images.length],
    [
      'Threshold',
      `confidence ${MODEL_THRESHOLD} of anomaly` +
        (threshold?.Description ? ` — ${threshold.Description}` : ' (how it was chosen is not recorded)'),
    ],
  ];
  return [
    el(
      'dl',
      { className: 'figures' },
      card('F1 score', figures.f1),
      card('Precision', figures.precision),
      card('Recall', figures.recall),
      card('ROC AUC', figures.rocAuc),
      card('Average precision', figures.averagePrecision),
    ),
    el(
      'dl',
      { className: 'facts-list' },
      ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]),
    ),
  ];
}

function confusionMatrix() {
  const cell = (kind, title) => {
    const count = el('strong', { className: 'count' });
    const share = el('span', { className: 'share' });
    const td = el(
      'td',
      { className: `cell ${kind}` },
      el('span', { className: 'kind' }, title),
      count,
      share,
    );
    td.dataset.cell = kind;
    return { td, count, share };
  };
  const cells = {
    tp: cell('tp', 'true positive'),
    fn: cell('fn', 'false negative'),
    fp: cell('fp', 'false positive'),
    tn: cell('tn', 'true negative'),
  };
  const element = el(
    'table',
    { className: 'matrix' },
    el('caption', {}, 'Confusion matrix'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('td'),
        el('th', { scope: 'col' }, 'Predicted anomaly'),
        el('th', { scope: 'col' }, 'Predicted normal'),
      ),
    ),
    el(
      'tbody',
      {},
      el('tr', {}, el('th', { scope: 'row' }, 'Actual anomaly'), cells.tp.td, cells.fn.td),
      el('tr', {}, el('th', { scope: 'row' }, 'Actual normal'), cells.fp.td, cells.tn.td),
    ),
  );
  return {
    element,
    update(c) {
      const rows = { tp: c.tp + c.fn, fn: c.tp + c.fn, fp: c.fp + c.tn, tn: c.fp + c.tn };
      for (const [kind, { td, count, share }] of Object.entries(cells)) {
        const fraction = rows[kind] ? c[kind] / rows[kind] : 0;
        count.textContent = String(c[kind]);
        share.textContent = rows[kind] ? `${Math.round(fraction * 100)} % of the row` : '';
        td.style.setProperty('--share', `${Math.round(fraction * 60)}%`);
      }
    },
  };
}

/** The threshold slider and everything it moves. */
function thresholdSection(data, curves, onThreshold) {
  const { scored } = curves;
  const slider = el('input', {
    type: 'range',
    min: 0,
    max: 1,
    step: 0.001,
    value: MODEL_THRESHOLD,
    id: 'threshold',
  });
  slider.setAttribute(
    'aria-label',
    'Threshold: confidence of anomaly at or above which an image is anomalous',
  );
  const value = el('output', { className: 'threshold-value' });
  const figures = el('dl', { className: 'figures live' });
  const matrix = confusionMatrix();
  const fullRecall = thresholdForFullRecall(scored);
  const reset = el('vscode-button', { secondary: true }, "Model's threshold");
  const recallButton = el(
    'vscode-button',
    { secondary: true, disabled: fullRecall === undefined },
    'Recall 1.0',
  );
  let recallText = 'There are no anomalous test images: recall is not defined.';
  if (fullRecall !== undefined) {
    const at = confusionAt(scored, fullRecall);
    const r = rates(at);
    recallText =
      `For recall 1.0 (every anomalous test image found) the threshold would have to be at most ${thresholdText(fullRecall)}: ` +
      `precision ${fmt(r.precision)}, ${at.fp} of ${at.fp + at.tn} normal images flagged.`;
  }
  // The exact threshold: the slider snaps to its step, which could drop the image a button's threshold is set for.
  let threshold = MODEL_THRESHOLD;
  const set = (t) => {
    threshold = t;
    slider.value = String(t);
    update();
    onThreshold(t, undefined, undefined, true);
  };
  reset.addEventListener('click', () => set(MODEL_THRESHOLD));
  recallButton.addEventListener('click', () => fullRecall !== undefined && set(fullRecall));

  function update() {
    const t = threshold;
    const c = confusionAt(scored, t);
    const r = rates(c);
    value.textContent = thresholdText(t) + (t === MODEL_THRESHOLD ? " (the model's)" : '');
    figures.replaceChildren(
      ...[
        ['F1 score', r.f1],
        ['Precision', r.precision],
        ['Recall', r.recall],
        ['Accuracy', r.accuracy],
      ].map(([k, v]) => {
        const dd = el('dd', {}, fmt(v));
        dd.dataset.figure = k;
        return el('div', { className: 'figure' }, el('dt', {}, k), dd);
      }),
    );
    matrix.update(c);
    onThreshold(t, c, r);
  }
  slider.addEventListener('input', () => {
    threshold = Number(slider.value);
    update();
  });
  // The grid follows when the slider is let go: re-sorting a thousand thumbnails on every step is not needed.
  slider.addEventListener('change', () => onThreshold(threshold, undefined, undefined, true));

  return {
    nodes: [
      el(
        'div',
        { className: 'threshold' },
        el('label', { htmlFor: 'threshold' }, 'Threshold'),
        slider,
        value,
        reset,
        recallButton,
      ),
      el('p', { className: 'facts recall-note' }, recallText),
      el('div', { className: 'live-figures' }, figures, matrix.element),
    ],
    update,
  };
}

/** The operating point of a threshold on each curve. */
function pointsAt(scored, t) {
  const c = confusionAt(scored, t);
  const r = rates(c);
  return { roc: { x: c.fp / (c.fp + c.tn || 1), y: r.recall }, pr: { x: r.recall, y: r.precision } };
}

function chartsSection(data, curves) {
  const legend = el('ul', { className: 'legend' });
  const holder = el('div', { className: 'charts' });
  let rocChart;
  let prChart;
  let threshold = MODEL_THRESHOLD;

  const versions = () => [
    { version: data.modelVersion, curves },
    ...[...compared]
      .filter(([, d]) => d && !d.error)
      .map(([version, d]) => ({ version, curves: curvesOf(d) })),
  ];
  function draw() {
    const shown = versions();
    const series = (kind) =>
      shown.map((s, i) => ({
        name: `model ${s.version}`,
        color: SERIES_COLORS[i % SERIES_COLORS.length],
        points: s.curves[kind],
      }));
    rocChart = curveChart({
      title: 'ROC curve: true positive rate against false positive rate',
      xLabel: 'False positive rate',
      yLabel: 'True positive rate (recall)',
      diagonal: true,
      series: series('roc'),
    });
    prChart = curveChart({
      title: 'Precision–recall curve',
      xLabel: 'Recall',
      yLabel: 'Precision',
      series: series('pr'),
    });
    holder.replaceChildren(rocChart.element, prChart.element);
    legend.replaceChildren(
      ...shown.map((s, i) => {
        const swatch = el('span', { className: 'swatch' });
        swatch.style.backgroundColor = SERIES_COLORS[i % SERIES_COLORS.length];
        return el(
          'li',
          {},
          swatch,
          ` Model ${s.version}: ROC AUC ${fmt(s.curves.figures.rocAuc)}, average precision ${fmt(s.curves.figures.averagePrecision)}`,
        );
      }),
    );
    mark();
  }
  function mark() {
    const shown = versions();
    const marks = (kind) =>
      shown.flatMap((s, i) => {
        const color = SERIES_COLORS[i % SERIES_COLORS.length];
        const at = pointsAt(s.curves.scored, MODEL_THRESHOLD)[kind];
        const own = { ...at, color, kind: 'model', label: `model ${s.version} at its threshold` };
        if (i > 0 || threshold === MODEL_THRESHOLD) return [own];
        return [
          own,
          {
            ...pointsAt(s.curves.scored, threshold)[kind],
            color,
            kind: 'current',
            label: `threshold ${thresholdText(threshold)}`,
          },
        ];
      });
    rocChart.setMarks(marks('roc').filter((p) => Number.isFinite(p.y)));
    prChart.setMarks(marks('pr').filter((p) => Number.isFinite(p.y)));
  }
  draw();
  return {
    nodes: [
      el(
        'p',
        { className: 'hint' },
        'A ring marks each model at its own threshold; the filled dot is the threshold of the slider.',
      ),
      holder,
      legend,
    ],
    draw,
    setThreshold(t) {
      threshold = t;
      mark();
    },
  };
}

function compareSection(data, charts) {
  if (data.otherVersions.length === 0) return [];
  const rows = el('tbody');
  const fill = () => {
    const list = [[data.modelVersion, data], ...compared];
    rows.replaceChildren(
      ...list.map(([version, d]) => {
        if (!d) return el('tr', {}, el('td', {}, `Model ${version}`), el('td', { colSpan: 6 }, 'loading…'));
        if (d.error)
          return el(
            'tr',
            {},
            el('td', {}, `Model ${version}`),
            el('td', { colSpan: 6, className: 'error' }, d.error),
          );
        const f = curvesOf(d).figures;
        const details = d.evaluationResult?.EvaluationDetails ?? {};
        return el(
          'tr',
          {},
          ...[
            `Model ${version}`,
            fmt(f.f1),
            fmt(f.precision),
            fmt(f.recall),
            fmt(f.rocAuc),
            fmt(f.averagePrecision),
            String(details.NumberOfTestingImages ?? d.images.length),
          ].map((c) => el('td', {}, c)),
        );
      }),
    );
  };
  redrawComparison = () => {
    fill();
    charts.draw();
  };
  const boxes = data.otherVersions.map((version) => {
    const box = el('vscode-checkbox', { label: `Model ${version}` });
    box.dataset.version = version;
    box.addEventListener('change', () => {
      if (box.checked) {
        compared.set(version, undefined);
        vscode.postMessage({ type: 'compare', modelVersion: version });
      } else compared.delete(version);
      redrawComparison();
    });
    return box;
  });
  fill();
  return [
    el('h3', {}, 'Compare with other versions'),
    el('div', { className: 'compare' }, ...boxes),
    el(
      'table',
      { className: 'data comparison' },
      el('caption', {}, 'Versions side by side'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...[
            'Version',
            'F1 score',
            'Precision',
            'Recall',
            'ROC AUC',
            'Average precision',
            'Test images',
          ].map((h) => el('th', {}, h)),
        ),
      ),
      rows,
    ),
  ];
}

function labelsSection(data) {
  const pixel = data.evaluationResult?.AggregatedEvaluationResults?.Metrics?.PixelAnomalyClassMetrics ?? [];
  if (pixel.length === 0) return [];
  const nodes = [
    el('h3', {}, 'Anomaly types'),
    table(
      'Per anomaly label, on the test images',
      ['Anomaly type', 'Images found', 'F1 score', 'Precision', 'Recall', 'Average IoU'],
      pixel.map((p) => {
        const swatch = el('span', { className: 'swatch' });
        swatch.style.backgroundColor = p.Color ?? 'transparent';
        return [
          el('span', {}, swatch, ` ${p.ClassName}`),
          String(p.ImagesFound ?? '—'),
          fmt(p.F1Score),
          fmt(p.Precision),
          fmt(p.Recall),
          fmt(p.AIOU),
        ];
      }),
    ),
  ];
  if (data.images.some((i) => i.trueLabels)) {
    nodes.push(labelConfusion(data, pixel));
    return nodes;
  }
  // Without the true labels (an older evaluation): which labels the model found on anomalous and on normal test
  // images.
  const counts = new Map(pixel.map((p) => [p.ClassName, { anomalous: 0, normal: 0 }]));
  for (const image of data.images)
    for (const label of image.labels ?? []) {
      const c = counts.get(label) ?? { anomalous: 0, normal: 0 };
      c[image.expected === 'anomaly' ? 'anomalous' : 'normal']++;
      counts.set(label, c);
    }
  nodes.push(
    table(
      'Labels found, by the ground truth of the image',
      ['Anomaly type', 'On anomalous images', 'On normal images'],
      [...counts].map(([name, c]) => [name, String(c.anomalous), String(c.normal)]),
    ),
  );
  return nodes;
}

/**
 * True label × predicted label, counted per test image: an image counts once in each cell of a label of its true
 * mask (or "none") and a label the model painted on it (or "none"). The diagonal is the labels found where they
 * are; off it, what a label is mistaken for, missed ("none" column) or painted on clean images ("none" row).
 */
function labelConfusion(data, pixel) {
  const NONE = 'none';
  const names = [...pixel.map((p) => p.ClassName)];
  for (const image of data.images)
    for (const name of [...(image.trueLabels ?? []), ...(image.labels ?? [])])
      if (!names.includes(name)) names.push(name);
  const axis = [...names, NONE];
  const counts = new Map(axis.map((t) => [t, new Map(axis.map((p) => [p, 0]))]));
  for (const image of data.images) {
    if (!image.trueLabels) continue;
    const truth = image.trueLabels.length ? image.trueLabels : [NONE];
    const found = image.labels?.length ? image.labels : [NONE];
    for (const t of truth) for (const p of found) counts.get(t).set(p, counts.get(t).get(p) + 1);
  }
  const colorOf = new Map(pixel.map((p) => [p.ClassName, p.Color]));
  const head = (name, scope) => {
    const swatch = el('span', { className: 'swatch' });
    swatch.style.backgroundColor = colorOf.get(name) ?? 'transparent';
    return el('th', { scope }, ...(name === NONE ? [] : [swatch, ' ']), name);
  };
  return el(
    'table',
    { className: 'data label-confusion' },
    el('caption', {}, 'Label confusion: test images by true label (rows) and predicted label (columns)'),
    el('thead', {}, el('tr', {}, el('td'), ...axis.map((p) => head(p, 'col')))),
    el(
      'tbody',
      {},
      ...axis.map((t) =>
        el(
          'tr',
          {},
          head(t, 'row'),
          ...axis.map((p) => {
            const n = counts.get(t).get(p);
            const td = el('td', { className: `num${t === p ? ' agree' : n ? ' disagree' : ''}` }, String(n));
            td.dataset.true = t;
            td.dataset.predicted = p;
            return td;
          }),
        ),
      ),
    ),
  );
}

const FILTERS = {
  all: ['All', () => true],
  mistakes: ['Mistakes', (k) => k === 'fp' || k === 'fn'],
  fp: ['False positives', (k) => k === 'fp'],
  fn: ['False negatives', (k) => k === 'fn'],
  anomalies: ['Actual anomalies', (k) => k === 'tp' || k === 'fn'],
  normal: ['Actual normal', (k) => k === 'tn' || k === 'fp'],
};

function imagesSection(data, curves, viewer) {
  const scoreOf = new Map(curves.scored.map((s) => [s.index, s]));
  let threshold = MODEL_THRESHOLD;
  let filter = 'all';
  const kindOf = (index) => {
    const s = scoreOf.get(index);
    if (!s) return undefined;
    const predicted = s.score >= threshold;
    return s.anomalous ? (predicted ? 'tp' : 'fn') : predicted ? 'fp' : 'tn';
  };
  const heading = el('h3');
  const buttons = Object.entries(FILTERS).map(([key, [title]]) => {
    const b = el('vscode-button', { secondary: key !== filter }, title);
    b.dataset.filter = key;
    b.addEventListener('click', () => {
      filter = key;
      for (const other of buttons) other.secondary = other.dataset.filter !== key;
      fill();
    });
    return b;
  });
  const grid = el('div', { className: 'grid', role: 'list' });
  const segmentation = data.images.some((i) => i.predictedMask);
  const cards = data.images.map((image, index) => {
    const name = image.source.split('/').pop();
    const verdict = el('span', { className: 'verdict-text' });
    const card = el(
      'button',
      { className: 'card', type: 'button' },
      segmentation ? maskPair(image, index, 'thumbnail') : lazyThumb(name, index, 'image'),
      el('span', { className: 'name' }, name),
      verdict,
      el(
        'span',
        { className: 'facts' },
        `actual ${image.expected ?? '—'} · confidence ${fmt(image.confidence, 2)}` +
          (image.trueLabels?.length ? ` · true ${image.trueLabels.join(', ')}` : '') +
          (image.labels?.length ? ` · found ${image.labels.join(', ')}` : ''),
      ),
    );
    card.setAttribute('role', 'listitem');
    card.dataset.index = String(index);
    card.addEventListener('click', () => viewer.open(index));
    return { card, verdict, image };
  });
  function fill() {
    const correct = cards.filter((_, i) => {
      const k = kindOf(i);
      return k === 'tp' || k === 'tn';
    }).length;
    heading.textContent = `Test images: ${correct} of ${data.images.length} correct at threshold ${thresholdText(threshold)}`;
    const keep = FILTERS[filter][1];
    const shown = [];
    cards.forEach(({ card, verdict, image }, i) => {
      const kind = kindOf(i);
      card.className = `card ${kind ?? ''}`;
      const predicted =
        kind === undefined ? image.predicted : kind === 'tp' || kind === 'fp' ? 'anomaly' : 'normal';
      verdict.textContent =
        `predicted ${predicted ?? '—'}` +
        (kind === 'fp'
          ? ' · false positive'
          : kind === 'fn'
            ? ' · false negative'
            : kind
              ? ' · correct'
              : '');
      if (keep(kind)) shown.push(card);
    });
    grid.replaceChildren(...shown);
    if (shown.length === 0) grid.append(el('p', { className: 'hint' }, 'No test image in this group.'));
  }
  fill();
  return {
    nodes: [heading, el('div', { className: 'toolbar filters' }, ...buttons), grid],
    setThreshold(t) {
      threshold = t;
      fill();
    },
  };
}

function lazyThumb(alt, index, layer) {
  const img = el('img', { className: layer === 'image' ? 'thumb' : 'thumb mask', alt });
  images.lazy(img, index, layer);
  return img;
}

/** A picture of `size` of the test image at `index`, with one of its masks (layer) over it when it has one. */
function overlaid(image, index, size, layer, caption) {
  const name = image.source.split('/').pop();
  const stage = el('div', { className: 'overlaid' });
  const figure = el('figure', { className: `layer-${layer}` }, stage, el('figcaption', {}, caption));
  const hasMask = layer === 'predictedMask' ? image.predictedMask : image.trueMask;
  if (size === 'thumbnail') {
    stage.append(lazyThumb(name, index, 'image'));
    if (hasMask) stage.append(lazyThumb(`${caption} of ${name}`, index, layer));
    return figure;
  }
  const picture = el('img', { alt: name });
  stage.append(picture);
  images.load(index, 'full').then(
    (src) => (picture.src = src),
    (err) => figure.append(el('p', { className: 'error' }, err.message)),
  );
  if (hasMask) {
    const mask = el('img', { className: 'mask', alt: `${caption} of ${name}` });
    stage.append(mask);
    images.load(index, 'full', layer).then(
      (src) => {
        mask.src = src;
        mask.classList.add('loaded');
      },
      (err) => figure.append(el('p', { className: 'error' }, err.message)),
    );
  }
  return figure;
}

/** The predicted mask over a segmentation test image next to its true mask, with the labels of each. */
function maskPair(image, index, size) {
  const labels = (names) => (names?.length ? names.join(', ') : 'none');
  return el(
    'div',
    { className: `pair ${size}` },
    overlaid(image, index, size, 'predictedMask', `Predicted: ${labels(image.labels)}`),
    overlaid(
      image,
      index,
      size,
      'trueMask',
      `True: ${image.trueLabels ? labels(image.trueLabels) : 'not recorded'}`,
    ),
  );
}

/** The full-size picture of a test image with its manifest line, in a modal dialog. */
function imageViewer(data) {
  const title = el('h3');
  const picture = el('div', { className: 'full' });
  const line = el('pre', { className: 'manifest-line' });
  const close = el('vscode-button', {}, 'Close');
  const dialog = el(
    'dialog',
    { className: 'viewer' },
    el('div', { className: 'viewer-head' }, title, close),
    picture,
    line,
  );
  close.addEventListener('click', () => dialog.close());
  return {
    element: dialog,
    open(index) {
      const image = data.images[index];
      title.textContent = image.source.split('/').pop();
      line.textContent = JSON.stringify(JSON.parse(image.line), null, 2);
      if (image.predictedMask) picture.replaceChildren(maskPair(image, index, 'full'));
      else {
        picture.replaceChildren(el('vscode-progress-ring'));
        images.load(index, 'full').then(
          (src) => picture.replaceChildren(el('img', { src, alt: title.textContent })),
          (err) => picture.replaceChildren(el('p', { className: 'error' }, err.message)),
        );
      }
      dialog.showModal();
    },
  };
}

/** The figures as tab-separated text, to paste into a sheet or a report. */
function figuresText(data, curves, threshold) {
  const c = confusionAt(curves.scored, threshold);
  const r = rates(c);
  const f = curves.figures;
  const lines = [
    `${data.projectName} model ${data.modelVersion}`,
    ['F1 score', 'Precision', 'Recall', 'ROC AUC', 'Average precision'].join('\t'),
    [f.f1, f.precision, f.recall, f.rocAuc, f.averagePrecision].map((v) => fmt(v)).join('\t'),
    `At threshold ${thresholdText(threshold)}`,
    ['TP', 'FP', 'TN', 'FN', 'Precision', 'Recall', 'F1 score'].join('\t'),
    [c.tp, c.fp, c.tn, c.fn, fmt(r.precision), fmt(r.recall), fmt(r.f1)].join('\t'),
  ];
  const pixel = data.evaluationResult?.AggregatedEvaluationResults?.Metrics?.PixelAnomalyClassMetrics ?? [];
  if (pixel.length) {
    lines.push(['Anomaly type', 'F1 score', 'Precision', 'Recall', 'Average IoU'].join('\t'));
    for (const p of pixel)
      lines.push([p.ClassName, fmt(p.F1Score), fmt(p.Precision), fmt(p.Recall), fmt(p.AIOU)].join('\t'));
  }
  return lines.join('\n') + '\n';
}

/** The curves as a table, built when opened: one row per distinct threshold. */
function curveTable(curves) {
  const details = el('details', { className: 'curve-table' }, el('summary', {}, 'Curve points as a table'));
  details.addEventListener('toggle', () => {
    if (!details.open || details.querySelector('table')) return;
    const negatives = curves.scored.filter((s) => !s.anomalous).length;
    details.append(
      table(
        'ROC and precision–recall points',
        ['Threshold', 'TP', 'FP', 'TN', 'FN', 'False positive rate', 'Recall', 'Precision', 'F1 score'],
        curves.roc.slice(1).map((p) => {
          const c = confusionAt(curves.scored, p.threshold);
          const r = rates(c);
          return [
            fmt(p.threshold),
            c.tp,
            c.fp,
            c.tn,
            c.fn,
            fmt(negatives ? c.fp / negatives : NaN),
            fmt(r.recall),
            fmt(r.precision),
            fmt(r.f1),
          ].map(String);
        }),
      ),
    );
  });
  return details;
}

function render(message) {
  const data = message.data;
  images.reset();
  compared.clear();
  redrawComparison = () => undefined;
  const curves = curvesOf(data);
  const f = curves.figures;
  const statusBadge = el('vscode-badge', { className: 'status' }, (data.status ?? 'unknown').toLowerCase());
  const children = [el('h2', {}, `${data.projectName} · model ${data.modelVersion}`, ' ', statusBadge)];
  if (f.f1 === undefined) {
    children.push(el('p', { className: 'hint' }, 'No evaluation yet: the model has not finished training.'));
    return children;
  }
  children.push(...summary(data, f));
  if (curves.scored.length === 0) {
    children.push(
      el('p', { className: 'hint' }, 'The evaluation manifest lists no test image with a confidence.'),
    );
    return children;
  }
  const viewer = imageViewer(data);
  const charts = chartsSection(data, curves);
  const grid = imagesSection(data, curves, viewer);
  let threshold = MODEL_THRESHOLD;
  const slider = thresholdSection(data, curves, (t, _c, _r, settled) => {
    threshold = t;
    charts.setThreshold(t);
    if (settled) grid.setThreshold(t);
  });
  slider.update();
  const copied = el('span', { className: 'facts', role: 'status' });
  const copy = el('vscode-button', { secondary: true }, 'Copy Figures');
  copy.addEventListener('click', () => {
    vscode.postMessage({ type: 'copy', text: figuresText(data, curves, threshold) });
    copied.textContent = 'Copied as tab-separated text.';
  });
  children.push(
    el('h3', {}, 'Test results'),
    ...slider.nodes,
    ...charts.nodes,
    curveTable(curves),
    el('div', { className: 'toolbar' }, copy, copied),
    ...compareSection(data, charts),
    ...labelsSection(data),
    ...grid.nodes,
    viewer.element,
  );
  return children;
}

vscode = runPanel('metrics', render);
images = imageLoader(vscode);
window.addEventListener('message', (event) => {
  const m = event.data;
  if (m?.type !== 'comparison' || !compared.has(m.modelVersion)) return;
  compared.set(m.modelVersion, m.data ?? { error: m.error });
  redrawComparison();
});
