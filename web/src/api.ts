/** A problem document from the API (RFC 9457). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
  }
}

/** Calls the API with the session cookie; throws ApiError with the problem document on failure. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(data ?? { type: 'about:blank', title: res.statusText, status: res.status });
  return data as T;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  locale: string;
  memberships: { organisationId: string; organisationName: string; role: string }[];
  current: { organisationId: string; role: string };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
