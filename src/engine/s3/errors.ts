import type { XmlNode } from './xml';

/** An S3 error response: `<Error><Code>` with the HTTP status AWS gives, and extra elements AWS adds. */
export class S3Error extends Error {
  /** Headers AWS sends with this error (e.g. Content-Range with InvalidRange). */
  readonly headers: Record<string, string> = {};

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: XmlNode = {},
  ) {
    super(message);
  }
}

/** The client went away before its request body arrived whole: nothing to answer, nothing kept. */
export class ClientAbortError extends Error {
  constructor() {
    super('The client closed the connection before sending the whole request body');
  }
}
