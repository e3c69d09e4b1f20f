import type { EngineResponse } from '../http/request';
import { xmlDocument, type XmlNode } from './xml';

export function xmlResponse(status: number, root: string, body: XmlNode): EngineResponse {
  return { status, headers: { 'content-type': 'application/xml' }, body: xmlDocument(root, body) };
}
