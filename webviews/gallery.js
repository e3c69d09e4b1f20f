// The dataset gallery page: a virtualised grid of every entry (only the rows in view exist in the DOM), filters,
// the linter's summary, selection with mouse and keyboard, and classify / undo. Enter opens the annotator.
// Thumbnails are asked of the extension for the cells in view only. Verifying detections: a hosted model's verdicts
// show on their cells (badge, predicted mask over the thumbnail); V accepts them, N / A or the annotator correct them.
/* global document, window, acquireVsCodeApi, requestAnimationFrame, performance, ResizeObserver */
import { el } from './panel.js';
import { EntryStore, NO_FILTER } from './galleryModel.js';
import { openAnnotator } from './annotator.js';

const CELL_W = 152;
const CELL_H = 184;
/** Rows rendered beyond the visible ones, so a scroll shows cells that already exist. */
const OVERSCAN = 2;
const THUMB_DEBOUNCE_MS = 60;
const PAGE_THUMB_LIMIT = 3000;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
document.body.classList.add('gallery-page');
document.head.append(
  el('link', { rel: 'stylesheet', href: new URL('../../media/gallery.css', import.meta.url).href }),
);

const store = new EntryStore();
/** source-ref → data: URI of its thumbnail; Map order is recency. */
const thumbs = new Map();
const requested = new Set();
let filter = { ...NO_FILTER, ...(vscode.getState()?.filter ?? {}) };
/**
 * The id of the panel's record (src/panels/panelState.ts), kept in the page's state with the filter: a window reload
 * shows the dataset that record names again.
 */
let id = vscode.getState()?.id;
/** @type {ReturnType<EntryStore['select']>} */
let shown = [];
const selected = new Set();
let focus = 0;
let anchor = 0;
let loading = true;
let summary;
let canUndo = false;
let datasetLabels = [];
let annotator;
/** The last progress of a detection run: { model, done, total, failed, running }. */
let verifying;
const started = performance.now();
let firstPaint;

// ---- layout -------------------------------------------------------------------------------------------------------

const search = el('vscode-textfield', {
  placeholder: 'Search file names',
  className: 'search',
  ariaLabel: 'Search file names',
});
search.value = filter.search;
const stateSelect = select('Class', 'state', [
  ['all', 'All images'],
  ['labeled', 'Labeled'],
  ['unlabeled', 'Unlabeled'],
  ['normal', 'Normal'],
  ['anomaly', 'Anomaly'],
  ['predicted', 'To verify'],
]);
const maskSelect = select('Mask', 'mask', [
  ['all', 'With or without mask'],
  ['with', 'Has mask'],
  ['without', 'No mask'],
]);
const labelSelect = select('Anomaly label', 'label', [['', 'Any anomaly label']]);
const sortSelect = select('Sort', 'sort', [
  ['name', 'Name A–Z'],
  ['name-desc', 'Name Z–A'],
  ['confidence', 'Confidence, least sure first'],
  ['confidence-desc', 'Confidence, most sure first'],
]);
const normalButton = button('Normal (N)', () => classify('normal'), 'Mark the selected images normal');
const anomalyButton = button('Anomaly (A)', () => classify('anomaly'), 'Mark the selected images anomalous');
const selectAllButton = button(
  'Select all',
  () => selectAll(),
  'Select every image the filter shows (Ctrl+A)',
  true,
);
const undoButton = button('Undo', () => post({ type: 'undo' }), 'Undo the last change (Ctrl+Z)', true);
const reloadButton = button('Reload', () => post({ type: 'reload' }), 'Read the dataset again', true);
const toolbar = el(
  'div',
  { className: 'toolbar', role: 'toolbar' },
  search,
  stateSelect,
  labelSelect,
  maskSelect,
  sortSelect,
  el('span', { className: 'spacer' }),
  selectAllButton,
  normalButton,
  anomalyButton,
  undoButton,
  reloadButton,
);
const summaryBox = el('section', { className: 'summary', ariaLabel: 'Dataset summary' });
const detectUnlabeledButton = button(
  'Detect in unlabeled',
  () => verify(shown.filter((e) => e.cls === 'unlabeled').map((e) => e.ref)),
  'Detect anomalies with a hosted model of the project in every unlabeled image the filter shows',
  true,
);
const detectSelectedButton = button(
  'Detect in selection',
  () => verify(targets()),
  'Detect anomalies with a hosted model of the project in the selected images',
  true,
);
const acceptButton = button(
  'Accept (V)',
  () => accept(),
  'Accept the detections of the selected images as labels',
);
const cancelButton = button('Cancel', () => post({ type: 'cancelVerify' }), 'Stop detecting', true);
const verifyStatus = el('span', { className: 'verify-status', ariaLive: 'polite' });
const verifyBar = el(
  'section',
  { className: 'verify', ariaLabel: 'Verify detections' },
  el('span', { className: 'verify-title' }, 'Detections'),
  detectUnlabeledButton,
  detectSelectedButton,
  acceptButton,
  cancelButton,
  verifyStatus,
);
cancelButton.hidden = true;
const banner = el('div', { className: 'banner', role: 'alert', hidden: true });
const spacer = el('div', { className: 'grid-spacer' });
const emptyNote = el('p', { className: 'empty', hidden: true });
const grid = el(
  'div',
  { className: 'grid', tabIndex: 0, role: 'grid', ariaLabel: 'Images', ariaMultiSelectable: 'true' },
  emptyNote,
  spacer,
);
const status = el('footer', { className: 'status', ariaLive: 'polite' });
const galleryView = el('div', { className: 'gallery' }, toolbar, summaryBox, verifyBar, banner, grid, status);
root.replaceChildren(galleryView);

