import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ExportButton } from '../../components/export-button.tsx';
import { oneOf } from '../../components/one-of.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { HIT_STATUSES, hitsPage, SCREENING } from './queries.ts';

/** The review queue: hits of a status, the most alike first, each opening the two records side by side. */
export function HitsPage() {
  const { t } = useTranslation('screening');
  const pct = new Intl.NumberFormat(useLocale(), { style: 'percent' });
  const [params, setParams] = useSearchParams();
  const status = oneOf(HIT_STATUSES, params.get('status')) || 'open';
  const organisationId = params.get('organisationId') ?? undefined;
  const hits = useInfiniteQuery({
    queryKey: [...SCREENING, 'hits', status, organisationId],
    queryFn: ({ pageParam }) => hitsPage(status, pageParam, organisationId),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = hits.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <p>
        <Link to="/screening">{t('page.back')}</Link>
      </p>
      <label>
        {t('hits.status')}
        <select
          value={status}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            next.set('status', e.target.value);
            setParams(next);
          }}
        >
          {HIT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <ExportButton
        label={t('hits.title')}
        list={{ path: '/api/screening/hits', query: { status, organisationId } }}
      />
      {hits.error && <Failure error={hits.error} />}
      {!hits.data && !hits.error && <Loading />}
      {hits.data && items.length === 0 && <p className="empty">{t('hits.none')}</p>}
      {items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('hits.subject')}</th>
              <th>{t('hits.organisation')}</th>
              <th>{t('hits.listed')}</th>
              <th>{t('hits.list')}</th>
              <th className="numeric">{t('hits.score')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((h) => (
              <tr key={h.id}>
                <td>
                  <Link to={`/screening/hits/${h.id}`}>{h.subject.name}</Link>
                </td>
                <td>{h.subject.organisationName}</td>
                <td>
                  {h.reference} · {h.entryName}
                </td>
                <td>{h.list.name}</td>
                <td className="numeric">{pct.format(h.score)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hits.hasNextPage && (
        <button type="button" onClick={() => hits.fetchNextPage()}>
          {t('page.more')}
        </button>
      )}
    </>
  );
}
