// Image bytes the extension sends or shows: their content type, and the data: URIs webview pages show them by.
import { sniffFormat } from '../engine/ml/imageFormat';

/** The content type of image bytes by their signature (a key's or file's extension can be wrong). */
export function imageContentType(bytes: Uint8Array): string {
  const format = sniffFormat(bytes);
  return format ? `image/${format}` : 'application/octet-stream';
}

/** The bytes as a data: URI, which a page's CSP allows for images without widening its resource roots. */
export function dataUri(bytes: Uint8Array, contentType = imageContentType(bytes)): string {
  return `data:${contentType};base64,${Buffer.from(bytes).toString('base64')}`;
}
