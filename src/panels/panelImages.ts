// Images a page asks for only when it shows them (thumbnails as they scroll into view, a picture when clicked), so
// a panel over a thousand images opens at once. They travel as data: URIs, which the page's CSP allows for
// images without widening its resource roots.
import type * as vscode from 'vscode';
import { errorMessage } from '../client/errors';

/** Which picture of a listed image: the image itself, or (evaluations of segmentation) a mask of it. */
export type ImageLayer = 'image' | 'predictedMask' | 'trueMask';

/**
 * The picture `layer` of the image at `index` of what the panel lists, small or full size, as a data: URI
 * (undefined when gone).
 */
export type ImageSource = (
  index: number,
  size: 'thumbnail' | 'full',
  layer: ImageLayer,
) => Promise<string | undefined>;

const isLayer = (value: unknown): value is ImageLayer =>
  value === 'image' || value === 'predictedMask' || value === 'trueMask';

/**
 * Answers the page's `{type: 'image', id, index, size, layer?}` requests with `{type: 'image', id, src}` or
 * `{..., error}`.
 */
export function serveImages(
  webview: vscode.Webview,
  source: () => ImageSource | undefined,
): vscode.Disposable {
  return webview.onDidReceiveMessage(
    async (m: { type?: unknown; id?: unknown; index?: unknown; size?: unknown; layer?: unknown }) => {
      const load = source();
      if (m.type !== 'image' || typeof m.index !== 'number' || !load) return;
      let reply: object;
      try {
        const src = await load(
          m.index,
          m.size === 'full' ? 'full' : 'thumbnail',
          isLayer(m.layer) ? m.layer : 'image',
        );
        reply = src ? { src } : { error: 'The image is gone.' };
      } catch (err) {
        reply = { error: errorMessage(err) };
      }
      await webview.postMessage({ type: 'image', id: m.id, ...reply });
    },
  );
}
