// Decides from content whether a JSON Lines document is a manifest, so other .jsonl files stay untouched.

const MANIFEST_LINE = /^\s*\{.*"source-ref"\s*:/;

/** True when the first non-blank line (of at most `scan` lines) is a manifest line, even a broken one. */
export function looksLikeManifest(text: string, scan = 20): boolean {
  let from = 0;
  for (let i = 0; i < scan && from <= text.length; i++) {
    const end = text.indexOf('\n', from);
    const line = text.slice(from, end < 0 ? text.length : end);
    if (line.trim() !== '') return MANIFEST_LINE.test(line);
    if (end < 0) break;
    from = end + 1;
  }
  return false;
}
