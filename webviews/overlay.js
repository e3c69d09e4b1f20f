// One detection result drawn for a person: the verdict and confidence, the image with the anomaly mask over it
// (toggle, opacity, zoom) and a legend of the anomaly types with their colours and areas. The detection panel
// shows one; the folder panel shows the one of the row clicked.
import { el } from './panel.js';

export function percent(value) {
  return `${(value * 100).toFixed(value < 0.01 ? 2 : 1)} %`;
}

export function verdictBadge(isAnomalous) {
  return el(
    'vscode-badge',
    { className: isAnomalous ? 'verdict anomalous' : 'verdict normal' },
    isAnomalous ? 'Anomaly' : 'Normal',
  );
}

function rangeControl(label, min, max, step, value, onInput) {
  const input = el('input', { type: 'range', min, max, step, value });
  input.setAttribute('aria-label', label);
  const shown = el('output', {}, '');
  const update = () => (shown.textContent = onInput(Number(input.value)));
  input.addEventListener('input', update);
  update();
  return el('label', { className: 'range' }, `${label} `, input, shown);
}

/** The nodes of a detection result (the message src/panels/detectionPanel.ts sends). */
export function detectionView(data) {
  const heading = el('h2', {}, data.imageName, ' ', verdictBadge(data.isAnomalous));
  const facts = el('p', { className: 'facts' }, `Confidence ${percent(data.confidence)} · ${data.model}`);
  const image = el('img', { src: data.image, alt: data.imageName, className: 'image' });
  const stage = el('div', { className: 'stage' }, image);
  const controls = el('div', { className: 'controls' });
  const nodes = [heading, facts, controls, el('div', { className: 'stage-scroll' }, stage)];

  if (data.mask) {
    const mask = el('img', { src: data.mask, alt: 'anomaly mask', className: 'mask' });
    stage.append(mask);
    const toggle = el('vscode-checkbox', { checked: true, label: 'Show anomaly mask' });
    toggle.addEventListener('change', () => (mask.hidden = !toggle.checked));
    const opacity = rangeControl('Mask opacity', 0, 1, 0.05, 0.55, (v) => {
      mask.style.opacity = String(v);
      return `${Math.round(v * 100)} %`;
    });
    controls.append(toggle, opacity);
  } else {
    controls.append(
      el(
        'p',
        { className: 'hint no-mask' },
        'This model classifies whole images: it returns a verdict and a confidence, no mask of where the anomaly is.',
      ),
    );
  }
  // Zoom 1 is "fit the panel"; above it the image grows past the panel's width and scrolls.
  controls.append(
    rangeControl('Zoom', 1, 8, 0.5, 1, (z) => {
      stage.style.width = z === 1 ? '' : `${z * image.naturalWidth}px`;
      stage.classList.toggle('zoomed', z !== 1);
      return z === 1 ? 'fit' : `${z}×`;
    }),
  );

  const anomalies = data.anomalies.filter((a) => a.name.toLowerCase() !== 'background');
  if (data.mask) nodes.push(legend(anomalies));
  return nodes;
}

function legend(anomalies) {
  if (anomalies.length === 0) return el('p', { className: 'hint' }, 'No anomaly found: the mask is empty.');
  return el(
    'table',
    { className: 'data legend' },
    el('caption', {}, 'Anomaly types in the mask'),
    el('thead', {}, el('tr', {}, el('th', {}, 'Anomaly type'), el('th', {}, 'Area of the image'))),
    el(
      'tbody',
      {},
      ...anomalies.map((a) => {
        const swatch = el('span', { className: 'swatch' });
        swatch.style.backgroundColor = a.color;
        return el(
          'tr',
          {},
          el('td', {}, swatch, ' ', a.name),
          el('td', { className: 'num' }, percent(a.area)),
        );
      }),
    ),
  );
}
