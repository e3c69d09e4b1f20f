// Runs inside the "Detect Anomalies in Folder" webview: the results as a table to sort and filter, with thumbnails;
// a row opens its image with the mask (webviews/overlay.js); what the table shows exports as CSV or a manifest.
// Results join the table as the run detects them. What the panel comes back with after a window reload is kept by
// the extension (src/panels/panelState.ts); the page keeps only the id the extension sends with the table.
/* global window */
import { el, runPanel } from './panel.js';
import { imageLoader } from './lazyImages.js';
import { detectionView, percent, verdictBadge } from './overlay.js';

const COLUMNS = [
  { key: 'name', title: 'File', value: (r) => r.name },
  { key: 'verdict', title: 'Verdict', value: (r) => (r.error ? 2 : r.isAnomalous ? 0 : 1) },
  { key: 'confidence', title: 'Confidence', value: (r) => r.confidence ?? -1 },
  { key: 'labels', title: 'Labels', value: (r) => labelsOf(r) },
  { key: 'area', title: 'Anomaly area', value: (r) => areaOf(r) },
];

/** The verdict filter's choices: title and which rows they keep. */
const VERDICTS = {
  all: ['All verdicts', () => true],
  anomaly: ['Anomaly', (r) => !r.error && r.isAnomalous],
  normal: ['Normal', (r) => !r.error && !r.isAnomalous],
  failed: ['Failed', (r) => !!r.error],
};

const labelsOf = (r) => (r.anomalies ?? []).map((a) => a.name).join(', ');
const areaOf = (r) => (r.anomalies ?? []).reduce((sum, a) => sum + a.area, 0);

let vscode;
let images;
/** The open result's row index, so a late overlay reply for another row is dropped. */
let openRow;
let detail;
/** The table shown: takes the rows of a running detection and its end. */
let table;

