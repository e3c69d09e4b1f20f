// Where a manifest reference opens in the editor: S3 objects through the engine-backed file system,
// local paths relative to the manifest.
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { Reference } from './core';
import { objectUri } from './s3ObjectFileSystem';

export function referenceUri(document: vscode.TextDocument, reference: Reference): vscode.Uri {
  if (reference.bucket !== undefined) return objectUri(reference.bucket, reference.key);
  if (isAbsolute(reference.key)) return vscode.Uri.file(reference.key);
  return vscode.Uri.joinPath(document.uri, '..', reference.key.replace(/\\/g, '/'));
}