function select(label, key, options) {
  const s = el('vscode-single-select', { ariaLabel: label, className: `filter-${key}` });
  setOptions(s, options, filter[key]);
  s.addEventListener('change', () => setFilter({ [key]: s.value }));
  return s;
}

function setOptions(s, options, value) {
  s.replaceChildren(
    ...options.map(([v, text]) => el('vscode-option', { value: v, selected: v === value }, text)),
  );
  s.value = value;
}

function button(text, action, title, secondary = false) {
  const b = el('vscode-button', { title, secondary }, text);
  b.addEventListener('click', action);
  return b;
}

// ---- messages -----------------------------------------------------------------------------------------------------

function post(message) {
  vscode.postMessage(message);
}

window.addEventListener('message', (event) => {
  const m = event.data;
  switch (m?.type) {
    case 'panel':
      id = m.id;
      saveState();
      break;
    case 'reset':
      store.clear();
      selected.clear();
      loading = true;
      refilter();
      break;
    case 'entries':
      store.put(m.entries);
      loading = !m.done;
      refilter();
      break;
    case 'updated':
      store.put(m.entries);
      refilter();
      break;
    case 'predictions':
      store.predict(m.items, m.removed);
      refilter();
      renderVerify();
      break;
    case 'verifying':
      verifying = m;
      renderVerify();
      break;
    case 'summary':
      summary = m.summary;
      canUndo = m.canUndo;
      renderSummary();
      break;
    case 'labels':
      datasetLabels = m.labels;
      setOptions(
        labelSelect,
        [['', 'Any anomaly label'], ...m.labels.map((l) => [l.name, l.name])],
        m.labels.some((l) => l.name === filter.label) ? filter.label : '',
      );
      annotator?.setDatasetLabels(m.labels);
      break;
    case 'thumbs':
      for (const { ref, src } of m.items) {
        thumbs.set(ref, src);
        requested.delete(ref);
        if (thumbs.size > PAGE_THUMB_LIMIT) thumbs.delete(thumbs.keys().next().value);
      }
      paintThumbs();
      break;
    case 'image':
      annotator?.close();
      annotator = openAnnotator(root, m.image, { post, labels: datasetLabels, onClose: closeAnnotator });
      galleryView.hidden = true;
      break;
    case 'saved':
      annotator?.saved();
      break;
    case 'error':
      if (annotator) annotator.error(m.message);
      else showBanner(m.message);
      break;
  }
});

function showBanner(text) {
  banner.textContent = text;
  banner.hidden = false;
}

// ---- filtering and the grid ---------------------------------------------------------------------------------------

function setFilter(change) {
  filter = { ...filter, ...change };
  saveState();
  focus = 0;
  anchor = 0;
  refilter();
  grid.scrollTop = 0;
}

function saveState() {
  vscode.setState({ filter, id });
}

function refilter() {
  const focusedRef = shown[focus]?.ref;
  shown = store.select(filter);
  // The focus stays on its entry while it is shown; otherwise on the entry that took its place.
  const at = focusedRef ? shown.findIndex((e) => e.ref === focusedRef) : -1;
  if (at >= 0) focus = at;
  focus = Math.min(focus, Math.max(0, shown.length - 1));
  for (const ref of selected) if (!store.get(ref)) selected.delete(ref);
  render();
  renderStatus();
  emptyNote.hidden = loading || shown.length > 0;
  emptyNote.textContent =
    filter.state === 'predicted'
      ? 'No detection awaits verification: Detect in unlabeled runs a hosted model over the unlabeled images.'
      : 'No image matches the filter.';
}