function render(message) {
  images.reset();
  const rows = [...message.rows];
  let summary = message.summary;
  let sort = { key: 'name', descending: false };
  const facts = el('p', { className: 'facts' });
  const progress = el('p', { className: 'facts run-state', role: 'status' });
  /** The row elements made so far, by row index: a fill only reorders them. */
  const made = new Map();

  const filterText = el('vscode-textfield', { placeholder: 'Filter by file or label' });
  filterText.setAttribute('aria-label', 'Filter by file or label');
  const verdictFilter = el(
    'vscode-single-select',
    {},
    ...Object.entries(VERDICTS).map(([value, [title]]) => el('vscode-option', { value }, title)),
  );
  verdictFilter.setAttribute('aria-label', 'Verdict');
  const count = el('span', { className: 'facts count' });
  const exportCsv = el('vscode-button', { secondary: true }, 'Export CSV');
  const exportManifest = el('vscode-button', { secondary: true }, 'Export Manifest');
  const head = el('tr');
  const body = el('tbody');
  const results = el('table', { className: 'data results' }, el('thead', {}, head), body);
  detail = el(
    'section',
    { className: 'detail' },
    el('p', { className: 'hint' }, 'Select a row to see its image.'),
  );

  const shown = () => {
    const text = filterText.value.trim().toLowerCase();
    const verdict = (VERDICTS[verdictFilter.value] ?? VERDICTS.all)[1];
    const column = COLUMNS.find((c) => c.key === sort.key);
    return rows
      .filter(
        (r) =>
          (!text || r.name.toLowerCase().includes(text) || labelsOf(r).toLowerCase().includes(text)) &&
          verdict(r),
      )
      .sort((a, b) => {
        const x = column.value(a);
        const y = column.value(b);
        const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
        return sort.descending ? -order : order;
      });
  };

  const fill = () => {
    head.replaceChildren(
      el('th', {}, el('span', { className: 'sr-only' }, 'Thumbnail')),
      ...COLUMNS.map((c) => {
        const th = el('th', { tabIndex: 0, className: 'sortable' }, c.title);
        th.setAttribute(
          'aria-sort',
          sort.key !== c.key ? 'none' : sort.descending ? 'descending' : 'ascending',
        );
        const sortBy = () => {
          sort = { key: c.key, descending: sort.key === c.key ? !sort.descending : c.key !== 'name' };
          fill();
        };
        th.addEventListener('click', sortBy);
        th.addEventListener('keydown', (e) => e.key === 'Enter' && sortBy());
        return th;
      }),
    );
    const list = shown();
    count.textContent = `${list.length} of ${rows.length} shown`;
    body.replaceChildren(...list.map(rowOf));
    const anomalous = rows.filter((r) => r.isAnomalous).length;
    const failed = rows.filter((r) => r.error).length;
    facts.textContent =
      `${rows.length} images · ${anomalous} anomalous · ${rows.length - anomalous - failed} normal` +
      (failed ? ` · ${failed} failed` : '') +
      ` · ${message.model}`;
    progress.replaceChildren(...(summary ? [summary] : [el('vscode-progress-ring'), ' Detecting…']));
    progress.classList.toggle('running', !summary);
  };

  const rowOf = (r) => {
    let tr = made.get(r.index);
    if (!tr) made.set(r.index, (tr = makeRow(r)));
    return tr;
  };

  const makeRow = (r) => {
    const thumb = el('img', { className: 'thumb', alt: r.name });
    images.lazy(thumb, r.index);
    const tr = el(
      'tr',
      { tabIndex: 0, className: r.index === openRow ? 'selected' : '' },
      el('td', {}, thumb),
      el('td', {}, r.name),
      el(
        'td',
        {},
        r.error ? el('span', { className: 'error' }, `Failed: ${r.error}`) : verdictBadge(r.isAnomalous),
      ),
      el('td', { className: 'num' }, r.confidence === undefined ? '—' : percent(r.confidence)),
      el('td', {}, labelsOf(r) || '—'),
      el('td', { className: 'num' }, r.anomalies?.length ? percent(areaOf(r)) : '—'),
    );
    tr.dataset.index = String(r.index);
    const open = () => {
      if (r.error) return;
      openRow = r.index;
      for (const other of body.querySelectorAll('tr.selected')) other.classList.remove('selected');
      tr.classList.add('selected');
      detail.replaceChildren(el('vscode-progress-ring'));
      vscode.postMessage({ type: 'overlay', index: r.index });
    };
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (e) => e.key === 'Enter' && open());
    return tr;
  };

  filterText.addEventListener('input', fill);
  verdictFilter.addEventListener('change', fill);
  const exportAs = (format) =>
    vscode.postMessage({ type: 'export', format, indices: shown().map((r) => r.index) });
  exportCsv.addEventListener('click', () => exportAs('csv'));
  exportManifest.addEventListener('click', () => exportAs('manifest'));
  fill();

  // Rows arrive one per detection: one fill per frame keeps up with any rate.
  let pending = false;
  const refill = () => {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => {
      pending = false;
      fill();
    });
  };
  table = {
    add(row) {
      rows[row.index] = row;
      refill();
    },
    done(text) {
      summary = text;
      refill();
    },
  };

  return [
    el('h2', {}, `Folder ${message.folder.split(/[\\/]/).pop()}`),
    facts,
    progress,
    el('div', { className: 'toolbar' }, filterText, verdictFilter, count, exportCsv, exportManifest),
    el('div', { className: 'split' }, el('div', { className: 'table-scroll' }, results), detail),
  ];
}

vscode = runPanel('folder', render);
images = imageLoader(vscode);
window.addEventListener('message', (event) => {
  const m = event.data;
  if (m?.type === 'row') table?.add(m.row);
  if (m?.type === 'done') table?.done(m.summary);
  if (m?.type !== 'overlay' || m.index !== openRow || !detail) return;
  detail.replaceChildren(
    ...(m.detection ? detectionView(m.detection) : [el('p', { className: 'error' }, m.error)]),
  );
});
