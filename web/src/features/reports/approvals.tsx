import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, okOrHidden } from '../../api/client.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { LevelBadge } from '../../components/level-badge.tsx';
import { ListSection, pagedRows } from '../../components/list-section.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { usePrincipal } from '../access/session.ts';
import { useIncidentText } from '../incidents/incident-text.ts';
import { INCIDENTS } from '../incidents/queries.ts';

const cursor = (pageParam: string) => (pageParam ? { cursor: pageParam } : {});
const paging = {
  initialPageParam: '',
  getNextPageParam: (last: { nextCursor: string | null } | null) => last?.nextCursor ?? undefined,
};

/** Incidents reported or under verification that the reader may conclude (four eyes: not those it reported). */
const verificationQueue = infiniteQueryOptions({
  queryKey: [...INCIDENTS, 'awaiting-my-verification'],
  queryFn: ({ pageParam }) =>
    okOrHidden(
      api.GET('/api/incidents', {
        params: { query: { awaitingMyVerification: 'true', ...cursor(pageParam) } },
      }),
    ),
  ...paging,
});

/** Assessments submitted and awaiting an approver, newest first. */
const submittedAssessments = infiniteQueryOptions({
  queryKey: ['assessments', 'submitted'],
  queryFn: ({ pageParam }) =>
    okOrHidden(
      api.GET('/api/assessments', { params: { query: { status: 'submitted', ...cursor(pageParam) } } }),
    ),
  ...paging,
});

/** Organisations whose KYC file awaits a decision. */
const pendingKyc = infiniteQueryOptions({
  queryKey: ['organisations', 'kyc-pending'],
  queryFn: ({ pageParam }) =>
    okOrHidden(
      api.GET('/api/organisations', { params: { query: { kycStatus: 'pending', ...cursor(pageParam) } } }),
    ),
  ...paging,
});

/**
 * What awaits a second person's decision: incidents to verify (never one's own under four eyes), assessments to
 * approve (never one's own), and KYC files to review; each row opens the record where the decision is made.
 */
export function ApprovalsPage() {
  const { t } = useTranslation('reports', { keyPrefix: 'approvals' });
  const { t: ti } = useTranslation('incidents');
  const text = useIncidentText();
  const day = useDayFormat();
  const me = usePrincipal();
  const incidents = useInfiniteQuery(verificationQueue);
  const assessments = useInfiniteQuery(submittedAssessments);
  const kyc = useInfiniteQuery(pendingKyc);
  return (
    <>
      <p className="hint">{t('intro')}</p>
      <ListSection
        title={t('incidents')}
        actions={
          <ExportButton
            label={t('incidents')}
            list={{ path: '/api/incidents', query: { awaitingMyVerification: 'true' } }}
          />
        }
        {...pagedRows(incidents)}
        empty={t('noIncidents')}
        headers={[t('code'), t('level'), t('title'), t('site'), t('state'), t('due')]}
        row={(i) => (
          <tr key={i.id} className={i.verificationOverdue ? 'overdue' : undefined}>
            <td>{i.code}</td>
            <td>
              <LevelBadge level={i.level} />
            </td>
            <td>
              <Link to={`/incidents/${i.id}`}>{text(i).title}</Link>
            </td>
            <td>{i.site ? `${i.site.code} ${i.site.name}` : '—'}</td>
            <td>{ti(`state.${i.state}`)}</td>
            <td>
              {day(i.verificationDue)} {i.verificationOverdue && <strong className="late">⚠</strong>}
            </td>
          </tr>
        )}
      />
      <ListSection
        title={t('assessments')}
        actions={
          <ExportButton
            label={t('assessments')}
            list={{ path: '/api/assessments', query: { status: 'submitted' } }}
          />
        }
        {...pagedRows(assessments)}
        empty={t('noAssessments')}
        headers={[t('code'), t('standard'), t('submitted'), t('note')]}
        row={(a) => (
          <tr key={a.id}>
            <td>
              <Link to={`/assessments/${a.id}`}>{a.code}</Link>
            </td>
            <td>
              {a.set.name} v{a.set.version}
            </td>
            <td>{day(a.submittedAt)}</td>
            <td>{a.assessorId === me.userId ? t('yoursNeedsAnother') : ''}</td>
          </tr>
        )}
      />
      <ListSection
        title={t('kyc')}
        actions={
          <ExportButton
            label={t('kyc')}
            list={{ path: '/api/organisations', query: { kycStatus: 'pending' } }}
          />
        }
        {...pagedRows(kyc)}
        empty={t('noKyc')}
        headers={[t('organisation'), t('country')]}
        row={(o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/organisations/${o.id}`}>{o.legalName}</Link>
            </td>
            <td>{o.country}</td>
          </tr>
        )}
      />
    </>
  );
}
