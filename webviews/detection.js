// Runs inside the "Anomaly detection" webview: draws the image, the anomaly mask over it and the verdict.
import { el, runPanel } from './panel.js';

function percent(value) {
  return `${(value * 100).toFixed(value < 0.01 ? 2 : 1)} %`;
}

function render(data) {
  const verdict = el(
    'vscode-badge',
    { className: data.isAnomalous ? 'verdict anomalous' : 'verdict normal' },
    data.isAnomalous ? 'Anomaly' : 'Normal',
  );
  const heading = el('h2', {}, data.imageName, ' ', verdict);
  const facts = el('p', { className: 'facts' }, `Confidence ${percent(data.confidence)} · ${data.model}`);

  const stage = el(
    'div',
    { className: 'stage' },
    el('img', { src: data.image, alt: data.imageName, className: 'image' }),
  );
  const controls = el('div', { className: 'controls' });
  if (data.mask) {
    const mask = el('img', { src: data.mask, alt: 'anomaly mask', className: 'mask' });
    stage.append(mask);
    const toggle = el('vscode-checkbox', { checked: true, label: 'Show anomaly mask' });
    toggle.addEventListener('change', () => (mask.hidden = !toggle.checked));
    controls.append(toggle);
  } else {
    controls.append(
      el('p', { className: 'hint' }, 'This model classifies whole images: it returns no mask.'),
    );
  }

  const children = [heading, facts, stage, controls];
  const anomalies = data.anomalies.filter((a) => a.name.toLowerCase() !== 'background');
  if (anomalies.length > 0) {
    const rows = anomalies.map((a) => {
      const swatch = el('span', { className: 'swatch' });
      swatch.style.backgroundColor = a.color;
      return el(
        'vscode-table-row',
        {},
        el('vscode-table-cell', {}, swatch, ' ', a.name),
        el('vscode-table-cell', {}, percent(a.area)),
      );
    });
    children.push(
      el(
        'vscode-table',
        { className: 'anomalies', zebra: true },
        el(
          'vscode-table-header',
          {},
          el('vscode-table-header-cell', {}, 'Anomaly type'),
          el('vscode-table-header-cell', {}, 'Area'),
        ),
        el('vscode-table-body', {}, ...rows),
      ),
    );
  }
  return children;
}

runPanel('detection', render);
