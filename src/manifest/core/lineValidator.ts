// Validates the lines of one manifest, reusing what earlier lines taught it. Manifests are written by programs,
// so their lines repeat one layout and differ in a few values: image and mask references, and depending on the
// tool dates, job names, confidences, the label's value. Once a clean line has been validated in full, its text
// becomes a template: the fixed text around holes for the references. A later line made of exactly that fixed
// text, with plain values (no quote, backslash or control character) in the holes, parses to the same JSON with
// other values in those places, so only the rules that read those values run again. Any other line is
// validated in full; if it is clean and differs from a template only in other values that may vary, the
// template opens holes there too. So a file's templates end up with holes just where its lines differ.
import type { Node } from 'jsonc-parser';
import { entryFacts, maskFacts } from './entryFacts';
import { keyLayoutOf } from './keyLayout';
import { parseLineTree } from './lineTree';
import {
  isConfidence,
  isCreationDate,
  isGroundTruthDate,
  metadataKeyOf,
  type JsonObject,
} from './metadataFields';
import { MAX_LINE_LENGTH, cleanResult, parseManifestLine } from './parseLine';
import { isMissingLocalFile, parseReference, withCachedExistence, type ValidationOptions } from './reference';
import { hasImageExtension, hasPngExtension } from './s3Uri';
import type { LineResult, ManifestEntryFacts } from './types';

/** What a hole holds, and so which rules its value needs. */
const enum Role {
  /** Read by no rule (job names, the label's value, fields of other tools). */
  Free,
  Source,
  Mask,
  Date,
  Confidence,
}

interface Hole {
  readonly role: Role;
  /** A JSON number in the template; otherwise the content of a JSON string. */
  readonly number: boolean;
}

/** A clean line cut at every value that may vary. */
interface Layout {
  /** The text around the values: `segments[i]` comes before value `i`; the last segment ends the line. */
  readonly segments: readonly string[];
  readonly holes: readonly Hole[];
  /** The line's text in each hole. */
  readonly values: readonly string[];
}

interface Template {
  readonly layout: Layout;
  /** Which of the layout's holes are open; the others keep the value of the line the layout came from. */
  readonly open: readonly boolean[];
  /** The fixed text: `segments[i]` comes before `holes[i]`; the last segment ends the line. */
  readonly segments: readonly string[];
  readonly holes: readonly Hole[];
  /** The facts of the line the template was made from. */
  readonly facts: ManifestEntryFacts;
}

// eslint-disable-next-line no-control-regex -- what JSON strings may not hold raw
const UNPLAIN = /[\\\u0000-\u001f]/;
const MAX_TEMPLATES = 8;
/** Lines that may be learnt from before templates have been used: bounds the cost for files that never repeat. */
const TEMPLATE_BUDGET = 16;
const MISS_RUN = 64;
const MISS_PROBE = 16;
/** Lines fitted by templates that give back one unit of that budget. */
const HITS_PER_REFILL = 16;

export class LineValidator {
  /** The most used first: a template that fits moves one place up. */
  private readonly templates: Template[] = [];
  private budget = TEMPLATE_BUDGET;
  private fits = 0;
  /** Lines in a row that no template fitted. */
  private misses = 0;
  /** Where each hole's value starts and ends in the line being matched. */
  private bounds = new Int32Array(0);
  /**
   * The last line with problems and its result: a wrong line repeated (a million `{`, or a line pasted over and
   * over) is checked once, where each check parses it twice (JSON.parse, then for the position). One line, not a
   * table: comparing with it costs nothing on lines that differ, where hashing every line would.
   */
  private lastFailed: { text: string; result: LineResult } | undefined;

  private readonly options: ValidationOptions;

  constructor(options: ValidationOptions = {}) {
    // Lines fitted by a template check their references again: each path asks the file system once.
    this.options = withCachedExistence(options);
  }

  /** How many line layouts it has learnt. */
  get templateCount(): number {
    return this.templates.length;
  }

  /** How many lines a template has checked (the others were validated in full). */
  get templateFits(): number {
    return this.fits;
  }

  validate(text: string): LineResult {
    // After a run of lines that no template fits, only every MISS_PROBE-th line tries them: where lines share
    // no layout, trying costs more than it saves.
    const tries = this.misses < MISS_RUN || this.misses % MISS_PROBE === 0;
    if (tries && text.length <= MAX_LINE_LENGTH) {
      for (let i = 0; i < this.templates.length; i++) {
        const template = this.templates[i]!;
        const facts = this.match(template, text);
        if (facts === undefined) continue;
        if (i > 0) [this.templates[i], this.templates[i - 1]] = [this.templates[i - 1]!, template];
        this.misses = 0;
        if (++this.fits % HITS_PER_REFILL === 0) this.budget = Math.min(this.budget + 1, TEMPLATE_BUDGET);
        return cleanResult(facts);
      }
    }
    this.misses++;
    if (this.lastFailed?.text === text) return this.lastFailed.result;
    const result = parseManifestLine(text, this.options);
    if (result.facts && result.diagnostics.length === 0) this.learn(text, result.facts);
    else this.lastFailed = { text, result };
    return result;
  }

