// Runs inside the "Anomaly detection" webview: one detection result (webviews/overlay.js).
import { runPanel } from './panel.js';
import { detectionView } from './overlay.js';

runPanel('detection', detectionView);
