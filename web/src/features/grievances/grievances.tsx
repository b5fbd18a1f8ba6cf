import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Answer } from '../../api/client.ts';
import { oneOf } from '../../components/one-of.ts';
import { PagedList } from '../../components/paged-list.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { GRIEVANCES, loadGrievancesPage } from './queries.ts';

export const CASE_STATUSES = [
  'received',
  'validated',
  'rejected',
  'closed',
] as const satisfies readonly Answer<'/api/grievances/{id}'>['status'][];

/** The grievance officer's queue: newest first (or oldest first), filtered by status and searched by the server. */
export function GrievancesPage() {
  const day = useDayFormat();
  const { t } = useTranslation('grievances');
  const { t: tc } = useTranslation();
  // The home page's figures open the queue on a status (?status=validated); cases to validate otherwise.
  const [search] = useSearchParams();
  const [status, setStatus] = useState(oneOf(CASE_STATUSES, search.get('status') ?? 'received'));
  return (
    <>
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
      <PagedList
        queryKey={[...GRIEVANCES, 'list', { status }]}
        load={(page) => loadGrievancesPage(status, page)}
        exportOf={{ path: '/api/grievances', query: { status } }}
        label={tc('nav.grievances')}
        defaultSort="-date"
        columns={[
          { label: t('officer.caseCode') },
          { label: t('officer.date'), sort: 'date' },
          { label: t('officer.site') },
          { label: t('officer.whatHappened') },
          { label: t('officer.state') },
        ]}
        row={(g) => (
          <tr key={g.id}>
            <td>
              <Link to={`/grievances/${g.id}`}>{g.caseCode}</Link>
            </td>
            <td>{day(g.createdAt)}</td>
            <td>{g.site ? `${g.site.code} · ${g.site.name}` : g.location}</td>
            <td>
              {g.description.length > 90 ? `${g.description.slice(0, 90)}…` : g.description}
              {g.takenDown && (
                <div className="muted" data-testid="taken-down">
                  {t('officer.takenDownBy', { name: g.takenDown.by.name, date: day(g.takenDown.at) })}
                </div>
              )}
            </td>
            <td>{t(`case.${g.status}`)}</td>
          </tr>
        )}
      />
    </>
  );
}
