import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Answer, api, ok } from '../../api/client.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { distanceText } from '../../components/measures.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { useSkewText } from '../access/devices.tsx';
import { SITES } from '../sites/queries.ts';

type Visit = Answer<'/api/visits'>['items'][number];

/** Where the visit's GPS fix puts it compared with its site: the analyst's mark (decision 0031). */
function PositionMark({ visit }: { visit: Visit }) {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const metres = (m: number) => distanceText(m, locale);
  const accuracy =
    visit.accuracyM === null ? '' : ` · ${t('visits.accuracy', { accuracy: metres(visit.accuracyM) })}`;
  if (!visit.location) return <span className="muted">{t('visits.noPosition')}</span>;
  const { distanceM, toleranceM, flagged } = visit.location;
  if (flagged)
    return (
      <span className="badge flagged">
        {t('visits.outside', { distance: metres(distanceM), tolerance: metres(toleranceM) })}
        {accuracy}
      </span>
    );
  return (
    <span>
      {distanceM === 0 ? t('visits.inside') : t('visits.near', { distance: metres(distanceM) })}
      {accuracy}
    </span>
  );
}

/**
 * Visits for the analyst, newest observation first, with a filter on those whose GPS fix lies away from their site;
 * the observation time is the device's, its clock's skew shown beside it and never applied.
 */
export function VisitsPage() {
  const { t } = useTranslation('monitoring');
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const skew = useSkewText();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const list = useInfiniteQuery({
    queryKey: [...SITES, 'visits', { flaggedOnly }],
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/visits', {
          params: {
            query: {
              limit: 50,
              ...(flaggedOnly && { locationFlagged: 'true' as const }),
              ...(pageParam && { cursor: pageParam }),
            },
          },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <p className="intro">{t('visits.intro')}</p>
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)} />
          {t('visits.onlyFlagged')}
        </label>
      </div>
      <ExportButton
        label={t('visits.open')}
        list={{ path: '/api/visits', query: { locationFlagged: flaggedOnly || undefined } }}
      />
      {list.error && <Failure error={list.error} prefixed />}
      <div className="table-wrap">
        <table aria-label={t('visits.open')} aria-busy={list.isPending}>
          <thead>
            <tr>
              <th>{t('visits.observedAt')}</th>
              <th>{t('visits.site')}</th>
              <th>{t('visits.monitor')}</th>
              <th>{t('visits.position')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((v) => (
              <tr key={v.id} className={v.location?.flagged ? 'flagged' : undefined}>
                <td>
                  {when.format(new Date(v.visitedAt))}
                  {v.deviceId && (
                    <>
                      <br />
                      <small>{t('visits.deviceClock', { skew: skew(v.deviceClockSkewMs) })}</small>
                    </>
                  )}
                </td>
                <td>
                  <Link to={`/sites/${v.siteId}`}>
                    {v.site.code} · {v.site.name}
                  </Link>
                </td>
                <td>{v.monitorName}</td>
                <td>
                  <PositionMark visit={v} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!list.isPending && !list.error && items.length === 0 && <p className="empty">{t('visits.none')}</p>}
      {(list.isPending || list.isFetchingNextPage) && <Loading />}
      {list.hasNextPage && !list.isFetchingNextPage && (
        <button type="button" onClick={() => list.fetchNextPage()}>
          {tc('more')}
        </button>
      )}
    </>
  );
}
