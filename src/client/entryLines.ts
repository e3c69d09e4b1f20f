// The lines the gallery writes back with UpdateDatasetEntries: a new class, or a new mask, for an entry.
// Each line is built by manifestLine and checked by the manifest linter's line rules before it is sent,
// so a change the service would refuse is refused here with the linter's message.
import { LineValidator } from '../manifest/core';
import type { GalleryEntry, MaskLabelColor } from './datasetEntries';
import { manifestLine } from './manifestLines';

/** The `job-name` of lines the gallery writes, so a manifest shows where a label came from. */
export const GALLERY_JOB_NAME = 'vscode-gallery';

const validator = new LineValidator();

function checked(line: string): string {
  const errors = validator.validate(line).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(`the entry's new line is not valid: ${errors.map((d) => d.message).join('; ')}`);
  return line;
}

/**
 * The entry marked normal or anomaly. An anomaly keeps its mask; a normal image has no anomaly, so its mask
 * goes (the mask image itself stays in the bucket).
 */
export function classifiedLine(entry: GalleryEntry, cls: 'normal' | 'anomaly', now?: Date): string {
  const mask =
    cls === 'anomaly' && entry.maskRef ? { ref: entry.maskRef, labels: maskLabels(entry.labels) } : undefined;
  return checked(
    manifestLine({ sourceRef: entry.ref, className: cls, ...(mask ? { mask } : {}) }, GALLERY_JOB_NAME, now),
  );
}

/** The entry as an anomaly with the mask at `maskRef` holding `labels`. */
export function maskedLine(
  ref: string,
  maskRef: string,
  labels: readonly MaskLabelColor[],
  now?: Date,
): string {
  if (labels.length === 0)
    throw new Error('the mask holds no anomaly label: paint one, or mark the image normal');
  return checked(
    manifestLine(
      { sourceRef: ref, className: 'anomaly', mask: { ref: maskRef, labels: maskLabels(labels) } },
      GALLERY_JOB_NAME,
      now,
    ),
  );
}

/** The entry with one of its mask labels renamed (same colour, same mask image). */
export function relabeledLine(entry: GalleryEntry, from: string, to: string, now?: Date): string {
  if (!entry.maskRef) throw new Error(`${entry.name} has no mask`);
  const labels = entry.labels.map((l) => (l.name === from ? { ...l, name: to } : l));
  return maskedLine(entry.ref, entry.maskRef, labels, now);
}

function maskLabels(labels: readonly MaskLabelColor[]) {
  return labels.map((l) => ({ className: l.name, hexColor: l.color }));
}
