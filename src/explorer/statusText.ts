// Service statuses in words a new user reads at a glance, short enough for the default sidebar width: a ready
// dataset shows just its counts ("64 images · 12 anomalous"), others what they are doing or why they failed.
// The raw status stays in the tooltip.
import type {
  DatasetDescription,
  ModelMetadata,
  ModelPackagingJobMetadata,
} from '@aws-sdk/client-lookoutvision';

const REASON_LENGTH = 40;

/** The first words of a status message, for a row's description. */
export function shortReason(message: string | undefined): string {
  const text = (message ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return 'no details';
  return text.length > REASON_LENGTH ? `${text.slice(0, REASON_LENGTH - 1).trimEnd()}…` : text;
}

/**
 * "training… extracting features 40 %": an in-progress row with the service's note on how far it has got,
 * without the words that repeat the status ("Training: …", "Importing the manifest: …").
 */
function inProgress(words: string, message: string | undefined, repeated: RegExp): string {
  const note = (message ?? '').replace(repeated, '').trim();
  return note ? `${words}… ${shortReason(note)}` : `${words}…`;
}

/**
 * "TRAINING — extracting features 40 %": a status, and the service's note on its progress when it has one
 * (without a first word that repeats the status).
 */
export function progressMessage(status: string | undefined, message: string | undefined): string | undefined {
  const word = /^[a-z]+/i.exec(status ?? '')?.[0];
  const note = (
    word ? (message ?? '').replace(new RegExp(`^${word}\\b:?`, 'i'), '') : (message ?? '')
  ).trim();
  return note ? `${status ?? 'unknown'} — ${note}` : status;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "64 images · 12 anomalous", or undefined before the service counted them. */
export function imageCounts(description: DatasetDescription): string | undefined {
  const stats = description.ImageStats;
  if (!stats) return undefined;
  const total = stats.Total ?? 0;
  return total === 0 ? 'no images' : `${plural(total, 'image')} · ${stats.Anomaly ?? 0} anomalous`;
}

export function datasetIsReady(description: DatasetDescription): boolean {
  return description.Status === 'CREATE_COMPLETE' || description.Status === 'UPDATE_COMPLETE';
}

/** A ready dataset that falls short of the training minimums says so after its counts. */
export const TOO_FEW_TO_TRAIN = 'too few to train';

export function datasetStatusText(description: DatasetDescription, trainable = true): string {
  const { Status, StatusMessage } = description;
  switch (Status) {
    case 'CREATE_IN_PROGRESS':
      return inProgress('importing', StatusMessage, /^importing( the manifest)?:?/i);
    case 'UPDATE_IN_PROGRESS':
      return 'updating…';
    case 'DELETE_IN_PROGRESS':
      return 'deleting…';
    case 'UPDATE_FAILED_ROLLBACK_IN_PROGRESS':
      return 'update failed, rolling back…';
    case 'CREATE_FAILED':
    case 'DELETE_FAILED':
      return `failed: ${shortReason(StatusMessage)}`;
    case 'UPDATE_FAILED_ROLLBACK_COMPLETE':
      return `update failed: ${shortReason(StatusMessage)}`;
    case 'CREATE_COMPLETE':
    case 'UPDATE_COMPLETE': {
      const counts = imageCounts(description) ?? 'ready';
      return trainable ? counts : `${counts} · ${TOO_FEW_TO_TRAIN}`;
    }
    default:
      return (Status ?? 'unknown').toLowerCase();
  }
}

export function modelStatusText(model: ModelMetadata): string {
  const { Status, StatusMessage, Performance } = model;
  const f1 = Performance?.F1Score === undefined ? undefined : `F1 ${Performance.F1Score.toFixed(3)}`;
  switch (Status) {
    case 'TRAINING':
      return inProgress('training', StatusMessage, /^training( started)?:?/i);
    case 'STARTING_HOSTING':
      return 'starting…';
    case 'STOPPING_HOSTING':
      return 'stopping…';
    case 'DELETING':
      return 'deleting…';
    case 'TRAINING_FAILED':
      return `training failed: ${shortReason(StatusMessage)}`;
    case 'HOSTING_FAILED':
      return [`hosting failed: ${shortReason(StatusMessage)}`, f1].filter(Boolean).join(' · ');
    case 'TRAINED':
    case 'HOSTED':
      return [Status.toLowerCase(), f1].filter(Boolean).join(' · ');
    default:
      return (Status ?? 'unknown').toLowerCase();
  }
}

export function packagingStatusText(job: ModelPackagingJobMetadata): string {
  const { Status, StatusMessage } = job;
  switch (Status) {
    case 'CREATED':
      return 'queued…';
    case 'RUNNING':
      return 'packaging…';
    case 'SUCCEEDED':
      return 'succeeded';
    case 'FAILED':
      return `failed: ${shortReason(StatusMessage)}`;
    default:
      return (Status ?? 'unknown').toLowerCase();
  }
}
