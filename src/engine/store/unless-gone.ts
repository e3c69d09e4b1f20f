// Files of a data directory that another process may remove at any moment (a lock released, a lease of a closed
// window, the temporary and journal files of an engine that is stopping).

/** What `fn` returns, or undefined if the path it reads or changes was removed meanwhile (ENOENT). */
export function unlessGone<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
