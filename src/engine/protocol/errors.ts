// Modeled errors of the 2020-11-20 API. Handlers throw these; the HTTP layer renders them the way every SDK parses
// rest-json errors (x-amzn-ErrorType header, __type, Message/message, modeled members).

export type ResourceType = 'PROJECT' | 'DATASET' | 'MODEL' | 'TRIAL' | 'MODEL_PACKAGE_JOB';

export class ServiceError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly members: Record<string, string> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  body(): Record<string, string> {
    return { __type: this.code, message: this.message, Message: this.message, ...this.members };
  }
}

export const validation = (message: string) => new ServiceError('ValidationException', 400, message);

export const notFound = (type: ResourceType, id: string, message: string) =>
  new ServiceError('ResourceNotFoundException', 404, message, { ResourceId: id, ResourceType: type });

export const conflict = (type: ResourceType, id: string, message: string) =>
  new ServiceError('ConflictException', 409, message, { ResourceId: id, ResourceType: type });

export const accessDenied = (message: string) => new ServiceError('AccessDeniedException', 403, message);

export const internal = (message: string) => new ServiceError('InternalServerException', 500, message, {}, 1);
