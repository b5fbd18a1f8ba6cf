import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Failure, Loading } from '../../components/query-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { ActionNotes } from './action-notes.tsx';
import { siteOutcome } from './outcome.ts';
import { openActionsQuery, siteAssessmentsQuery } from './queries.ts';

const day = (iso: string) => iso.slice(0, 10);

/** A site's open corrective actions with their progress notes, for those who may see them. */
export function SiteActions({ siteId }: { siteId: string }) {
  const { t } = useTranslation('assessments', { keyPrefix: 'onSite' });
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const { data: actions, error } = useQuery(openActionsQuery(siteId));
  return (
    <section aria-label={t('correctiveActions')}>
      <h2>{t('correctiveActions')}</h2>
      {error ? (
        <Failure error={error} prefixed />
      ) : actions === undefined ? (
        <Loading />
      ) : actions === null ? (
        <p className="empty">{tc('notVisible')}</p>
      ) : actions.length === 0 ? (
        <p className="empty">{t('noActions')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('requirement')}</th>
                <th>{t('deadline')}</th>
                <th>{t('progressNotes')}</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((a) => (
                <tr key={a.id}>
                  <td>
                    <strong>{a.requirement.code}</strong>{' '}
                    {locale === 'fr' ? a.requirement.textFr : a.requirement.textEn}
                  </td>
                  <td>{a.deadline}</td>
                  <td>
                    <ActionNotes action={a} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A site's assessments, newest first, for those who may see them. */
export function SiteAssessments({ siteId }: { siteId: string }) {
  const { t } = useTranslation('assessments');
  const { t: tc } = useTranslation();
  const { data: assessments, error } = useQuery(siteAssessmentsQuery(siteId));
  return (
    <section aria-label={t('onSite.title')}>
      <h2>{t('onSite.title')}</h2>
      {error ? (
        <Failure error={error} prefixed />
      ) : assessments === undefined ? (
        <Loading />
      ) : assessments === null ? (
        <p className="empty">{tc('notVisible')}</p>
      ) : assessments.length === 0 ? (
        <p className="empty">{tc('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('onSite.code')}</th>
                <th>{t('onSite.kind')}</th>
                <th>{t('onSite.standard')}</th>
                <th>{t('onSite.status')}</th>
                <th>{t('onSite.date')}</th>
                <th>{t('onSite.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {assessments.map((a) => {
                const outcome = siteOutcome(a.outcome);
                return (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/assessments/${a.id}`}>{a.code}</Link>
                    </td>
                    <td>{t(`kind.${a.kind}`)}</td>
                    <td>
                      {a.set.name} v{a.set.version}
                    </td>
                    <td>{t(`status.${a.status}`)}</td>
                    <td>{day(a.approvedAt ?? a.createdAt)}</td>
                    <td>{outcome ? <StatusBadge status={outcome.status} /> : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
