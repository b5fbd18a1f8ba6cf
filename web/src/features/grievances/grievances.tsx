import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Answer } from '../../api/client.ts';
import { useListControls } from '../../components/list-controls.tsx';
import { oneOf } from '../../components/one-of.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { grievancesQuery } from './queries.ts';

export const CASE_STATUSES = [
  'received',
  'validated',
  'rejected',
  'closed',
] as const satisfies readonly Answer<'/api/grievances/{id}'>['status'][];

/** The grievance officer's queue: newest first, filtered by status. */
export function GrievancesPage() {
  const { t } = useTranslation('grievances');
  const { t: tc } = useTranslation();
  const [status, setStatus] = useState(oneOf(CASE_STATUSES, 'received'));
  const { data: items, error } = useQuery(grievancesQuery(status));
  const list = useListControls(items, {
    text: (g) => `${g.caseCode} ${g.location} ${g.description}`,
    keys: { code: (g) => g.caseCode, date: (g) => g.createdAt, site: (g) => g.location },
  });
  return (
    <section aria-label={tc('nav.grievances')}>
      <div className="toolbar">
        <label>
          {t('officer.state')}
          <select value={status} onChange={(e) => setStatus(oneOf(CASE_STATUSES, e.target.value))}>
            <option value="">{tc('all')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`case.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.search}
      {error && <Failure error={error} />}
      {!items && !error && <Loading />}
      {items && list.total === 0 && <p className="empty">{tc('empty')}</p>}
      {items && list.total > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {list.header(t('officer.caseCode'), 'code')}
                {list.header(t('officer.date'), 'date')}
                {list.header(t('officer.site'), 'site')}
                {list.header(t('officer.whatHappened'))}
                {list.header(t('officer.state'))}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((g) => (
                <tr key={g.id}>
                  <td>
                    <Link to={`/grievances/${g.id}`}>{g.caseCode}</Link>
                  </td>
                  <td>{g.createdAt.slice(0, 10)}</td>
                  <td>{g.location}</td>
                  <td>{g.description.length > 90 ? `${g.description.slice(0, 90)}…` : g.description}</td>
                  <td>{t(`case.${g.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.more}
        </div>
      )}
    </section>
  );
}
