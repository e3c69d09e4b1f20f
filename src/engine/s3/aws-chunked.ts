// Decodes the aws-chunked content encoding SDKs use for streaming uploads:
// "<hex size>[;chunk-signature=...]\r\n<data>\r\n" ... "0[;...]\r\n[trailers]\r\n".
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new Error('truncated aws-chunked body');
    const size = parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size < 0) throw new Error('malformed aws-chunked chunk header');
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (start + size > body.length) throw new Error('truncated aws-chunked body');
    parts.push(body.subarray(start, start + size));
    offset = start + size + 2;
  }
}
