// Pruning the panels' records: what a window never restored again (closed with its panels open, say) does not stay
// in the workspace state for ever.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { staleKeys } from '../../src/panels/panelState';

const DAY = 24 * 60 * 60 * 1000;
const now = Date.parse('2026-03-01T12:00:00Z');
const record = (age: number) => ({
  viewType: 'lookoutVision.metrics',
  savedAt: now - age,
  value: { projectName: 'plates', modelVersion: '1' },
});

test('prunes records unused for more than 30 days, and entries that are not records', () => {
  const entries: [string, unknown][] = [
    ['panel:fresh', record(0)],
    ['panel:month', record(30 * DAY)],
    ['panel:old', record(30 * DAY + 1)],
    ['panel:no-value', { ...record(0), value: undefined }],
    ['panel:no-time', { ...record(0), savedAt: '2026-03-01' }],
    ['panel:no-kind', { savedAt: now, value: {} }],
    ['panel:text', 'state'],
  ];
  assert.deepEqual(staleKeys(entries, now), [
    'panel:old',
    'panel:no-value',
    'panel:no-time',
    'panel:no-kind',
    'panel:text',
  ]);
});
