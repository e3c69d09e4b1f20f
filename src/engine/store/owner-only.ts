// Everything in a data directory is the owner's alone: the state, the credentials and every object and model file.
import { chmodSync, lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { unlessGone } from './unless-gone';

// Entries come and go while the walk runs (window leases, temporary and journal files of an engine that is stopping):
// one that has gone needs no restriction.
function restrict(path: string, stat: Stats): void {
  if (stat.mode & 0o077) unlessGone(() => chmodSync(path, stat.mode & 0o700));
  if (!stat.isDirectory()) return;
  for (const name of unlessGone(() => readdirSync(path)) ?? []) {
    const child = join(path, name);
    const childStat = unlessGone(() => lstatSync(child));
    // chmod would follow a link out of the tree.
    if (childStat && !childStat.isSymbolicLink()) restrict(child, childStat);
  }
}

/**
 * Takes group and other permissions off `dir` and everything below it, for data directories an older engine (or the
 * user) created with looser modes. New files need no pass: the engine creates them 0600 and folders 0700.
 */
export function restrictToOwner(dir: string): void {
  restrict(dir, statSync(dir));
}