  /** Learns from a clean line that no template fits: opens holes in a template of its layout, or adds one. */
  private learn(text: string, facts: ManifestEntryFacts): void {
    // Reading a layout costs a second parse: lines that fit no template spend the budget that hits refill.
    if (this.budget === 0) return;
    this.budget--;
    const layout = layoutOf(text);
    if (!layout) return;
    const at = this.templates.findIndex((t) => sameTexts(t.layout.segments, layout.segments));
    if (at >= 0) {
      const known = this.templates[at]!;
      const open = known.open.map((open, i) => open || known.layout.values[i] !== layout.values[i]);
      if (open.some((open, i) => open !== known.open[i]))
        this.templates[at] = narrow(known.layout, open, known.facts);
      return;
    }
    const template = narrow(layout, layout.holes.map(mustVary), facts);
    if (this.bounds.length < 2 * layout.holes.length) this.bounds = new Int32Array(2 * layout.holes.length);
    this.templates.unshift(template);
    if (this.templates.length > MAX_TEMPLATES) this.templates.pop();
  }

  /** The facts of `text` if it is the template's fixed text around plain values that pass their rules. */
  private match(template: Template, text: string): ManifestEntryFacts | undefined {
    const { segments, holes } = template;
    const bounds = this.bounds;
    let at = 0;
    for (let i = 0; i < holes.length; i++) {
      const segment = segments[i]!;
      // Compared as a slice: startsWith with a position compares one character at a time, far slower.
      if (text.slice(at, at + segment.length) !== segment) return undefined;
      at += segment.length;
      bounds[2 * i] = at;
      at = holes[i]!.number ? numberEnd(text, at) : text.indexOf('"', at);
      if (at < 0) return undefined;
      bounds[2 * i + 1] = at;
    }
    const last = segments[holes.length]!;
    if (text.length !== at + last.length || text.slice(at) !== last) return undefined;
    // The text fits; now the values.
    let sourceRef: string | undefined;
    let maskRef: string | undefined;
    for (let i = 0; i < holes.length; i++) {
      const { role, number } = holes[i]!;
      if (number && role === Role.Free) continue;
      const value = text.slice(bounds[2 * i], bounds[2 * i + 1]);
      if (role === Role.Confidence) {
        if (!isConfidence(Number(value))) return undefined;
        continue;
      }
      // A string's content ends at the first quote only without escapes; a control character breaks the
      // JSON. Ground Truth's dates have neither, which spares them the search.
      if (role === Role.Date && isGroundTruthDate(value)) continue;
      if (UNPLAIN.test(value)) return undefined;
      if (role === Role.Source) sourceRef = value;
      else if (role === Role.Mask) maskRef = value;
      else if (role === Role.Date && !isCreationDate(value)) return undefined;
    }
    return sourceRef === undefined ? undefined : this.factsOf(template.facts, sourceRef, maskRef);
  }

  /** The template's facts with the line's references, if they pass the reference rules. */
  private factsOf(
    facts: ManifestEntryFacts,
    sourceRef: string,
    maskRef: string | undefined,
  ): ManifestEntryFacts | undefined {
    const source = parseReference(sourceRef, this.options);
    if (typeof source === 'string' || !hasImageExtension(source.key)) return undefined;
    if (isMissingLocalFile(source, this.options)) return undefined;
    let mask = facts.mask;
    if (mask && maskRef !== undefined) {
      const location = parseReference(maskRef, this.options);
      if (typeof location === 'string' || !hasPngExtension(location.key)) return undefined;
      if (isMissingLocalFile(location, this.options)) return undefined;
      if (source.bucket !== undefined && location.bucket !== undefined && location.bucket !== source.bucket)
        return undefined;
      mask = maskFacts(mask.attribute, maskRef, location.bucket, location.key, mask.colorMap);
    }
    return entryFacts(sourceRef, source.bucket, source.key, facts.labelAttribute, facts.imageClass, mask);
  }
}

/** References differ from line to line (a repeated one is a duplicate); other values open as lines differ. */
function mustVary(hole: Hole): boolean {
  return hole.role === Role.Source || hole.role === Role.Mask;
}

/** The template of a layout with the given holes open. */
function narrow(layout: Layout, open: readonly boolean[], facts: ManifestEntryFacts): Template {
  const segments: string[] = [];
  const holes: Hole[] = [];
  let fixed = layout.segments[0]!;
  for (let i = 0; i < layout.holes.length; i++) {
    if (open[i]) {
      segments.push(fixed);
      holes.push(layout.holes[i]!);
      fixed = layout.segments[i + 1]!;
    } else {
      fixed += layout.values[i]! + layout.segments[i + 1]!;
    }
  }
  segments.push(fixed);
  return { layout, open, segments, holes, facts };
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((text, i) => text === b[i]);
}

