// Hostile and half-valid inputs for the engine fuzz suite, drawn from a seeded generator so every run sends the same
// requests: labels, names, values of each shape of the service model, and malformed JSON bodies.
import { shape as modelShape, type Shape } from '../../src/engine/protocol/model';
import type { Rng } from '../../src/engine/ml/rng';

export class Fuzz {
  constructor(readonly rng: Rng) {}

  chance(p: number): boolean {
    return this.rng() < p;
  }

  int(max: number): number {
    return Math.floor(this.rng() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Path labels, names and keys that break naive parsers: empty, long, NUL and control characters, `..`, unicode. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '.',
  '..',
  '../../etc/passwd',
  'a/../b',
  'a//b',
  'a'.repeat(1100),
  'x'.repeat(2000),
  'nul\0byte',
  '\x01\x02\x1f\x7f',
  'tab\tnew\nline',
  'プロジェクト',
  'ünïcödé-名前',
  '🙂💥',
  '%00',
  '%2F',
  '%ZZ',
  '%',
  '+',
  'a?b#c',
  '<xml>&amp;</xml>',
  '"quoted\'',
  'arn:aws:lookoutvision:us-east-1:123456789012:model/fuzz-project/1',
  'arn:aws:lookoutvision:us-east-1:123456789012:project/fuzz-project',
  'arn:aws:s3:::bucket',
] as const;

/** Names of what the fuzzed engine holds, and values members commonly take. */
const PLAUSIBLE_STRINGS = [
  'fuzz-project',
  'train',
  'test',
  '1',
  'latest',
  'fuzz-bucket',
  'fuzz-key',
  'new-project',
];

/** Numbers at and past every boundary a member can have. */
const NUMBERS = [0, 1, -1, 2, 99, 100, 101, 1000, 1.5, -0.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 2 ** 64];

/** Header values Node can send (its client refuses control characters in headers). */
export const HEADER_VALUES = [
  '',
  ' ',
  'token-1',
  '-1',
  'a'.repeat(4000),
  '\xff\xfe',
  'é',
  '../..',
  '%00',
  '"q"',
];

/** A value nested `depth` levels deep, as text (stringifying it would recurse as deep). */
export function deeplyNested(depth: number, open = '[', close = ']'): string {
  return open.repeat(depth) + close.repeat(depth);
}

/** Values of the wrong type or of absurd size, whatever the member expects. */
function hostileValue(f: Fuzz): unknown {
  switch (f.int(9)) {
    case 0:
      return null;
    case 1:
      return f.pick([true, false]);
    case 2:
      return f.pick(NUMBERS);
    case 3:
      return f.pick(HOSTILE_STRINGS);
    case 4:
      return [];
    case 5:
      return {};
    case 6:
      return new Array<number>(f.pick([1000, 100_000])).fill(7);
    case 7:
      return { nested: { deeper: [[[[{ a: [1, 'x', null] }]]]] } };
    default:
      return 'y'.repeat(f.pick([257, 4096, 70_000]));
  }
}

/** A value for a member of `shapeName`: mostly plausible, often hostile. */
export function valueOf(f: Fuzz, shapeName: string, depth = 0): unknown {
  if (f.chance(0.2) || depth > 6) return hostileValue(f);
  const s: Shape = modelShape(shapeName);
  switch (s.type) {
    case 'string':
      if (s.enum && f.chance(0.6)) return f.pick(s.enum);
      return f.chance(0.7) ? f.pick(PLAUSIBLE_STRINGS) : f.pick(HOSTILE_STRINGS);
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'timestamp':
      return f.pick(NUMBERS);
    case 'boolean':
      return f.chance(0.5);
    case 'blob':
      return Buffer.from(f.pick(MANIFEST_LINES)).toString('base64');
    case 'list':
      return Array.from({ length: f.int(4) }, () => valueOf(f, s.member!.shape, depth + 1));
    case 'map':
      return { [f.pick(HOSTILE_STRINGS)]: f.pick(HOSTILE_STRINGS) };
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(s.members ?? {})) {
        if (member.location || !f.chance(0.7)) continue;
        out[name] = valueOf(f, member.shape, depth + 1);
      }
      if (f.chance(0.1)) out.UnknownMember = hostileValue(f);
      return out;
    }
  }
}

/** Manifest lines for UpdateDatasetEntries: plausible, malformed, deeply nested, huge. */
export const MANIFEST_LINES = [
  '{"source-ref":"s3://fuzz-bucket/a.png","anomaly-label":1,"anomaly-label-metadata":{"class-name":"anomaly","type":"groundtruth/image-classification","job-name":"j","human-annotated":"yes","creation-date":"2020-01-01T00:00:00","confidence":1}}',
  '{"source-ref":"s3://fuzz-bucket/missing.png"}',
  '{"source-ref": ',
  'not json at all',
  '{"source-ref":"s3://fuzz-bucket/a.png","anomaly-label":1e999}',
  `{"source-ref":"s3://fuzz-bucket/a.png","anomaly-label-metadata":${deeplyNested(50_000, '{"a":', '}').replace(/\{"a":\}/, '{}')}}`,
  `{"source-ref":${deeplyNested(50_000)}}`,
  `[${'1,'.repeat(200_000)}1]`,
  '{"source-ref":"s3://nul\\u0000bucket/\\ud800"}',
  '\n\n\n',
  '',
];

/** Request bodies for the JSON operations that are not the encoding of any input. */
export function malformedBody(f: Fuzz, valid: string): Buffer {
  switch (f.int(10)) {
    case 0:
      return Buffer.from(valid.slice(0, f.int(valid.length)));
    case 1:
      return Buffer.concat([
        Buffer.from('{"ProjectName":"'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from('"}'),
      ]);
    case 2:
      return Buffer.from(`{"ProjectName":${deeplyNested(100_000)}}`);
    case 3:
      return Buffer.from(deeplyNested(100_000, '{"a":', '}').replace(/\{"a":\}/, '{"a":1}'));
    case 4:
      return Buffer.from(
        f.pick(['null', '[]', '"text"', '1e999', '-0', 'true', '{"a":1,"a":2}', '\ufeff{}']),
      );
    case 5:
      return Buffer.from(`[${'{},'.repeat(300_000)}{}]`);
    case 6:
      return Buffer.from(
        '{"ProjectName":"fuzz-project","Tags":[' + '{"Key":"k","Value":"v"},'.repeat(5000) + '{}]}',
      );
    case 7:
      return Buffer.alloc(0);
    case 8:
      return Buffer.from(Array.from({ length: 64 }, () => f.int(256)));
    default:
      return Buffer.from('{"ClientToken":' + '9'.repeat(400) + '}');
  }
}
