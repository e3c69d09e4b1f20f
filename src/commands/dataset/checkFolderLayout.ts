// "Create Dataset from Folder" needs `normal/` and `anomaly/` subfolders with images. The folder is checked
// before anything is asked or created, and the message says what is missing and what layout is expected.
import * as vscode from 'vscode';
import { basename } from 'node:path';

const IMAGE = /\.(png|jpe?g)$/i;
const CLASSES = ['normal', 'anomaly'] as const;

/** What is wrong with `folder` as a labelled image folder ("anomaly/ is missing"); empty when nothing. */
export async function folderLayoutProblems(folder: vscode.Uri): Promise<string[]> {
  const problems: string[] = [];
  for (const name of CLASSES) {
    const entries = await vscode.workspace.fs
      .readDirectory(vscode.Uri.joinPath(folder, name))
      .then(undefined, () => undefined);
    if (!entries) problems.push(`${name}/ is missing`);
    else if (!entries.some(([file, type]) => type === vscode.FileType.File && IMAGE.test(file)))
      problems.push(`${name}/ has no PNG or JPEG images`);
  }
  return problems;
}

export async function checkFolderLayout(folder: vscode.Uri): Promise<void> {
  const problems = await folderLayoutProblems(folder);
  if (problems.length === 0) return;
  const name = basename(folder.fsPath);
  throw new Error(
    `${name} cannot become a dataset: ${problems.join(', ')}. Expected ${name}/normal/ and ${name}/anomaly/ ` +
      'holding PNG or JPEG images (optionally masks/ with a PNG mask per anomaly image).',
  );
}
