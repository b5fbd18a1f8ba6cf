import { ApiError } from '../api/client.ts';

/** What went wrong, in one line: the server's sentence and the fields it names. */
export function problemText(e: unknown, maxErrors = 20): string {
  if (!(e instanceof ApiError)) return (e as Error).message;
  const p = e.problem;
  return [
    p.detail ?? p.title,
    ...(p.errors ?? []).slice(0, maxErrors).map((x) => (x.path ? `${x.path}: ${x.message}` : x.message)),
  ].join(' — ');
}
