// Hover: documentation on keys; on image and mask references, a preview of the image, read from the
// connected engine (s3://) or from the workspace (local paths).
import * as vscode from 'vscode';
import { hoverAt, type Reference } from './core';
import { MANIFEST_SELECTOR, WORKSPACE_VALIDATION } from './language';
import type { ManifestObjectSource } from './objectSource';
import { referenceUri } from './referenceUri';

/** Larger images are not inlined: a data: URI this big already slows the hover down. */
const MAX_PREVIEW_BYTES = 512 * 1024;

function imageType(data: Uint8Array): string | undefined {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return undefined;
}

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
  const type = data && imageType(data);
  if (!data) {
    markdown.appendText(
      reference.bucket !== undefined
        ? 'Not available: no engine is connected, or it has no such object.'
        : 'No such file next to the manifest.',
    );
  } else if (!type) markdown.appendText(`${data.byteLength} bytes, not a PNG or JPEG image.`);
  else if (data.byteLength > MAX_PREVIEW_BYTES) {
    markdown.appendText(
      `${Math.round(data.byteLength / 1024)} KiB: too large to preview here; open the link.`,
    );
  } else {
    markdown.appendMarkdown(
      `<img src="data:${type};base64,${Buffer.from(data).toString('base64')}" width="256">`,
    );
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