/**
 * The layout of a clean line with one label and at most one mask (other lines are rare enough to be
 * validated in full), or undefined if the line does not make one.
 */
function layoutOf(text: string): Layout | undefined {
  const line = JSON.parse(text) as JsonObject;
  const { labels, masks } = keyLayoutOf(line);
  const root = parseLineTree(text);
  // With a key given twice, a position found by name may not hold the value JSON.parse kept.
  if (labels.length !== 1 || masks.length > 1 || !root || hasRepeatedKey(root)) return undefined;
  const label = labels[0]!;
  const mask = masks[0];
  const holes: { node: Node; role: Role }[] = [];
  for (const [key, value] of members(root)) {
    if (key === 'source-ref') holeAt(value, Role.Source, holes);
    else if (key === mask) holeAt(value, Role.Mask, holes);
    else if (key === metadataKeyOf(label)) metadataHoles(value, 'label', holes);
    else if (mask !== undefined && key === metadataKeyOf(mask)) metadataHoles(value, 'mask', holes);
    // The label's value and any other key's: no rule reads them.
    else freeHoles(value, holes);
  }
  holes.sort((a, b) => a.node.offset - b.node.offset);
  const segments: string[] = [];
  const values: string[] = [];
  let at = 0;
  for (const { node } of holes) {
    const start = node.type === 'string' ? node.offset + 1 : node.offset;
    segments.push(text.slice(at, start));
    at = node.type === 'string' ? node.offset + node.length - 1 : node.offset + node.length;
    values.push(text.slice(start, at));
  }
  segments.push(text.slice(at));
  return {
    segments,
    holes: holes.map(({ node, role }) => ({ role, number: node.type === 'number' })),
    values,
  };
}

/** The key and value node of each member of an object node. */
function members(node: Node): [unknown, Node][] {
  if (node.type !== 'object') return [];
  return (node.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    return key && value ? [[key.value, value] as [unknown, Node]] : [];
  });
}

/** Makes `node` a hole for a value with `role` if it is a string (or for the confidence, a number). */
function holeAt(node: Node, role: Role, holes: { node: Node; role: Role }[]): void {
  if (node.type === 'string' || (node.type === 'number' && role === Role.Confidence))
    holes.push({ node, role });
}

/**
 * Holes in label or mask metadata. The fields rules read stay fixed text (class name, human-annotated, type,
 * the color map), except the date and the label's confidence, whose rules run on each line's value.
 */
function metadataHoles(node: Node, kind: 'label' | 'mask', holes: { node: Node; role: Role }[]): void {
  for (const [key, value] of members(node)) {
    if (key === 'class-name' || key === 'human-annotated' || key === 'type') continue;
    if (key === 'creation-date') holeAt(value, Role.Date, holes);
    else if (key === 'confidence' && kind === 'label') holeAt(value, Role.Confidence, holes);
    else if (key !== 'internal-color-map' || kind === 'label') freeHoles(value, holes);
  }
}

/** Every string and number in a value no rule reads. */
function freeHoles(node: Node, holes: { node: Node; role: Role }[]): void {
  if (node.type === 'string' || node.type === 'number') holes.push({ node, role: Role.Free });
  else
    for (const child of node.type === 'object'
      ? members(node).map(([, value]) => value)
      : (node.children ?? []))
      freeHoles(child, holes);
}

function hasRepeatedKey(node: Node): boolean {
  const children = node.children ?? [];
  if (node.type === 'object') {
    const keys = new Set<unknown>();
    for (const property of children) {
      const key = property.children?.[0]?.value;
      if (keys.has(key)) return true;
      keys.add(key);
    }
  }
  return children.some(hasRepeatedKey);
}

// Numbers are scanned with character codes: on values this short a regular expression costs more to start
// than to run.
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const E = 0x65;

/** The index after a JSON number starting at `at`, or -1. */
function numberEnd(text: string, at: number): number {
  let i = at;
  if (text.charCodeAt(i) === MINUS) i++;
  if (text.charCodeAt(i) === ZERO) i++;
  else if (isDigit(text.charCodeAt(i))) i = digitsEnd(text, i);
  else return -1;
  if (text.charCodeAt(i) === DOT) {
    if (!isDigit(text.charCodeAt(i + 1))) return -1;
    i = digitsEnd(text, i + 1);
  }
  if ((text.charCodeAt(i) | 0x20) === E) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === PLUS || sign === MINUS) i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    i = digitsEnd(text, i);
  }
  return i;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= ZERO + 9;
}

function digitsEnd(text: string, at: number): number {
  let i = at;
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}
