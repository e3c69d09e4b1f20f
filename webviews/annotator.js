// The mask annotator: one image at full resolution with zoom and pan, painted per anomaly label with a brush, an
// eraser or a filled polygon, over an adjustable opacity, with undo/redo. The mask is one byte per pixel (see
// maskRaster.js), drawn onto the canvas without smoothing; Save sends it to the extension, which writes the PNG.
/* global document, window, requestAnimationFrame, devicePixelRatio, Image, ResizeObserver */
import { el } from './panel.js';
import {
  fillPolygon,
  fromBase64,
  paintDisc,
  paintSegment,
  rgbOf,
  toBase64,
  toRgba,
  union,
} from './maskRaster.js';

const HISTORY_LIMIT = 40;
const CLOSE_DISTANCE_PX = 8;
const TOOLS = { b: 'brush', e: 'eraser', p: 'polygon', h: 'pan' };

/**
 * Shows the annotator in `root` (beside the hidden gallery) until `onClose`. A `predicted` image opens on the mask a
 * model detected, unsaved, to be corrected.
 * @param {{ ref: string, width: number, height: number, src: string, mask?: string, labels: {name: string, color: string}[], palette: string[], predicted?: boolean }} image
 */
export function openAnnotator(root, image, { post, onClose }) {
  const { width, height } = image;
  const mask = { width, height, data: image.mask ? fromBase64(image.mask) : new Uint8Array(width * height) };
  let labels = image.labels.map((l) => ({ ...l }));
  /** Names the dataset's entries use: such a label is renamed on every entry and cannot be removed. */
  let inDataset = new Set(labels.map((l) => l.name));
  let active = labels.length ? 1 : 0;
  let tool = 'brush';
  let size = Math.max(4, Math.round(Math.min(width, height) / 40));
  let opacity = 0.6;
  let view = { scale: 1, tx: 0, ty: 0 };
  /** Whether the view is the fitted one: it then follows the panel's size, until the user zooms or pans. */
  let fitted = true;
  let polygon = [];
  let pointer;
  let stroke;
  let pan;
  let dirty = false;
  let discardArmed = false;
  let drawQueued = false;
  const undoStack = [];
  const redoStack = [];

  // ---- page ----
  const canvas = el('canvas', {
    className: 'canvas',
    tabIndex: 0,
    ariaLabel: `Mask of ${nameOf(image.ref)}`,
  });
  const ctx = canvas.getContext('2d');
  const maskCanvas = document.createElement('canvas');
  maskCanvas.width = width;
  maskCanvas.height = height;
  const maskCtx = maskCanvas.getContext('2d');
  const maskPixels = maskCtx.createImageData(width, height);
  const picture = new Image();
  picture.onload = () => {
    fit();
    draw();
  };
  picture.src = image.src;

  const back = button('Back', () => close(), 'Back to the gallery (Escape)', true);
  const toolButtons = Object.entries({
    brush: 'Brush (B)',
    eraser: 'Eraser (E)',
    polygon: 'Polygon (P)',
    pan: 'Pan (H)',
  }).map(([name, text]) => {
    const b = button(text, () => setTool(name), text, true);
    b.dataset.tool = name;
    return b;
  });
  const sizeInput = range(
    'Brush size',
    1,
    Math.max(64, Math.round(Math.max(width, height) / 4)),
    size,
    (v) => (size = v),
  );
  const opacityInput = range('Mask opacity', 0, 100, Math.round(opacity * 100), (v) => {
    opacity = v / 100;
    draw();
  });
  const undoButton = button('Undo', () => undo(), 'Undo (Ctrl+Z)', true);
  const redoButton = button('Redo', () => redo(), 'Redo (Ctrl+Shift+Z)', true);
  const saveButton = button('Save', () => save(), 'Save the mask (Ctrl+S)');
  const zoomOut = button('−', () => zoomBy(1 / 1.25), 'Zoom out (-)', true);
  const zoomFit = button('Fit', () => fitAndDraw(), 'Fit the image (0)', true);
  const zoomIn = button('+', () => zoomBy(1.25), 'Zoom in (+)', true);
  const toolbar = el(
    'div',
    { className: 'toolbar', role: 'toolbar' },
    back,
    ...toolButtons,
    labelled('Size', sizeInput),
    labelled('Opacity', opacityInput),
    zoomOut,
    zoomFit,
    zoomIn,
    el('span', { className: 'spacer' }),
    undoButton,
    redoButton,
    saveButton,
  );
  const labelList = el('div', { className: 'label-list', role: 'radiogroup', ariaLabel: 'Anomaly labels' });
  const newLabel = el('vscode-textfield', {
    placeholder: 'New label',
    className: 'new-label',
    ariaLabel: 'New label name',
  });
  const addButton = button('Add label', () => addLabel(newLabel.value), 'Add an anomaly label', true);
  newLabel.addEventListener('keydown', (e) => e.key === 'Enter' && addLabel(newLabel.value));
  const side = el(
    'aside',
    { className: 'labels' },
    el('h3', {}, 'Anomaly labels'),
    labelList,
    el('div', { className: 'add' }, newLabel, addButton),
  );
  const stage = el('div', { className: 'stage-area' }, canvas);
  const message = el('div', { className: 'banner', role: 'alert', hidden: true });
  const status = el('footer', { className: 'status', ariaLive: 'polite' });
  const view$ = el(
    'div',
    { className: 'annotator' },
    toolbar,
    message,
    el('div', { className: 'body' }, stage, side),
    status,
  );
  root.append(view$);

  const resize = new ResizeObserver(() => {
    if (fitted && picture.complete && picture.naturalWidth) fit();
    draw();
  });
  resize.observe(stage);
  refreshMask();
  renderLabels();
  setTool('brush');
  canvas.focus();
  if (image.predicted) {
    dirty = true;
    showMessage('The mask the model detected: correct it, then save it as the label.', 'note');
  }

  // ---- drawing ----
  function fit() {
    fitted = true;
    const s = Math.min(stage.clientWidth / width, stage.clientHeight / height) * 0.96 || 1;
    view = { scale: s, tx: (stage.clientWidth - width * s) / 2, ty: (stage.clientHeight - height * s) / 2 };
  }

  function fitAndDraw() {
    fit();
    draw();
  }

  function zoomBy(factor, at = { x: stage.clientWidth / 2, y: stage.clientHeight / 2 }) {
    const scale = Math.min(64, Math.max(0.02, view.scale * factor));
    fitted = false;
    view = {
      scale,
      tx: at.x - ((at.x - view.tx) * scale) / view.scale,
      ty: at.y - ((at.y - view.ty) * scale) / view.scale,
    };
    draw();
  }

  function refreshMask(rect) {
    toRgba(
      mask,
      labels.map((l) => rgbOf(l.color)),
      maskPixels.data,
      rect,
    );
    if (rect) maskCtx.putImageData(maskPixels, 0, 0, rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0);
    else maskCtx.putImageData(maskPixels, 0, 0);
  }

  function draw() {
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      const dpr = devicePixelRatio || 1;
      const w = stage.clientWidth;
      const h = stage.clientHeight;
      if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
        canvas.width = Math.round(w * dpr);
        canvas.height = Math.round(h * dpr);
        canvas.style.width = `${w}px`;
        canvas.style.height = `${h}px`;
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const { scale, tx, ty } = view;
      if (picture.complete && picture.naturalWidth) {
        ctx.imageSmoothingEnabled = scale < 1;
        ctx.drawImage(picture, tx, ty, width * scale, height * scale);
      }
      ctx.globalAlpha = opacity;
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(maskCanvas, tx, ty, width * scale, height * scale);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1;
      if (polygon.length) {
        ctx.beginPath();
        polygon.forEach((p, i) =>
          (i ? ctx.lineTo : ctx.moveTo).call(ctx, tx + p.x * scale, ty + p.y * scale),
        );
        if (pointer) ctx.lineTo(tx + pointer.x * scale, ty + pointer.y * scale);
        ctx.setLineDash([4, 3]);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      if (pointer && (tool === 'brush' || tool === 'eraser')) {
        ctx.beginPath();
        ctx.arc(tx + pointer.x * scale, ty + pointer.y * scale, (size / 2) * scale, 0, Math.PI * 2);
        ctx.stroke();
      }
      renderStatus();
    });
  }

  // ---- editing ----
  function snapshot() {
    undoStack.push(mask.data.slice());
    if (undoStack.length > HISTORY_LIMIT) undoStack.shift();
    redoStack.length = 0;
    changed();
  }

  function changed() {
    dirty = true;
    discardArmed = false;
    back.textContent = 'Back';
    undoButton.disabled = undoStack.length === 0;
    redoButton.disabled = redoStack.length === 0;
  }

  function undo() {
    const previous = undoStack.pop();
    if (!previous) return;
    redoStack.push(mask.data);
    mask.data = previous;
    refreshMask();
    changed();
    draw();
  }

  function redo() {
    const next = redoStack.pop();
    if (!next) return;
    undoStack.push(mask.data);
    mask.data = next;
    refreshMask();
    changed();
    draw();
  }

  function paintValue() {
    return tool === 'eraser' ? 0 : active;
  }

  function canPaint() {
    if (tool !== 'eraser' && active === 0) {
      showMessage('Add an anomaly label first: the mask is painted per label.');
      return false;
    }
    return true;
  }

  function closePolygon() {
    if (polygon.length >= 3 && canPaint()) {
      snapshot();
      refreshMask(fillPolygon(mask, polygon, paintValue()));
    }
    polygon = [];
    draw();
  }

  function save() {
    const used = new Set(mask.data);
    if (![...used].some((v) => v > 0)) {
      showMessage('The mask is empty: paint an anomaly, or mark the image normal in the gallery.');
      return;
    }
    saveButton.disabled = true;
    status.dataset.saving = 'true';
    post({ type: 'saveMask', ref: image.ref, width, height, mask: toBase64(mask.data), labels });
    renderStatus('Saving…');
  }

  function close() {
    if (dirty && !discardArmed) {
      discardArmed = true;
      back.textContent = 'Discard changes?';
      return;
    }
    resize.disconnect();
    window.removeEventListener('keydown', onKey);
    window.removeEventListener('keyup', onKey);
    view$.remove();
    onClose();
  }

  // ---- labels ----
  function addLabel(text) {
    const name = text.trim();
    if (!name || name === 'BACKGROUND') return showMessage('A label needs a name other than BACKGROUND.');
    if (labels.some((l) => l.name === name)) return showMessage(`There is a label "${name}" already.`);
    if (labels.length >= 255) return showMessage('A mask holds at most 255 labels.');
    const used = new Set(labels.map((l) => l.color));
    const color = image.palette.find((c) => !used.has(c));
    if (!color) return showMessage('Every colour of the palette is taken.');
    labels.push({ name, color });
    active = labels.length;
    newLabel.value = '';
    renderLabels();
  }

  function renameLabel(index, to) {
    const label = labels[index];
    const name = to.trim();
    if (!name || name === label.name) return renderLabels();
    if (name === 'BACKGROUND' || labels.some((l) => l.name === name))
      return showMessage(`"${name}" cannot be used.`);
    // A label the dataset uses is renamed on its entries by the extension; the new list comes back as "labels".
    if (inDataset.has(label.name)) post({ type: 'renameLabel', from: label.name, to: name });
    else label.name = name;
    renderLabels();
  }

  function removeLabel(index) {
    const value = index + 1;
    mask.data = mask.data.map((v) => (v > value ? v - 1 : v));
    labels.splice(index, 1);
    if (active > labels.length) active = labels.length;
    refreshMask();
    renderLabels();
    draw();
  }

  function renderLabels() {
    const inMask = new Set(mask.data);
    labelList.replaceChildren(
      ...labels.map((label, i) => {
        const chip = el('span', { className: 'swatch' });
        chip.style.background = label.color;
        const pick = el(
          'button',
          {
            className: `label${active === i + 1 ? ' active' : ''}`,
            role: 'radio',
            ariaChecked: String(active === i + 1),
            title: `${label.name} (${i + 1})`,
          },
          chip,
          el('span', { className: 'label-name' }, label.name),
        );
        pick.addEventListener('click', () => {
          active = i + 1;
          if (tool === 'eraser' || tool === 'pan') setTool('brush');
          renderLabels();
        });
        const rename = button('Rename', () => editName(row, i), `Rename ${label.name}`, true);
        const remove = button('Remove', () => removeLabel(i), `Remove ${label.name}`, true);
        // A label in use (by the dataset or this mask) stays: removing it would leave pixels without a label.
        remove.disabled = inDataset.has(label.name) || inMask.has(i + 1);
        const row = el('div', { className: 'label-row' }, pick, rename, remove);
        return row;
      }),
    );
    if (labels.length === 0)
      labelList.append(el('p', { className: 'hint' }, 'No labels yet: add one to paint.'));
  }

  function editName(row, index) {
    const field = el('vscode-textfield', { value: labels[index].name, ariaLabel: 'Label name' });
    field.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') renameLabel(index, field.value);
      else if (e.key === 'Escape') renderLabels();
      e.stopPropagation();
    });
    row.replaceChildren(field);
    field.focus();
  }

  // ---- input ----
  function toImage(event) {
    const box = canvas.getBoundingClientRect();
    return {
      x: (event.clientX - box.left - view.tx) / view.scale,
      y: (event.clientY - box.top - view.ty) / view.scale,
    };
  }

  let spaceHeld = false;
  canvas.addEventListener('pointerdown', (event) => {
    canvas.focus();
    const at = toImage(event);
    if (event.button === 1 || tool === 'pan' || spaceHeld) {
      pan = { x: event.clientX, y: event.clientY, tx: view.tx, ty: view.ty };
    } else if (event.button === 0 && tool === 'polygon') {
      // A click on the first point, or a double click on the last one, closes the polygon. (The browser counts
      // two quick clicks far apart as a double click too: the second of them is a new point.)
      const near = (p) => p && Math.hypot(p.x - at.x, p.y - at.y) * view.scale <= CLOSE_DISTANCE_PX;
      if (
        polygon.length >= 3 &&
        (near(polygon[0]) || (event.detail >= 2 && near(polygon[polygon.length - 1])))
      )
        closePolygon();
      else if (!(event.detail >= 2 && near(polygon[polygon.length - 1]))) polygon.push(at);
      draw();
      return;
    } else if (event.button === 0 && canPaint()) {
      snapshot();
      stroke = at;
      refreshMask(paintDisc(mask, at.x, at.y, size / 2, paintValue()));
      draw();
    } else return;
    canvas.setPointerCapture(event.pointerId);
  });

  canvas.addEventListener('pointermove', (event) => {
    pointer = toImage(event);
    if (pan) {
      fitted = false;
      view = { ...view, tx: pan.tx + event.clientX - pan.x, ty: pan.ty + event.clientY - pan.y };
    } else if (stroke) {
      refreshMask(union(undefined, paintSegment(mask, stroke, pointer, size / 2, paintValue())));
      stroke = pointer;
    }
    draw();
  });

  const end = () => {
    if (stroke) renderLabels();
    stroke = undefined;
    pan = undefined;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  canvas.addEventListener('pointerleave', () => {
    pointer = undefined;
    draw();
  });
  canvas.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const box = canvas.getBoundingClientRect();
      zoomBy(Math.exp(-event.deltaY / 300), { x: event.clientX - box.left, y: event.clientY - box.top });
    },
    { passive: false },
  );

  const onKey = (event) => {
    if (!view$.isConnected || event.target.closest?.('vscode-textfield')) return;
    const key = event.key.toLowerCase();
    const mod = event.ctrlKey || event.metaKey;
    if (event.key === ' ') spaceHeld = event.type === 'keydown';
    if (event.type !== 'keydown') return;
    if (mod && key === 'z') (event.shiftKey ? redo : undo)();
    else if (mod && key === 'y') redo();
    else if (mod && key === 's') save();
    else if (!mod && TOOLS[key]) setTool(TOOLS[key]);
    else if (event.key === '[') setSize(size - Math.max(1, Math.round(size / 8)));
    else if (event.key === ']') setSize(size + Math.max(1, Math.round(size / 8)));
    else if (event.key === '+' || event.key === '=') zoomBy(1.25);
    else if (event.key === '-') zoomBy(1 / 1.25);
    else if (event.key === '0') fitAndDraw();
    else if (/^[1-9]$/.test(event.key) && Number(event.key) <= labels.length) {
      active = Number(event.key);
      renderLabels();
    } else if (event.key === 'Enter' && tool === 'polygon') closePolygon();
    else if (event.key === 'Escape') {
      if (polygon.length) {
        polygon = [];
        draw();
      } else close();
    } else if (event.key !== ' ') return;
    event.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  window.addEventListener('keyup', onKey);

  function setTool(name) {
    tool = name;
    polygon = [];
    for (const b of toolButtons) b.secondary = b.dataset.tool !== name;
    canvas.dataset.tool = name;
    draw();
  }

  function setSize(value) {
    size = Math.max(1, Math.min(Number(sizeInput.max), value));
    sizeInput.value = String(size);
    draw();
  }

  function showMessage(text, kind = 'error') {
    message.textContent = text;
    message.classList.toggle('note', kind === 'note');
    message.hidden = false;
  }

  function renderStatus(note) {
    const pos = pointer ? ` · ${Math.floor(pointer.x)}, ${Math.floor(pointer.y)}` : '';
    const state = note ?? (status.dataset.saving ? 'Saving…' : dirty ? 'Unsaved changes' : 'Saved');
    status.textContent = `${nameOf(image.ref)} · ${width}×${height} · ${Math.round(view.scale * 100)}%${pos} · ${state}`;
  }

  return {
    close() {
      dirty = false;
      close();
    },
    saved() {
      dirty = false;
      delete status.dataset.saving;
      saveButton.disabled = false;
      inDataset = new Set([
        ...inDataset,
        ...labels.filter((_, i) => mask.data.includes(i + 1)).map((l) => l.name),
      ]);
      message.hidden = true;
      renderLabels();
      renderStatus();
    },
    error(text) {
      delete status.dataset.saving;
      saveButton.disabled = false;
      showMessage(text);
      renderStatus();
    },
    /** The dataset's labels changed (a rename): same colour, new name. */
    setDatasetLabels(next) {
      inDataset = new Set(next.map((l) => l.name));
      labels = labels.map((l) => next.find((n) => n.color === l.color) ?? l);
      renderLabels();
    },
  };

  function button(text, action, title, secondary = false) {
    const b = el('vscode-button', { title, secondary }, text);
    b.addEventListener('click', action);
    return b;
  }
}

function range(label, min, max, value, onInput) {
  const input = el('input', {
    type: 'range',
    min: String(min),
    max: String(max),
    value: String(value),
    ariaLabel: label,
  });
  input.addEventListener('input', () => onInput(Number(input.value)));
  return input;
}

function labelled(text, control) {
  return el('label', { className: 'range' }, `${text} `, control);
}

function nameOf(ref) {
  return ref.slice(ref.lastIndexOf('/') + 1);
}
