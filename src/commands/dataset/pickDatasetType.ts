// Which dataset to create: train (the single dataset) or test (makes the project use separate sets).
import * as vscode from 'vscode';
import { required } from '../register';

/** The type in `options`, else `fallback`, else the one the user picks. */
export async function resolveDatasetType(options: unknown, fallback?: 'train'): Promise<string> {
  const given = (options as { datasetType?: string } | undefined)?.datasetType;
  if (given === 'train' || given === 'test') return given;
  if (given !== undefined) throw new Error(`Dataset type must be "train" or "test", got "${given}"`);
  if (fallback) return fallback;
  const picked = required(
    await vscode.window.showQuickPick(
      [
        { label: 'train', description: 'Training dataset (or the single dataset)' },
        { label: 'test', description: 'Separate test dataset' },
      ],
      { title: 'Dataset type' },
    ),
  );
  return picked.label;
}
