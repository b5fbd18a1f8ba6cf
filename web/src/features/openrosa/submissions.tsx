import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { problemKey } from '../../api/problem-code.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { OPENROSA, type Submission, type SubmissionState, submissionsPage } from './queries.ts';

const STATES: SubmissionState[] = ['refused', 'awaiting_attachments', 'applied'];

/** The reasons a submission was refused, each field the form names with its sentence. */
export function RefusalText({
  submission,
}: {
  submission: Pick<Submission, 'refusalCode' | 'refusalErrors'>;
}) {
  const { t } = useTranslation();
  if (!submission.refusalCode) return null;
  const say = (code: string, params?: Record<string, string | number>) =>
    t(problemKey(code) as 'common:empty', { ...(params ?? {}), defaultValue: code });
  const fields = submission.refusalErrors.filter((e) => e.code !== submission.refusalCode);
  return (
    <>
      {say(submission.refusalCode)}
      {fields.length > 0 && (
        <ul className="refusal">
          {fields.map((e) => (
            <li key={`${e.path}-${e.code}`}>
              <code>{e.path}</code> : {say(e.code, e.params)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Submissions as received, newest first, by state, for analysts. */
export function SubmissionsPage() {
  const { t } = useTranslation('openrosa');
  const { t: tc } = useTranslation();
  const [state, setState] = useState<SubmissionState | ''>('');
  const at = new Intl.DateTimeFormat(useLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  const list = useInfiniteQuery({
    queryKey: [...OPENROSA, 'submissions', state],
    queryFn: ({ pageParam }) => submissionsPage(state || undefined, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <p className="lede">{t('submissions.intro')}</p>
      <section className="card">
        <label className="field collect-filter">
          {t('submissions.state')}
          <select value={state} onChange={(e) => setState(e.target.value as SubmissionState | '')}>
            <option value="">{t('submissions.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`submissions.stateName.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <ExportButton
          label={t('submissions.title')}
          list={{ path: '/api/openrosa/submissions', query: { state: state || undefined } }}
        />
        {list.error ? (
          <Failure error={list.error} />
        ) : !list.data ? (
          <Loading />
        ) : items.length === 0 ? (
          <p className="empty">{tc('empty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('submissions.receivedAt')}</th>
                <th>{t('submissions.form')}</th>
                <th>{t('submissions.submitter')}</th>
                <th>{t('submissions.state')}</th>
                <th>{t('submissions.why')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>{at.format(new Date(s.receivedAt))}</td>
                  <td>
                    <code>{s.formId ?? '—'}</code>
                  </td>
                  <td>{s.submitterEmail}</td>
                  <td>
                    <span className={`submission-state ${s.state}`}>
                      {t(`submissions.stateName.${s.state}`)}
                    </span>
                  </td>
                  <td>
                    <RefusalText submission={s} />
                  </td>
                  <td>
                    <Link to={`/collect/submissions/${s.id}`}>{t('submissions.open')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.hasNextPage && (
          <button type="button" onClick={() => list.fetchNextPage()}>
            {tc('more')}
          </button>
        )}
      </section>
    </>
  );
}