function columns() {
  return Math.max(1, Math.floor(grid.clientWidth / CELL_W));
}

/** The cells in view, reusing those already there (their images stay loaded). */
const cells = new Map();
let renderQueued = false;
function render() {
  const cols = columns();
  spacer.style.height = `${Math.ceil(shown.length / cols) * CELL_H}px`;
  const firstRow = Math.max(0, Math.floor(grid.scrollTop / CELL_H) - OVERSCAN);
  const lastRow = Math.ceil((grid.scrollTop + grid.clientHeight) / CELL_H) + OVERSCAN;
  const from = firstRow * cols;
  const to = Math.min(shown.length, lastRow * cols);
  const keep = new Set();
  for (let i = from; i < to; i++) {
    const entry = shown[i];
    keep.add(entry.ref);
    let cell = cells.get(entry.ref);
    if (!cell) {
      cell = el('div', { className: 'cell', role: 'gridcell' });
      cell.dataset.ref = entry.ref;
      cells.set(entry.ref, cell);
      spacer.append(cell);
    }
    fillCell(cell, entry, i, cols);
  }
  for (const [ref, cell] of cells) {
    if (!keep.has(ref)) {
      cell.remove();
      cells.delete(ref);
    }
  }
  askThumbs([...keep]);
  if (firstPaint === undefined && shown.length > 0) {
    firstPaint = performance.now() - started;
    document.body.dataset.firstPaintMs = firstPaint.toFixed(1);
  }
}

function fillCell(cell, entry, index, cols) {
  cell.style.transform = `translate(${(index % cols) * CELL_W}px, ${Math.floor(index / cols) * CELL_H}px)`;
  cell.dataset.index = String(index);
  cell.classList.toggle('selected', selected.has(entry.ref));
  cell.classList.toggle('focused', index === focus);
  cell.ariaSelected = String(selected.has(entry.ref));
  const prediction = store.predictions.get(entry.ref);
  const version = `${entry.cls}|${entry.maskRef ?? ''}|${entry.labels.map((l) => l.name + l.color).join()}|${thumbs.has(entry.ref)}|${prediction ? `${prediction.cls}${prediction.confidence}` : ''}`;
  if (cell.dataset.version === version) return;
  cell.dataset.version = version;
  const src = thumbs.get(entry.ref);
  const picture = src
    ? el('img', { src, alt: '', draggable: false })
    : el('div', { className: 'placeholder' });
  const badge = el(
    'span',
    { className: `badge ${entry.cls}`, title: entry.cls },
    entry.cls === 'unlabeled' ? '?' : entry.cls === 'normal' ? 'N' : 'A',
  );
  const dots = entry.labels.map((l) => el('span', { className: 'dot', title: l.name }));
  dots.forEach((d, i) => (d.style.background = entry.labels[i].color));
  cell.ariaLabel = `${entry.name}, ${entry.cls}${entry.labels.length ? `, mask: ${entry.labels.map((l) => l.name).join(', ')}` : ''}${prediction ? `, detected ${verdictText(prediction)}` : ''}`;
  const thumb = el('div', { className: 'thumb' }, picture);
  if (prediction) {
    if (prediction.overlay && src)
      thumb.append(el('img', { className: 'overlay', src: prediction.overlay, alt: '' }));
    const verdict = el(
      'span',
      { className: `prediction ${prediction.cls}`, title: `Detected: ${verdictText(prediction)}` },
      `${prediction.cls === 'anomaly' ? 'A' : 'N'} ${percent(prediction.confidence)}`,
    );
    thumb.append(verdict);
  }
  cell.replaceChildren(
    thumb,
    el(
      'div',
      { className: 'caption' },
      badge,
      el('span', { className: 'name', title: entry.name }, entry.name),
      ...dots,
    ),
  );
}

function verdictText(prediction) {
  const labels = prediction.labels.length ? ` (${prediction.labels.map((l) => l.name).join(', ')})` : '';
  return `${prediction.cls}${labels}, confidence ${percent(prediction.confidence)}`;
}

function percent(value) {
  return `${Math.round(value * 100)}%`;
}

