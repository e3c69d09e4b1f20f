// Access keys the engine generates for itself, kept in a file only the owning user can read.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const FILE = 'credentials.json';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function newAccessKeyId(): string {
  return 'AKLV' + [...randomBytes(16)].map((b) => BASE32[b % 32]).join('');
}

export function credentialsPath(dataDir: string): string {
  return join(dataDir, FILE);
}

export function readCredentials(dataDir: string): Credentials | undefined {
  try {
    const parsed = JSON.parse(readFileSync(credentialsPath(dataDir), 'utf8')) as Partial<Credentials>;
    if (typeof parsed.accessKeyId === 'string' && typeof parsed.secretAccessKey === 'string') {
      return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return undefined;
}

/** Loads the data directory's credentials, creating them (mode 0600, written atomically) on first use. */
export function loadOrCreateCredentials(dataDir: string): Credentials {
  const existing = readCredentials(dataDir);
  if (existing) return existing;
  const created = { accessKeyId: newAccessKeyId(), secretAccessKey: randomBytes(30).toString('base64') };
  writeFileAtomic(credentialsPath(dataDir), JSON.stringify(created, null, 2) + '\n');
  return created;
}
