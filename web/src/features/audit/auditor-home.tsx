import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Failure, Loading } from '../../components/query-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { AUDIT, accessQuery, packHref, scopeSitesPage } from './queries.ts';

/** What the signed-in auditor may read: its access, the sites of its scope, the pack of its period. */
export function AuditorHome() {
  const { t } = useTranslation('audit');
  const access = useQuery(accessQuery);
  if (access.error) return <Failure error={access.error} />;
  if (!access.data) return <Loading />;
  const grant = access.data.grant;
  if (!grant)
    return (
      <section className="card">
        <h2>{t('auditor.title')}</h2>
        <p className="empty">{t('auditor.none')}</p>
      </section>
    );
  return (
    <>
      <section className="card">
        <h2>{t('auditor.title')}</h2>
        <p>
          <strong>{t('auditor.purpose')}</strong> {grant.purpose}
        </p>
        <p>{t('auditor.period', { from: grant.periodFrom, to: grant.periodTo })}</p>
        <p>{t('auditor.grantedBy', { name: grant.grantedBy.name, at: grant.grantedAt.slice(0, 10) })}</p>
        <p role="note">{t('auditor.everyRead')}</p>
        {grant.logPacks && (
          <p>
            <a
              className="button"
              href={packHref({ since: grant.periodFrom, until: grant.periodTo })}
              download
            >
              {t('auditor.download')}
            </a>
          </p>
        )}
        {grant.logPacks && <p>{t('auditor.verify')}</p>}
      </section>
      <ScopeSites />
    </>
  );
}

function ScopeSites() {
  const { t } = useTranslation('audit');
  const { t: tc } = useTranslation();
  const sites = useInfiniteQuery({
    queryKey: [...AUDIT, 'sites'],
    queryFn: ({ pageParam }) => scopeSitesPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (sites.error) return <Failure error={sites.error} />;
  if (!sites.data) return <Loading />;
  const items = sites.data.pages.flatMap((p) => p.items);
  return (
    <section className="card">
      <h2>{t('auditor.sites')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('auditor.code')}</th>
            <th>{t('auditor.name')}</th>
            <th>{t('auditor.province')}</th>
            <th>{t('auditor.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td>{s.code}</td>
              <td>{s.name}</td>
              <td>{s.province}</td>
              <td>
                <StatusBadge status={s.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sites.hasNextPage && (
        <button type="button" onClick={() => sites.fetchNextPage()}>
          {tc('more')}
        </button>
      )}
    </section>
  );
}
