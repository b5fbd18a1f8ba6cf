import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ExportButton } from '../../components/export-button.tsx';
import { ListSection, pagedRows } from '../../components/list-section.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { ActionNotes } from './action-notes.tsx';
import { siteOutcome } from './outcome.ts';
import { openActionsQuery, siteAssessmentsQuery } from './queries.ts';

/** A site's open corrective actions with their progress notes, for those who may see them. */
export function SiteActions({ siteId }: { siteId: string }) {
  const { t } = useTranslation('assessments', { keyPrefix: 'onSite' });
  const locale = useLocale();
  const day = useDayFormat();
  const actions = useInfiniteQuery(openActionsQuery(siteId));
  return (
    <ListSection
      title={t('correctiveActions')}
      actions={
        <ExportButton
          label={t('correctiveActions')}
          list={{ path: '/api/corrective-actions', query: { siteId, status: 'open' } }}
        />
      }
      {...pagedRows(actions)}
      empty={t('noActions')}
      headers={[t('requirement'), t('deadline'), t('progressNotes')]}
      row={(a) => (
        <tr key={a.id}>
          <td>
            <strong>{a.requirement.code}</strong>{' '}
            {locale === 'fr' ? a.requirement.textFr : a.requirement.textEn}
          </td>
          <td>{day(a.deadline)}</td>
          <td>
            <ActionNotes action={a} />
          </td>
        </tr>
      )}
    />
  );
}

/** A site's assessments, newest first, for those who may see them. */
export function SiteAssessments({ siteId }: { siteId: string }) {
  const { t } = useTranslation('assessments');
  const day = useDayFormat();
  const assessments = useInfiniteQuery(siteAssessmentsQuery(siteId));
  return (
    <ListSection
      title={t('onSite.title')}
      actions={
        <ExportButton label={t('onSite.title')} list={{ path: '/api/assessments', query: { siteId } }} />
      }
      {...pagedRows(assessments)}
      headers={[
        t('onSite.code'),
        t('onSite.kind'),
        t('onSite.standard'),
        t('onSite.status'),
        t('onSite.date'),
        t('onSite.outcome'),
      ]}
      row={(a) => {
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
      }}
    />
  );
}
