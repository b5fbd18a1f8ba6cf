import createClient, { type ClientPathsWithMethod, type MethodResponse } from 'openapi-fetch';
import { i18n } from '../i18n/instance.ts';
import { namespaceOf } from './problem-code.ts';
import type { paths } from './schema.d.ts';

/** A problem document from the API (RFC 9457), as every route's error answers declare it. */
export type Problem = paths['/api/me']['get']['responses'][401]['content']['application/json'];

/** A failed API call, carrying the server's problem document. */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
  }
}

/** The code of an answer that is not a problem document (a proxy's page, an empty body), by its status. */
const STATUS_CODES: Record<number, string> = {
  401: 'common.unauthenticated',
  403: 'common.forbidden',
  404: 'common.not-found',
  413: 'common.payload-too-large',
  429: 'common.too-many-requests',
};

const isProblem = (x: unknown): x is Problem =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as Problem).title === 'string' &&
  typeof (x as Problem).status === 'number';

/**
 * The problem a failed answer stands for: the server's own document when it sent one, else one made from the
 * HTTP status (a proxy's HTML error page, an empty body).
 */
export function problemOf(error: unknown, response: Pick<Response, 'status' | 'statusText'>): Problem {
  if (isProblem(error)) return error;
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    code: STATUS_CODES[response.status] ?? (response.status >= 500 ? 'common.internal' : 'common.unknown'),
    ...(typeof error === 'string' && error.trim() && !error.trimStart().startsWith('<')
      ? { detail: error.trim().slice(0, 300) }
      : {}),
  };
}

/** The typed API client (paths and bodies from docs/openapi.json); the session cookie goes with each call. */
export const api = createClient<paths>({ credentials: 'same-origin' });

/**
 * The data of a successful answer, or an ApiError with the server's problem: what queries and mutations
 * await, so that a failure reaches their error state rather than hiding in a union.
 */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Exclude<T, undefined>> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const problem = problemOf(error, response);
    // The catalogue that says the problem may belong to another area than the page's.
    await i18n.loadNamespaces(namespaceOf(problem.code)).catch(() => undefined);
    throw new ApiError(problem);
  }
  return data as Exclude<T, undefined>;
}

/** The JSON answer of a path and method, as the client hands it over, for components that take part of one. */
export type Answer<
  P extends ClientPathsWithMethod<typeof api, M>,
  M extends 'get' | 'put' | 'post' | 'delete' = 'get',
> = MethodResponse<typeof api, M, P>;

/** Whether an error is the API saying the caller's role may not see something (403), or that it is hidden (404). */
export const isHidden = (e: unknown) =>
  e instanceof ApiError && (e.problem.status === 403 || e.problem.status === 404);

/**
 * The data of an answer the caller's role may not be allowed to see: null then, so that a page says "not
 * visible to you" in its place rather than fail.
 */
export const okOrHidden = <T>(call: Promise<{ data?: T; error?: unknown; response: Response }>) =>
  ok(call).catch((e: unknown) => {
    if (isHidden(e)) return null;
    throw e;
  });
