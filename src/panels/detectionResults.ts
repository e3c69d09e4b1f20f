// What Detect Anomalies in Folder found, as the folder panel lists it and exports it: a CSV of the verdicts, and a
// manifest labelled with them (masks written beside it) that becomes a dataset once a person has checked it.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { DetectAnomalyResult } from '@aws-sdk/client-lookoutvision';
import { manifestLine } from '../client/manifestLines';
import type { ModelRef } from '../explorer/refs';

/** The anomaly types of a result, with their mask colour and the fraction of the image they cover. */
export function anomaliesOf(result: DetectAnomalyResult): { name: string; area: number; color: string }[] {
  return (result.Anomalies ?? []).map((a) => ({
    name: a.Name ?? '',
    area: a.PixelAnomaly?.TotalPercentageArea ?? 0,
    color: a.PixelAnomaly?.Color ?? '#ffffff',
  }));
}

/** One image of the folder: its verdict, or why it has none. */
export interface FolderDetection {
  file: string;
  isAnomalous?: boolean;
  confidence?: number;
  anomalies?: { name: string; area: number; color: string }[];
  error?: string;
}

export interface FolderRun {
  folder: string;
  /** "project · model N" */
  model: string;
  modelRef: ModelRef;
  detections: FolderDetection[];
  /** The full result of each detection (with its mask), by the index of `detections`. */
  results: (DetectAnomalyResult | undefined)[];
}

/** What the folder panel's record keeps of a run (panelState.ts), so that it can be restored after a window reload. */
export interface KeptFolderRun {
  folder: string;
  modelRef: ModelRef;
  rows: FolderDetection[];
  /** Unset while the run goes on. */
  summary?: string;
}

/** The detection of one image, for the table and the exports. */
export function folderDetection(file: string, result: DetectAnomalyResult): FolderDetection {
  const anomalies = anomaliesOf(result).filter((a) => a.name.toLowerCase() !== 'background');
  return { file, isAnomalous: result.IsAnomalous, confidence: result.Confidence, anomalies };
}

export function resultsCsv(run: FolderRun, rows: FolderDetection[]): string {
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [['file', 'verdict', 'confidence', 'labels', 'areas', 'error']];
  for (const d of rows) {
    const anomalies = d.anomalies ?? [];
    lines.push([
      relative(run.folder, d.file),
      d.error ? '' : d.isAnomalous ? 'anomaly' : 'normal',
      d.confidence === undefined ? '' : d.confidence.toFixed(4),
      anomalies.map((a) => a.name).join(';'),
      anomalies.map((a) => a.area.toFixed(6)).join(';'),
      d.error ?? '',
    ]);
  }
  return lines.map((l) => l.map(cell).join(',')).join('\n') + '\n';
}

/**
 * One manifest line per image with a verdict, labelled as the model judged it; a segmentation result's mask is
 * written as a PNG into a folder beside the manifest (`target`) and referenced with its anomaly labels. Paths are
 * relative to the manifest, as a workspace manifest's local references are.
 */
export async function resultsManifest(
  run: FolderRun,
  rows: FolderDetection[],
  target: string,
): Promise<string> {
  const base = dirname(target);
  const masks = join(base, `${basename(target).replace(/\.[^.]*$/, '')}-masks`);
  const ref = (path: string) => relative(base, path).split(sep).join('/');
  const lines: string[] = [];
  for (const d of rows) {
    if (d.error || d.isAnomalous === undefined) continue;
    const result = run.results[run.detections.indexOf(d)];
    let mask: { ref: string; labels: { className: string; hexColor: string }[] } | undefined;
    if (d.isAnomalous && result?.AnomalyMask && d.anomalies?.length) {
      const name = relative(run.folder, d.file)
        .replace(/[\\/]/g, '_')
        .replace(/\.[^.]*$/, '');
      const file = join(masks, `${name}.png`);
      await mkdir(masks, { recursive: true });
      await writeFile(file, result.AnomalyMask);
      mask = { ref: ref(file), labels: d.anomalies.map((a) => ({ className: a.name, hexColor: a.color })) };
    }
    const className = d.isAnomalous ? 'anomaly' : 'normal';
    lines.push(
      manifestLine({ sourceRef: ref(d.file), className, ...(mask ? { mask } : {}) }, 'detect-anomalies'),
    );
  }
  return lines.join('\n') + '\n';
}
