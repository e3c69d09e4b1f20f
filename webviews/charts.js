// Curves as plain SVG, coloured from VS Code's chart colours so they follow the light, dark and high-contrast
// themes. Both axes run from 0 to 1 (rates). The marks (operating points) move without redrawing the curves.
/* global document */

const NS = 'http://www.w3.org/2000/svg';
const SIZE = { width: 340, height: 300, left: 44, right: 12, top: 12, bottom: 40 };
const PLOT_W = SIZE.width - SIZE.left - SIZE.right;
const PLOT_H = SIZE.height - SIZE.top - SIZE.bottom;

/** The series colours, in order: one per model version compared. */
export const SERIES_COLORS = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'].map(
  (c) => `var(--vscode-charts-${c})`,
);

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

const px = (x) => SIZE.left + x * PLOT_W;
const py = (y) => SIZE.top + (1 - y) * PLOT_H;

export function pathOf(points) {
  return points.map((p, i) => `${i ? 'L' : 'M'}${px(p.x).toFixed(1)} ${py(p.y).toFixed(1)}`).join(' ');
}

/**
 * A chart of `series` ({name, color, points, dashed}); `diagonal` draws the chance line. Returns the element and
 * setMarks([{x, y, color, label}]) to place the operating points.
 */
export function curveChart({ title, xLabel, yLabel, series, diagonal }) {
  const grid = svg('g', { class: 'gridlines' });
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    grid.append(
      svg('line', { x1: px(0), x2: px(1), y1: py(t), y2: py(t) }),
      svg('line', { x1: px(t), x2: px(t), y1: py(0), y2: py(1) }),
      svg('text', { x: px(t), y: py(0) + 14, 'text-anchor': 'middle' }, String(t)),
      svg('text', { x: px(0) - 6, y: py(t) + 4, 'text-anchor': 'end' }, String(t)),
    );
  }
  const axes = svg(
    'g',
    { class: 'axes' },
    svg('rect', { x: px(0), y: py(1), width: PLOT_W, height: PLOT_H }),
    svg('text', { x: px(0.5), y: SIZE.height - 6, 'text-anchor': 'middle' }, xLabel),
    svg(
      'text',
      { x: 12, y: py(0.5), 'text-anchor': 'middle', transform: `rotate(-90 12 ${py(0.5)})` },
      yLabel,
    ),
  );
  if (diagonal) axes.append(svg('line', { class: 'chance', x1: px(0), y1: py(0), x2: px(1), y2: py(1) }));
  const curves = svg('g', { class: 'curves' });
  for (const s of series) {
    const path = svg('path', { class: 'curve', d: pathOf(s.points), 'data-series': s.name });
    path.style.stroke = s.color;
    if (s.dashed) path.setAttribute('stroke-dasharray', '5 3');
    curves.append(path);
  }
  const marks = svg('g', { class: 'marks' });
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${SIZE.width} ${SIZE.height}`, role: 'img', 'aria-label': title, class: 'chart' },
    svg('title', {}, title),
    grid,
    axes,
    curves,
    marks,
  );
  return {
    element: chart,
    setMarks(points) {
      marks.replaceChildren(
        ...points.map((p) => {
          const dot = svg('circle', { class: `mark ${p.kind ?? ''}`, cx: px(p.x), cy: py(p.y), r: 5 });
          dot.style.stroke = p.color;
          dot.append(svg('title', {}, p.label));
          return dot;
        }),
      );
    },
  };
}
