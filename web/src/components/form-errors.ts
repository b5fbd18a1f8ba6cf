import type { Problem } from '../api/client.ts';
import { fieldSentence, problemSentence } from './problem-text.ts';

/**
 * Splits a problem's field errors between the fields a form shows (by path, first message wins) and
 * the rest, which the form lists above its button so that nothing the server said is lost.
 */
export function placeErrors(
  problem: Problem,
  shown: readonly string[],
): { byField: Record<string, string>; elsewhere: string[] } {
  const byField: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const e of problem.errors ?? []) {
    // A field shows the errors of its own path and of anything inside it (geometry.coordinates.0 → geometry).
    const field = shown.find((f) => e.path === f || e.path.startsWith(`${f}.`));
    const said = fieldSentence(e);
    if (field) byField[field] ??= said;
    else elsewhere.push(e.path ? `${e.path} : ${said}` : said);
  }
  if (!problem.errors?.length) elsewhere.push(problemSentence(problem));
  return { byField, elsewhere };
}
