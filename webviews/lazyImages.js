// Images the extension sends when asked (src/panels/panelImages.ts): a thumbnail asks for its picture when it
// scrolls near the view, so a page listing a thousand images opens at once; a full-size picture when opened.
/* global window, IntersectionObserver */

export function imageLoader(vscode) {
  let nextId = 0;
  const waiting = new Map();
  let cache = new Map();
  window.addEventListener('message', (event) => {
    const m = event.data;
    const done = m?.type === 'image' && waiting.get(m.id);
    if (!done) return;
    waiting.delete(m.id);
    done(m);
  });

  /**
   * The data: URI of the image at `index`, 'thumbnail' or 'full' size; `layer` 'predictedMask' or 'trueMask' asks
   * for a mask of it instead (evaluations of segmentation models).
   */
  function load(index, size, layer = 'image') {
    const key = `${layer}:${size}:${index}`;
    let src = cache.get(key);
    if (!src) {
      src = new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, (m) => (m.src ? resolve(m.src) : reject(new Error(m.error ?? 'not available'))));
        vscode.postMessage({ type: 'image', id, index, size, layer });
      });
      const kept = cache;
      src.catch(() => kept.get(key) === src && kept.delete(key));
      cache.set(key, src);
    }
    return src;
  }

  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const img = entry.target;
        observer.unobserve(img);
        load(Number(img.dataset.index), 'thumbnail', img.dataset.layer).then(
          (src) => {
            img.src = src;
            img.classList.add('loaded');
          },
          (err) => {
            img.alt = `${img.alt}: ${err.message}`;
            img.classList.add('failed');
          },
        );
      }
    },
    { rootMargin: '300px' },
  );

  return {
    load,
    /** Fills `img` with the thumbnail of image `index` (or its `layer`) once it comes near the view. */
    lazy(img, index, layer = 'image') {
      img.dataset.index = String(index);
      img.dataset.layer = layer;
      observer.observe(img);
    },
    /** Forgets what was loaded: the indices now name other images. */
    reset() {
      observer.disconnect();
      cache = new Map();
    },
  };
}
