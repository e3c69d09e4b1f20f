// The stored side of datasets shared by imports and updates: quotas and writing checked entries.
import { validation } from '../protocol/errors';
import type { BackendContext } from './context';
import type { CheckedLine } from './entry-checker';

export type DatasetType = 'train' | 'test';

/** The dataset type a request names (the model's pattern admits only these two; the check keeps the type honest). */
export function datasetType(value: string): DatasetType {
  if (value === 'train' || value === 'test') return value;
  throw validation(`DatasetType must be train or test, not ${value}`);
}

// GUIDE §3 "Model quotas": images per dataset.
export const MAX_IMAGES: Record<DatasetType, number> = { train: 16000, test: 4000 };

/** Adds the entries, replacing those of the same source-ref. */
export function upsertEntries(
  ctx: BackendContext,
  project: string,
  type: string,
  lines: CheckedLine[],
  now: number,
): void {
  for (const { facts, line } of lines) {
    ctx.db.run(
      `INSERT INTO dataset_entries (project, type, source_ref, line, class, created) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (project, type, source_ref) DO UPDATE SET line = excluded.line, class = excluded.class`,
      project,
      type,
      facts.sourceRef,
      line,
      facts.anomalyClass ?? null,
      now,
    );
  }
}