function paintThumbs() {
  const cols = columns();
  for (const [ref, cell] of cells) {
    const index = Number(cell.dataset.index);
    if (thumbs.has(ref) && shown[index]) fillCell(cell, shown[index], index, cols);
  }
}

let thumbTimer;
let thumbWanted = [];
function askThumbs(refs) {
  thumbWanted = refs.filter((r) => !thumbs.has(r) && !requested.has(r));
  clearTimeout(thumbTimer);
  // Only what is still in view after a fast scroll settles is asked for.
  thumbTimer = setTimeout(() => {
    if (thumbWanted.length === 0) return;
    for (const r of thumbWanted) requested.add(r);
    post({ type: 'thumbs', refs: thumbWanted });
  }, THUMB_DEBOUNCE_MS);
}

function queueRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

grid.addEventListener('scroll', queueRender);
new ResizeObserver(queueRender).observe(grid);

function renderStatus() {
  const parts = [`${shown.length.toLocaleString()} of ${store.size.toLocaleString()} images`];
  if (selected.size) parts.push(`${selected.size.toLocaleString()} selected`);
  if (store.predictions.size) parts.push(`${store.predictions.size.toLocaleString()} to verify`);
  if (loading) parts.push('loading…');
  status.textContent = parts.join(' · ');
}

function renderSummary() {
  if (!summary) return;
  const counts = el(
    'div',
    { className: 'counts' },
    count('Normal', summary.normal, 'normal'),
    count('Anomaly', summary.anomaly, 'anomaly'),
    count('Unlabeled', summary.unlabeled, 'unlabeled'),
    ...summary.labels.map((l) => {
      const color = datasetLabels.find((d) => d.name === l.name)?.color;
      const chip = count(l.name, l.images, 'label', `${l.singleLabelImages} with only this label`);
      if (color) chip.prepend(swatch(color));
      return chip;
    }),
  );
  const needs = summary.missing.length
    ? el('div', { className: 'needs' }, `Training needs ${summary.missing.join(', ')}.`)
    : el('div', { className: 'ready' }, 'Enough labeled images to train.');
  summaryBox.replaceChildren(counts, needs);
  undoButton.disabled = !canUndo;
}

function count(label, value, kind, title = '') {
  return el(
    'span',
    { className: `count ${kind}`, title },
    `${label} `,
    el('strong', {}, value.toLocaleString()),
  );
}

function swatch(color) {
  const s = el('span', { className: 'swatch' });
  s.style.background = color;
  return s;
}

// ---- selection, keyboard, classify --------------------------------------------------------------------------------

function setFocus(index, { extend = false, toggle = false, keepSelection = false } = {}) {
  if (shown.length === 0) return;
  focus = Math.max(0, Math.min(shown.length - 1, index));
  if (extend) {
    selected.clear();
    const [a, b] = anchor < focus ? [anchor, focus] : [focus, anchor];
    for (let i = a; i <= b; i++) selected.add(shown[i].ref);
  } else if (toggle) {
    const ref = shown[focus].ref;
    if (selected.has(ref)) selected.delete(ref);
    else selected.add(ref);
    anchor = focus;
  } else if (!keepSelection) {
    selected.clear();
    selected.add(shown[focus].ref);
    anchor = focus;
  }
  scrollIntoView(focus);
  render();
  renderStatus();
}

function scrollIntoView(index) {
  const top = Math.floor(index / columns()) * CELL_H;
  if (top < grid.scrollTop) grid.scrollTop = top;
  else if (top + CELL_H > grid.scrollTop + grid.clientHeight)
    grid.scrollTop = top + CELL_H - grid.clientHeight;
}

function selectAll() {
  for (const e of shown) selected.add(e.ref);
  render();
  renderStatus();
}

/** The selection, or the focused entry when nothing is selected. */
function targets() {
  if (selected.size) return [...selected];
  return shown[focus] ? [shown[focus].ref] : [];
}

function classify(cls) {
  const refs = targets();
  if (refs.length === 0) return;
  post({ type: 'classify', refs, cls });
  handOn(refs.length);
}

/** The next image is the one to look at: a single labeled image hands the focus on. */
function handOn(count) {
  if (count !== 1) return;
  selected.clear();
  if (focus + 1 < shown.length) setFocus(focus + 1);
}

function verify(refs) {
  if (refs.length === 0)
    return showBanner('There are no images to detect anomalies in: select some, or show unlabeled ones.');
  banner.hidden = true;
  post({ type: 'verify', refs });
}

