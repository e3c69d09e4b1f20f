// XML request bodies (CompleteMultipartUpload, DeleteObjects), parsed by fast-xml-parser. A body that is not
// well-formed, or is not the document the operation expects, is MalformedXML as on S3.
import { XMLParser } from 'fast-xml-parser';
import type { EngineRequest } from '../http/request';
import { readSmallBody } from './body';
import { S3Error } from './errors';

/** An element with child elements: each name maps to every child of that name, in document order. */
export interface XmlElement {
  [name: string]: unknown;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  // Keys and ETags are taken as written: no number parsing, no trimming; character references are decoded.
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: () => true,
});

export function malformedXml(): S3Error {
  return new S3Error(
    'MalformedXML',
    400,
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The children named `name`; those without child elements of their own (`<Part/>`) count as empty ones. */
export function childElements(parent: XmlElement, name: string): XmlElement[] {
  const found = parent[name];
  if (found === undefined) return [];
  if (!Array.isArray(found)) throw malformedXml();
  return found.map((child: unknown) => {
    if (isElement(child)) return child;
    if (typeof child === 'string') return {};
    throw malformedXml();
  });
}

/** The text of the one child named `name`, or undefined without one; two of them, or one with elements, is malformed. */
export function childText(parent: XmlElement, name: string): string | undefined {
  const found = parent[name];
  if (found === undefined) return undefined;
  if (!Array.isArray(found) || found.length !== 1) throw malformedXml();
  const [value]: unknown[] = found;
  if (typeof value !== 'string') throw malformedXml();
  return value;
}

/** Reads the request's XML body (at most `limit` bytes) and returns its root element, which must be `root`. */
export async function readXmlBody(request: EngineRequest, root: string, limit: number): Promise<XmlElement> {
  const text = (await readSmallBody(request, limit)).toString('utf8');
  let document: unknown;
  try {
    document = parser.parse(text, true);
  } catch {
    throw malformedXml();
  }
  if (!isElement(document)) throw malformedXml();
  const names = Object.keys(document).filter((name) => name !== '#text');
  const [element, ...more] = childElements(document, root);
  if (names.length !== 1 || !element || more.length > 0) throw malformedXml();
  return element;
}
