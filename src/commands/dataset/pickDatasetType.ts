// Which dataset to create: train (the single dataset) or test (makes the project use separate sets).
import * as vscode from 'vscode';
import { oneOf } from '../arguments';
import { required } from '../register';

export const datasetTypeArgument = oneOf(['train', 'test'] as const);

/** The type given, else `fallback`, else the one the user picks. */
export async function resolveDatasetType(
  given: 'train' | 'test' | undefined,
  fallback?: 'train',
): Promise<string> {
  if (given) return given;
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