/** Accepts the detections of the selection (or the focused image); a single one hands the focus on. */
function accept() {
  const refs = targets().filter((ref) => store.predictions.has(ref));
  if (refs.length === 0) return showBanner('The selected images have no detection to accept: detect first.');
  post({ type: 'accept', refs });
  handOn(targets().length);
}

function renderVerify() {
  const running = verifying?.running === true;
  cancelButton.hidden = !running;
  acceptButton.disabled = store.predictions.size === 0;
  const parts = [];
  if (verifying) {
    const failed = verifying.failed ? `, ${verifying.failed} failed` : '';
    parts.push(
      running
        ? `Model ${verifying.model}: ${verifying.done} of ${verifying.total} images${failed}…`
        : `Model ${verifying.model}: ${verifying.done} of ${verifying.total} images checked${failed}`,
    );
  }
  if (store.predictions.size)
    parts.push(
      `${store.predictions.size} to verify: V accepts, N / A correct the class, Enter corrects the mask`,
    );
  else if (!verifying)
    parts.push('Run a hosted model over the images, then accept or correct what it finds.');
  verifyStatus.textContent = parts.join(' · ');
}

function open(index) {
  const entry = shown[index];
  if (entry) post({ type: 'open', ref: entry.ref });
}

grid.addEventListener('click', (event) => {
  const cell = event.target.closest('.cell');
  if (!cell) return;
  grid.focus();
  const index = Number(cell.dataset.index);
  setFocus(index, { extend: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
});

grid.addEventListener('dblclick', (event) => {
  const cell = event.target.closest('.cell');
  if (cell) open(Number(cell.dataset.index));
});

grid.addEventListener('keydown', (event) => {
  const cols = columns();
  const rowsInView = Math.max(1, Math.floor(grid.clientHeight / CELL_H));
  const moves = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -cols,
    ArrowDown: cols,
    PageUp: -cols * rowsInView,
    PageDown: cols * rowsInView,
  };
  const mod = event.ctrlKey || event.metaKey;
  if (event.key in moves) setFocus(focus + moves[event.key], { extend: event.shiftKey });
  else if (event.key === 'Home') setFocus(0, { extend: event.shiftKey });
  else if (event.key === 'End') setFocus(shown.length - 1, { extend: event.shiftKey });
  else if (event.key === 'Enter') open(focus);
  else if (event.key === ' ') setFocus(focus, { toggle: true });
  else if (mod && event.key.toLowerCase() === 'a') selectAll();
  else if (mod && event.key.toLowerCase() === 'z') post({ type: 'undo' });
  else if (!mod && event.key.toLowerCase() === 'n') classify('normal');
  else if (!mod && event.key.toLowerCase() === 'a') classify('anomaly');
  else if (!mod && event.key.toLowerCase() === 'v') accept();
  else if (event.key === 'Escape') {
    selected.clear();
    render();
    renderStatus();
  } else return;
  event.preventDefault();
});

search.addEventListener('input', () => setFilter({ search: search.value }));

// The workbench answers Ctrl+Z / Ctrl+Y in a webview by running the page's native undo as well, which undoes the
// last edit of a text field even while the grid or the canvas has the keyboard. When the key was pressed outside a
// text field (the page's own undo handles it), the text fields get back what they held and the focus returns.
let ownUndo;
const UNDO_KEYS = new Set(['z', 'y']);
window.addEventListener(
  'keydown',
  (event) => {
    const inTextField = event
      .composedPath()
      .some((node) => node.tagName === 'INPUT' || node.tagName === 'VSCODE-TEXTFIELD');
    if (!(event.ctrlKey || event.metaKey) || !UNDO_KEYS.has(event.key.toLowerCase()) || inTextField) return;
    const fields = [...document.querySelectorAll('vscode-textfield')].map((field) => [field, field.value]);
    ownUndo = { at: performance.now(), fields, focus: document.activeElement };
  },
  true,
);
window.addEventListener(
  'input',
  (event) => {
    if (!event.inputType?.startsWith('history') || !ownUndo || performance.now() - ownUndo.at > 2000) return;
    event.stopImmediatePropagation();
    // The field's own element is left as it was; its inner input, which the native undo changed, is set back.
    for (const [field, value] of ownUndo.fields) {
      const input = field.shadowRoot?.querySelector('input');
      if (input && input.value !== value) input.value = value;
    }
    ownUndo.focus?.focus();
  },
  true,
);

function closeAnnotator() {
  annotator = undefined;
  galleryView.hidden = false;
  queueRender();
  grid.focus();
}

renderVerify();
post({ type: 'ready' });
