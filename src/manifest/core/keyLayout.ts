// Which of a line's keys are labels and which are masks, and the problems their pairing has. This depends
// only on the keys and their order, which nearly every line of a manifest shares, so it is worked out once
// per key sequence: a trie walked with the keys JSON.parse interns costs a map lookup per key.
import { attributeOf, metadataKeyOf, type JsonObject } from './metadataFields';
import type { Problem } from './problems';

export interface KeyLayout {
  /** Attributes with a `<attribute>-metadata` key, in key order: labels, then masks (`*-ref`). */
  readonly labels: readonly string[];
  readonly masks: readonly string[];
  /** Metadata without its attribute, masks without metadata, and a line without any label. */
  readonly problems: readonly Problem[];
}

interface Node {
  readonly next: Map<string, Node>;
  layout?: KeyLayout;
}

// Manifests use a handful of key sequences; the bound only matters for files that keep inventing keys.
const MAX_NODES = 4096;
let root: Node = { next: new Map() };
let nodes = 0;

export function keyLayoutOf(line: JsonObject): KeyLayout {
  let node = root;
  for (const key in line) {
    let child = node.next.get(key);
    if (child === undefined) {
      if (nodes >= MAX_NODES) {
        root = { next: new Map() };
        nodes = 0;
        return layoutOf(line);
      }
      nodes++;
      node.next.set(key, (child = { next: new Map() }));
    }
    node = child;
  }
  return (node.layout ??= layoutOf(line));
}

function layoutOf(line: JsonObject): KeyLayout {
  const labels: string[] = [];
  const masks: string[] = [];
  const unpaired: string[] = [];
  const problems: Problem[] = [];
  for (const key in line) {
    if (key === 'source-ref' || key === 'source-ref-metadata') continue;
    if (key.endsWith('-metadata')) {
      const base = attributeOf(key);
      if (!Object.hasOwn(line, base)) {
        const mask = base.endsWith('-ref');
        problems.push({
          code: mask ? 'mask-ref-missing' : 'label-attribute-missing',
          message: `"${key}" has no matching "${base}" ${mask ? 'mask reference' : 'label attribute'}`,
          path: [key],
          target: 'key',
        });
      }
    } else if (Object.hasOwn(line, metadataKeyOf(key))) {
      (key.endsWith('-ref') ? masks : labels).push(key);
    } else if (key.endsWith('-ref')) {
      problems.push({
        code: 'mask-metadata-missing',
        message: `the mask "${key}" has no "${key}-metadata"`,
        path: [key],
        target: 'key',
      });
    } else {
      unpaired.push(key);
    }
  }
  if (labels.length === 0) problems.push(unlabeled(unpaired[0]));
  return { labels, masks, problems };
}

function unlabeled(orphan: string | undefined): Problem {
  if (orphan !== undefined) {
    return {
      code: 'label-metadata-missing',
      message: `"${orphan}" has no "${orphan}-metadata": the image is imported unlabeled`,
      path: [orphan],
      target: 'key',
    };
  }
  return {
    code: 'unlabeled',
    message: 'no label attribute and "<label>-metadata": the image is imported unlabeled',
    path: [],
    target: 'key',
  };
}
