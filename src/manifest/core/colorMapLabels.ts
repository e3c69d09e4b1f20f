// The anomaly labels a color map names. Lines share one copy of each color map (see checkColorMap), so
// the labels are worked out once per map.
import type { ColorMapEntry } from './types';

const labelsByMap = new WeakMap<readonly ColorMapEntry[], readonly string[]>();

/** The anomaly label names of a color map, without BACKGROUND. */
export function anomalyLabelsOf(colorMap: readonly ColorMapEntry[]): readonly string[] {
  const known = labelsByMap.get(colorMap);
  if (known) return known;
  const names: string[] = [];
  for (const entry of colorMap) {
    const name = entry.className;
    if (entry.index !== '0' && name !== '' && name !== 'BACKGROUND' && !names.includes(name))
      names.push(name);
  }
  labelsByMap.set(colorMap, names);
  return names;
}
