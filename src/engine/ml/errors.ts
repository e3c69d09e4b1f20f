/** A rule of the dataset (image counts, sizes, formats, masks) is broken; the message names the rule and the image. */
export class DatasetRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetRuleError';
  }
}

/** An image given for detection (or inspection) is unusable; the message is meant for the end user. */
export class ImageRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageRuleError';
  }
}

/** Work cut short because its detector or worker was closed on purpose (a model stopped hosting), not a failure. */
export class ClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClosedError';
  }
}
