import type { Coded, FieldError, ProblemCode, ProblemParams } from '../services/errors.ts';

/**
 * Every problem the API can answer with (RFC 9457). The `type` is stable; clients switch on it.
 * GET /api/problems lists this catalogue.
 */
export const PROBLEMS = {
  'invalid-input': { status: 400, title: 'Some fields of the request are invalid' },
  'malformed-request': { status: 400, title: 'The request could not be read' },
  unauthenticated: { status: 401, title: 'Sign in, or send an API token as Authorization: Bearer TOKEN' },
  forbidden: { status: 403, title: 'Your role does not allow this' },
  'cross-site-request': { status: 403, title: 'A page of another site may not act with your session' },
  'not-found': { status: 404, title: 'Nothing is here' },
  'not-acceptable': { status: 406, title: 'The answer cannot be given in the form asked' },
  conflict: { status: 409, title: 'This conflicts with what is already recorded' },
  'stale-update': { status: 409, title: 'Someone else changed this record first' },
  'payload-too-large': { status: 413, title: 'The request or file is too large' },
  'unsupported-media-type': { status: 415, title: 'This kind of content is not accepted here' },
  'too-many-requests': { status: 429, title: 'Too many requests; wait a moment' },
  'custody-rule': { status: 422, title: 'This breaks a custody rule' },
  'id-reused': { status: 422, title: 'This id was already used for another request' },
  unavailable: { status: 503, title: 'A part this needs is not set up on this server' },
  internal: { status: 500, title: 'Something went wrong on our side; it has been logged' },
} as const;

export type ProblemSlug = keyof typeof PROBLEMS;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** What went wrong, stable: the web says it in the reader's language (`detail` is English, for API users). */
  code: ProblemCode;
  params?: ProblemParams;
  errors?: FieldError[];
}

export const problemType = (slug: ProblemSlug) => `/api/problems#${slug}`;

/** An error the HTTP edge raises itself (authentication, unreadable bodies). */
export class HttpProblem extends Error {
  readonly slug: ProblemSlug;
  readonly errors: FieldError[];
  readonly coded: Coded | undefined;
  constructor(slug: ProblemSlug, detail: string, errors: FieldError[], coded: Coded | undefined) {
    super(detail);
    this.slug = slug;
    this.errors = errors;
    this.coded = coded;
  }
}

/** The code of a problem that says no more than its type. */
export const genericCode = (slug: ProblemSlug): ProblemCode => `common.${slug}`;

export function problem(
  slug: ProblemSlug,
  detail?: string,
  errors?: FieldError[],
  instance?: string,
  coded?: Coded,
): ProblemDocument {
  const { status, title } = PROBLEMS[slug];
  return {
    type: problemType(slug),
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(instance ? { instance } : {}),
    code: coded?.code ?? genericCode(slug),
    ...(coded?.params ? { params: coded.params } : {}),
    ...(errors?.length ? { errors } : {}),
  };
}
