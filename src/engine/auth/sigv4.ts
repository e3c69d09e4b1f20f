// Verifies AWS Signature Version 4 on incoming requests by re-signing them with the engine's own secret using the
// SDK's signer, so the canonicalisation (double-encoded paths for rest-json, raw paths for S3) is exactly the one
// clients used; only the canonical query is built here (./canonical-query).
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  SignatureV4,
  createScope,
  getSigningKey,
  type SignatureV4CryptoInit,
  type SignatureV4Init,
} from '@smithy/signature-v4';
import { HttpRequest, type HeaderBag, type IHttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { header, type ChunkSignatureChain, type EngineRequest } from '../http/request';
import { canonicalQuery } from './canonical-query';
import { chunkSignatureChain } from './chunk-signatures';

export interface Caller {
  accessKeyId: string;
  region: string;
  service: string;
  /** Set when the payload is signed chunk by chunk (its x-amz-content-sha256 says so). */
  chunkSignatures?: ChunkSignatureChain;
}

export class AuthError extends Error {
  constructor(
    /** AWS-style reason code, e.g. InvalidSignatureException, UnrecognizedClientException. */
    readonly reason: string,
    message: string,
    /** Set when the credential scope names another region: the region requests must be signed for. */
    readonly expectedRegion?: string,
  ) {
    super(message);
  }
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

const Sha256 = Hash.bind(null, 'sha256');
/** An x-amz-content-sha256 that is the payload's own hash (not a mode such as UNSIGNED-PAYLOAD): lowercase hex. */
export const PAYLOAD_SHA256 = /^[0-9a-f]{64}$/;
/** The x-amz-content-sha256 of payloads signed chunk by chunk (with or without a trailer). */
const SIGNED_CHUNKS = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
/** The x-amz-content-sha256 of payloads signed chunk by chunk whose trailing headers are signed after them. */
const SIGNED_TRAILER = `${SIGNED_CHUNKS}-TRAILER`;

/** The SDK's signer for one request, with that request's canonical query (see ./canonical-query for why). */
class RequestSigner extends SignatureV4 {
  constructor(
    init: SignatureV4Init & SignatureV4CryptoInit,
    private readonly query: string,
  ) {
    super(init);
  }

  protected override createCanonicalRequest(
    request: IHttpRequest,
    headers: HeaderBag,
    payloadHash: string,
  ): string {
    // Method, path, query, headers...: the request is signed without its query, whose line is the third.
    const lines = super.createCanonicalRequest(request, headers, payloadHash).split('\n');
    lines[2] = this.query;
    return lines.join('\n');
  }
}

function parseAmzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** The service an Authorization header's credential scope names, read without checking the signature. */
export function scopedService(authorization: string | undefined): string | undefined {
  return AUTH_PATTERN.exec(authorization ?? '')?.[4];
}

export class SigV4Verifier {
  constructor(
    private readonly secretFor: (accessKeyId: string) => string | undefined,
    /** The engine's region: as on AWS, a signature scoped to another region is refused. */
    private readonly region: string,
  ) {}

  /**
   * Checks the request's signature. `body` is the payload when it was read whole; without it (S3 streams bodies)
   * the signed x-amz-content-sha256 header stands for the payload, and the S3 layer checks the bytes against it.
   */
  async verify(request: EngineRequest, body?: Buffer, now = Date.now()): Promise<Caller> {
    const authorization = header(request, 'authorization');
    if (!authorization) {
      throw new AuthError(
        'MissingAuthenticationTokenException',
        'Missing Authentication Token: requests must be signed with AWS Signature Version 4',
      );
    }
    const m = AUTH_PATTERN.exec(authorization);
    if (!m)
      throw new AuthError(
        'IncompleteSignatureException',
        'The Authorization header is not a valid AWS4-HMAC-SHA256 signature',
      );
    const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m as unknown as string[];
    const secret = this.secretFor(accessKeyId!);
    if (secret === undefined) {
      throw new AuthError(
        'UnrecognizedClientException',
        `The security token included in the request is invalid: unknown access key ${accessKeyId}`,
      );
    }
    const signingDate = parseAmzDate(header(request, 'x-amz-date'));
    if (!signingDate)
      throw new AuthError(
        'IncompleteSignatureException',
        'The request must carry an X-Amz-Date header (yyyyMMddTHHmmssZ)',
      );
    if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
      throw new AuthError(
        'RequestTimeTooSkewed',
        `Signature expired: the request time ${header(request, 'x-amz-date')} differs from the engine's clock by more than 15 minutes`,
      );
    }
    if (region !== this.region) {
      throw new AuthError(
        'InvalidSignatureException',
        `Credential should be scoped to a valid region, not '${region}'. This engine serves '${this.region}'.`,
        this.region,
      );
    }
    if (!header(request, 'x-amz-date')!.startsWith(scopeDate!)) {
      throw new AuthError('InvalidSignatureException', 'The credential scope date does not match X-Amz-Date');
    }
    const signedHeaders = signedHeaderList!.split(';');
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = header(request, name);
      if (value === undefined)
        throw new AuthError('InvalidSignatureException', `Signed header ${name} is missing from the request`);
      headers[name] = value;
    }
    const contentHash = headers['x-amz-content-sha256'];
    if (
      body !== undefined &&
      contentHash !== undefined &&
      PAYLOAD_SHA256.test(contentHash) &&
      createHash('sha256').update(body).digest('hex') !== contentHash
    ) {
      throw new AuthError(
        'InvalidSignatureException',
        'The x-amz-content-sha256 header does not match the SHA-256 of the request body',
      );
    }
    const toSign = new HttpRequest({
      method: request.method,
      protocol: 'http:',
      hostname: 'engine',
      path: request.rawPath,
      headers,
      body,
    });
    const signer = new RequestSigner(
      {
        credentials: { accessKeyId: accessKeyId!, secretAccessKey: secret },
        region: region!,
        service: service!,
        sha256: Sha256,
        // S3 signs the path as sent; every other service signs it escaped once more.
        uriEscapePath: service !== 's3',
        applyChecksum: false,
      },
      canonicalQuery(request.query),
    );
    const signed = await signer.sign(toSign, { signingDate, signableHeaders: new Set(signedHeaders) });
    const expected = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers['authorization']))?.[1] ?? '';
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))) {
      throw new AuthError(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your secret access key and signing method.',
      );
    }
    const caller: Caller = { accessKeyId: accessKeyId!, region: region!, service: service! };
    // Read from the request whether signed or not: a payload declared signed chunk by chunk is checked as such.
    const payload = header(request, 'x-amz-content-sha256');
    if (payload?.startsWith(SIGNED_CHUNKS)) {
      const credentials = { accessKeyId: accessKeyId!, secretAccessKey: secret };
      const key = await getSigningKey(Sha256, credentials, scopeDate!, region!, service!);
      const scope = createScope(scopeDate!, region!, service!);
      const amzDate = header(request, 'x-amz-date')!;
      caller.chunkSignatures = chunkSignatureChain(
        key,
        amzDate,
        scope,
        signature!,
        payload === SIGNED_TRAILER,
      );
    }
    return caller;
  }
}
