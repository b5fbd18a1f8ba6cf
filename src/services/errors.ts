/** Values a problem's sentence names (a limit, a code, a version), for the reader's language to place. */
export type ProblemParams = Record<string, string | number>;

/**
 * A stable name for what went wrong, `<area>.<what>` (`common.` for what every area can say): the web says it in
 * the reader's language from `web/src/locales/<lng>/<area>.json` under `problems.<what>`, with its params.
 * Always a plain literal, so that the catalogue test can find it.
 */
export type ProblemCode = `${string}.${string}`;

/** A code and the values its sentence names. */
export interface Coded {
  code: ProblemCode;
  params?: ProblemParams;
}

/** A field-level problem with the caller's input: `message` for API users, `code` for the reader's language. */
export interface FieldError {
  path: string;
  message: string;
  code: ProblemCode;
  params?: ProblemParams;
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
  readonly code: ProblemCode | undefined;
  readonly params: ProblemParams | undefined;
  constructor(kind: ServiceError['kind'], message: string, errors: FieldError[], coded: Coded | undefined) {
    super(message);
    this.kind = kind;
    this.errors = errors;
    this.code = coded?.code;
    this.params = coded?.params;
  }
}

export const invalid = (errors: FieldError[], message = 'some fields are invalid', coded?: Coded) =>
  new ServiceError('invalid', message, errors, coded);
/** A custody rule configured to refuse what breaks it (DOMAIN.md §4). */
export const ruleBroken = (errors: FieldError[]) =>
  new ServiceError('rule', 'this breaks a custody rule; nothing was recorded', errors, {
    code: 'common.custody-rule',
  });
/** The kinds of record a problem can name; the web says each from `common:records.<kind>`. */
export const RECORD_KINDS = [
  'alert',
  'app user',
  'assessment',
  'assignment',
  'audit grant',
  'capture job',
  'case',
  'corrective action',
  'criteria set',
  'delivery',
  'device',
  'document',
  'event',
  'evidence',
  'fund',
  'fund project',
  'form',
  'grievance',
  'incident',
  'licence',
  'list entry',
  'list version',
  'lot',
  'map layer',
  'milestone',
  'mitigation plan',
  'named query',
  'organisation',
  'ownership link',
  'person',
  'plan',
  'proposal',
  'requirement',
  'rule',
  'screening hit',
  'site',
  'submission',
  'subscription',
  'token',
  'upload',
  'user',
  'visit',
  'vocabulary value',
  'webhook',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Nothing of this kind is here, or the caller may not know it is; `name` says which one to API users. */
export const notFound = (what: RecordKind, name?: string) =>
  new ServiceError('not_found', `${name ?? what} not found`, [], {
    code: 'common.not-found',
    params: { record: what },
  });
export const forbidden = (message: string, coded: Coded) => new ServiceError('forbidden', message, [], coded);
export const conflict = (message: string, errors: FieldError[], coded: Coded) =>
  new ServiceError('conflict', message, errors, coded);
export const stale = (what: RecordKind, current: number, name = `this ${what}`) =>
  new ServiceError(
    'stale',
    `${name} was changed by someone else (now at version ${current}); reload and try again`,
    [],
    { code: 'common.stale', params: { record: what, version: current } },
  );
/** A client-made id sent again with another request, to another operation or by someone else. */
export const idReused = (id: string) =>
  new ServiceError(
    'id_reused',
    `the id ${id} was already used for another request; nothing was recorded now: send this request with a new id`,
    [
      {
        path: 'id',
        message: `${id} was already used for another request`,
        code: 'common.id-reused',
        params: { id },
      },
    ],
    { code: 'common.id-reused', params: { id } },
  );
