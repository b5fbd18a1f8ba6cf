/** A field-level problem with the caller's input. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * What a use case can refuse, in the domain's words; the HTTP edge maps each kind to a problem
 * document, the CLI to a one-line reason.
 */
export class ServiceError extends Error {
  readonly kind:
    | 'invalid'
    | 'not_found'
    | 'forbidden'
    | 'conflict'
    | 'stale'
    | 'too_large'
    | 'unsupported_media'
    | 'unavailable'
    | 'rule'
    | 'id_reused';
  readonly errors: FieldError[];
  constructor(kind: ServiceError['kind'], message: string, errors: FieldError[] = []) {
    super(message);
    this.kind = kind;
    this.errors = errors;
  }
}

export const invalid = (errors: FieldError[], message = 'some fields are invalid') =>
  new ServiceError('invalid', message, errors);
/** A custody rule configured to refuse what breaks it (DOMAIN.md §4). */
export const ruleBroken = (errors: FieldError[]) =>
  new ServiceError('rule', 'this breaks a custody rule; nothing was recorded', errors);
export const notFound = (what: string) => new ServiceError('not_found', `${what} not found`);
export const forbidden = (message: string) => new ServiceError('forbidden', message);
export const conflict = (message: string, errors: FieldError[] = []) =>
  new ServiceError('conflict', message, errors);
export const stale = (what: string, current: number) =>
  new ServiceError(
    'stale',
    `${what} was changed by someone else (now at version ${current}); reload and try again`,
  );
/** A client-made id sent again with another request, to another operation or by someone else. */
export const idReused = (id: string) =>
  new ServiceError(
    'id_reused',
    `the id ${id} was already used for another request; nothing was recorded now: send this request with a new id`,
    [{ path: 'id', message: `${id} was already used for another request` }],
  );
