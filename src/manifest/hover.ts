// Hover: documentation on keys; on image and mask references, a preview of the image, read from the
// connected engine (s3://) or from the workspace (local paths).
import * as vscode from 'vscode';
import { dataUri } from '../client/imageBytes';
import { sniffFormat } from '../engine/ml/imageFormat';
import { hoverAt, type Reference } from './core';
import { MANIFEST_SELECTOR, WORKSPACE_VALIDATION } from './language';
import type { ManifestObjectSource } from './objectSource';
import { referenceUri } from './referenceUri';

/** Larger images are not inlined: a data: URI this big already slows the hover down. */
const MAX_PREVIEW_BYTES = 512 * 1024;

async function readReference(
  objects: ManifestObjectSource,
  reference: Reference,
  uri: vscode.Uri,
): Promise<Uint8Array | undefined> {
  if (reference.bucket !== undefined) return objects.getObject(reference.bucket, reference.key);
  return vscode.workspace.fs.readFile(uri).then(
    (data) => data,
    () => undefined,
  );
}

async function previewMarkdown(
  objects: ManifestObjectSource,
  document: vscode.TextDocument,
  reference: Reference,
): Promise<vscode.MarkdownString> {
  const uri = referenceUri(document, reference);
  const markdown = new vscode.MarkdownString();
  markdown.supportHtml = true;
  const title = reference.bucket !== undefined ? `s3://${reference.bucket}/${reference.key}` : reference.key;
  markdown.appendMarkdown(`[${title.replace(/[[\]]/g, '\\$&')}](${uri.toString()})\n\n`);
  let data: Uint8Array | undefined;
  try {
    data = await readReference(objects, reference, uri);
  } catch (error) {
    markdown.appendText(`Could not read the image: ${(error as Error).message}`);
    return markdown;
  }
  const format = data && sniffFormat(data);
  if (!data) {
    markdown.appendText(
      reference.bucket !== undefined
        ? 'Not available: no engine is connected, or it has no such object.'
        : 'No such file next to the manifest.',
    );
  } else if (!format) markdown.appendText(`${data.byteLength} bytes, not a PNG or JPEG image.`);
  else if (data.byteLength > MAX_PREVIEW_BYTES) {
    markdown.appendText(
      `${Math.round(data.byteLength / 1024)} KiB: too large to preview here; open the link.`,
    );
  } else {
    markdown.appendMarkdown(`<img src="${dataUri(data, `image/${format}`)}" width="256">`);
  }
  return markdown;
}

class ManifestHover implements vscode.HoverProvider {
  constructor(private readonly objects: ManifestObjectSource) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.Hover | undefined> {
    const info = hoverAt(document.lineAt(position.line).text, position.character, WORKSPACE_VALIDATION);
    if (!info) return undefined;
    const range = new vscode.Range(position.line, info.start, position.line, info.end);
    if (info.kind === 'key') return new vscode.Hover(new vscode.MarkdownString(info.documentation), range);
    return new vscode.Hover(await previewMarkdown(this.objects, document, info.reference), range);
  }
}

export function registerHover(objects: ManifestObjectSource): vscode.Disposable {
  return vscode.languages.registerHoverProvider(MANIFEST_SELECTOR, new ManifestHover(objects));
}
