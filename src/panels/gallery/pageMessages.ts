// What the gallery page may ask of the panel, checked on arrival: a page message is data from a webview, so
// anything malformed is dropped instead of reaching the service.
import type { MaskLabelColor } from '../../client/datasetEntries';

export type PageMessage =
  | { type: 'ready' | 'reload' | 'undo' | 'cancelVerify' }
  | { type: 'thumbs' | 'verify' | 'accept'; refs: string[] }
  | { type: 'classify'; refs: string[]; cls: 'normal' | 'anomaly' }
  | { type: 'open'; ref: string }
  | { type: 'renameLabel'; from: string; to: string }
  | { type: 'saveMask'; ref: string; width: number; height: number; mask: string; labels: MaskLabelColor[] };

type Fields = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isSize = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) > 0 && (v as number) <= 20_000;
const isLabel = (v: unknown): v is MaskLabelColor =>
  isString((v as Fields | null)?.name) && /^#[0-9a-f]{6}$/.test(String((v as Fields).color));

export function parsePageMessage(raw: unknown): PageMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Fields;
  switch (m.type) {
    case 'ready':
    case 'reload':
    case 'undo':
    case 'cancelVerify':
      return { type: m.type };
    case 'thumbs':
    case 'verify':
    case 'accept':
      return isStrings(m.refs) ? { type: m.type, refs: m.refs } : undefined;
    case 'classify':
      return isStrings(m.refs) && (m.cls === 'normal' || m.cls === 'anomaly')
        ? { type: 'classify', refs: m.refs, cls: m.cls }
        : undefined;
    case 'open':
      return isString(m.ref) ? { type: 'open', ref: m.ref } : undefined;
    case 'renameLabel':
      return isString(m.from) && isString(m.to) ? { type: 'renameLabel', from: m.from, to: m.to } : undefined;
    case 'saveMask':
      return isString(m.ref) &&
        isSize(m.width) &&
        isSize(m.height) &&
        isString(m.mask) &&
        Array.isArray(m.labels) &&
        m.labels.every(isLabel)
        ? { type: 'saveMask', ref: m.ref, width: m.width, height: m.height, mask: m.mask, labels: m.labels }
        : undefined;
    default:
      return undefined;
  }
}
