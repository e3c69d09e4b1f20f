// CreateDataset's import of a Ground Truth manifest, run as a background job: the manifest is streamed from its
// file line by line, checked in slices that leave the event loop to requests, and stored all or nothing. Whatever
// goes wrong ends this dataset CREATE_FAILED with a message; nothing of it reaches the rest of the engine. Its
// status message says how many lines it has read so far.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { BackendContext } from './context';
import { errorMessage, runInBackground } from './background';
import { MAX_IMAGES, upsertEntries, type DatasetType } from './dataset-entries';
import { EntryChecker, type CheckedLine } from './entry-checker';
import { manifestLines, type ManifestLine } from './manifest-lines';

/** Checking runs at most this long before requests get their turn. */
const SLICE_MS = 10;

/** Stores the outcome, unless the dataset left CREATE_IN_PROGRESS meanwhile. */
function finish(
  ctx: BackendContext,
  project: string,
  type: string,
  status: 'CREATE_COMPLETE' | 'CREATE_FAILED',
  message: string,
  lines: CheckedLine[] = [],
): void {
  ctx.db.transaction(() => {
    const updated = ctx.db.run(
      "UPDATE datasets SET status = ?, status_message = ?, updated = ? WHERE project = ? AND type = ? AND status = 'CREATE_IN_PROGRESS'",
      status,
      message,
      ctx.now(),
      project,
      type,
    );
    if (updated > 0) upsertEntries(ctx, project, type, lines, ctx.now());
  });
}

async function importManifest(ctx: BackendContext, project: string, type: DatasetType): Promise<void> {
  const row = ctx.db.get(
    'SELECT status, source_json FROM datasets WHERE project = ? AND type = ?',
    project,
    type,
  );
  if (row?.status !== 'CREATE_IN_PROGRESS' || typeof row.source_json !== 'string') return;
  const { Bucket, Key } = JSON.parse(row.source_json) as { Bucket: string; Key: string };
  const manifest = `s3://${Bucket}/${Key}`;
  const file = ctx.objects.file(Bucket, Key);
  if (!file)
    return finish(ctx, project, type, 'CREATE_FAILED', `The manifest file ${manifest} does not exist`);
  const max = MAX_IMAGES[type];
  const checker = new EntryChecker(ctx.objects, undefined, max);
  const progress = new ImportProgress(ctx, project, type, file.info.size);
  let index = 0;
  let sliceStart = performance.now();
  reading: for await (const batch of manifestLines(file.path)) {
    for (const line of batch) {
      progress.read(line);
      if (!checker.add(line, index++)) break reading;
    }
    if (performance.now() - sliceStart > SLICE_MS) {
      progress.note(index);
      await nextTurn();
      ctx.stopping.throwIfAborted();
      sliceStart = performance.now();
    }
  }
  if (checker.problems.length > 0)
    return finish(
      ctx,
      project,
      type,
      'CREATE_FAILED',
      `The manifest file ${manifest} is not valid: ${checker.problems.join('; ')}`,
    );
  if (checker.overflowLine !== undefined)
    return finish(
      ctx,
      project,
      type,
      'CREATE_FAILED',
      `The manifest has more than ${max} images (line ${checker.overflowLine} holds image ${max + 1}); a ${type} dataset holds at most ${max}`,
    );
  const lines = checker.lines;
  if (lines.length === 0)
    return finish(ctx, project, type, 'CREATE_FAILED', `The manifest file ${manifest} has no JSON lines`);
  ctx.log(`dataset ${project}/${type}: imported ${lines.length} entries from ${manifest} (${index} lines)`);
  finish(
    ctx,
    project,
    type,
    'CREATE_COMPLETE',
    `Dataset created from ${manifest} with ${lines.length} images`,
    lines,
  );
}

const PROGRESS_INTERVAL_MS = 500;

/**
 * How far an import has read, in its status message: lines so far, and the total estimated from the bytes
 * those lines took of the file's size. Written at most twice a second, between slices.
 */
class ImportProgress {
  private bytes = 0;
  /** The first slice notes at once: a long import says so from its start. */
  private lastNote = -Infinity;

  constructor(
    private readonly ctx: BackendContext,
    private readonly project: string,
    private readonly type: string,
    private readonly fileBytes: number,
  ) {}

  read(line: ManifestLine): void {
    // Characters stand for bytes: exact for the ASCII of nearly every manifest, an estimate otherwise.
    this.bytes += (typeof line === 'string' ? line.length : line.overlongBytes) + 1;
  }

  note(lines: number): void {
    const now = performance.now();
    if (now - this.lastNote < PROGRESS_INTERVAL_MS) return;
    this.lastNote = now;
    const total = Math.max(lines, Math.round((lines * this.fileBytes) / Math.max(this.bytes, 1)));
    this.ctx.db.run(
      "UPDATE datasets SET status_message = ? WHERE project = ? AND type = ? AND status = 'CREATE_IN_PROGRESS'",
      `Importing the manifest: ${count(lines)} of about ${count(total)} lines read`,
      this.project,
      this.type,
    );
  }
}

const count = (n: number) => n.toLocaleString('en-US');

/** Runs the import of a dataset in CREATE_IN_PROGRESS as a contained background job. */
export function startImport(ctx: BackendContext, project: string, type: DatasetType): void {
  runInBackground(
    ctx,
    `import of the ${type} dataset of project ${project}`,
    () => importManifest(ctx, project, type),
    (err) =>
      finish(ctx, project, type, 'CREATE_FAILED', `The manifest could not be imported: ${errorMessage(err)}`),
  );
}

/** Runs again the imports a stop or crash interrupted (all or nothing, so they start over), each on its own. */
export function resumeImports(ctx: BackendContext): void {
  for (const row of ctx.db.all("SELECT project, type FROM datasets WHERE status = 'CREATE_IN_PROGRESS'")) {
    startImport(ctx, String(row.project), row.type === 'test' ? 'test' : 'train');
  }
}
