import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Answer, api, ok } from '../../api/client.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { FileList } from '../../components/file-upload.tsx';
import { ListSection, pagedRows } from '../../components/list-section.tsx';
import { distanceText } from '../../components/measures.ts';
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
  return (
    <>
      <p className="intro">{t('visits.intro')}</p>
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)} />
          {t('visits.onlyFlagged')}
        </label>
      </div>
      <ListSection
        actions={
          <ExportButton
            label={t('visits.open')}
            list={{ path: '/api/visits', query: { locationFlagged: flaggedOnly || undefined } }}
          />
        }
        title={t('visits.open')}
        {...pagedRows(list)}
        empty={t('visits.none')}
        headers={[
          t('visits.observedAt'),
          t('visits.site'),
          t('visits.monitor'),
          t('visits.position'),
          t('visits.photos'),
        ]}
        row={(v) => (
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
            <td>
              {v.photos.length > 0 && (
                <FileList
                  label={`${t('visits.photos')} ${v.site.code}`}
                  files={v.photos}
                  href={(p) => `/api/visits/${v.id}/photos/${p.id}`}
                />
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}
