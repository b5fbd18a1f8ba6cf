import { ApiError, type Problem } from '../api/client.ts';
import { problemKey } from '../api/problem-code.ts';
import { i18n } from '../i18n/instance.ts';

type FieldProblem = NonNullable<Problem['errors']>[number];
type Params = Problem['params'];

/** A record kind the server names (`site`, `criteria set`) in the reader's language. */
const values = (params: Params) =>
  params && 'record' in params
    ? {
        ...params,
        record: i18n.t(`common:records.${params.record}` as never, { defaultValue: params.record }),
      }
    : params;

/** A code's sentence in the reader's language, or undefined when no catalogue has it. */
function say(code: string | undefined, params?: Params): string | undefined {
  if (!code?.includes('.')) return undefined;
  const key = problemKey(code);
  return i18n.exists(key) ? String(i18n.t(key as never, values(params) as never)) : undefined;
}

/** What a problem says, in the reader's language: its code's sentence, else its type's; never the English detail. */
export function problemSentence(p: Problem): string {
  const slug = p.type.includes('#') ? p.type.slice(p.type.indexOf('#') + 1) : '';
  return (
    say(p.code, p.params) ??
    say(`common.${slug}`) ??
    i18n.t('common:problems.unknown', { status: new Intl.NumberFormat(i18n.language).format(p.status) })
  );
}

/** What a field error says, in the reader's language. */
export const fieldSentence = (x: FieldProblem): string =>
  // Before the catalogues are loaded (never on a page) the server's words are better than nothing.
  say(x.code, x.params) ?? (i18n.isInitialized ? i18n.t('common:problems.field.invalid') : x.message);

/** What went wrong, in one line: the problem's sentence and the fields it names. */
export function problemText(e: unknown, maxErrors = 20): string {
  if (!(e instanceof ApiError))
    return e instanceof TypeError ? i18n.t('common:problems.unreachable') : (e as Error).message;
  const p = e.problem;
  return [
    problemSentence(p),
    ...(p.errors ?? [])
      .slice(0, maxErrors)
      .map((x) => (x.path ? `${x.path} : ${fieldSentence(x)}` : fieldSentence(x))),
  ].join(' — ');
}
