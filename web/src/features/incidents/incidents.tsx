import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Answer } from '../../api/client.ts';
import { LevelBadge } from '../../components/level-badge.tsx';
import { oneOf } from '../../components/one-of.ts';
import { PagedList } from '../../components/paged-list.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { IncidentTrends } from '../reports/incident-trends.tsx';
import { useIncidentText } from './incident-text.ts';
import { INCIDENT_STATES, INCIDENTS, type IncidentSortKey, incidentPage } from './queries.ts';

type Incident = Answer<'/api/incidents'>['items'][number];

const LEVELS = ['1', '2', '3'] as const;

/** Incidents the user may see, filtered by level, state and lateness; overdue verifications come first. */
export function IncidentsPage() {
  const { t } = useTranslation('incidents');
  const text = useIncidentText();
  const day = useDayFormat();
  const { t: tc } = useTranslation();
  // The home page's figures open this list already filtered (?level=1, ?overdue=true, ?reviewOverdue=true).
  const [search] = useSearchParams();
  const [level, setLevel] = useState(oneOf(LEVELS, search.get('level')));
  const [state, setState] = useState(oneOf(INCIDENT_STATES, ''));
  const [overdue, setOverdue] = useState(search.get('overdue') === 'true');
  const [reviewOverdue, setReviewOverdue] = useState(search.get('reviewOverdue') === 'true');
  const filters = {
    ...(level && { level: Number(level) }),
    ...(state && { state }),
    ...(overdue && { overdue: 'true' as const }),
    ...(reviewOverdue && { reviewOverdue: 'true' as const }),
  };
  return (
    <>
      <IncidentTrends />
      <section aria-label={tc('nav.incidents')}>
        <div className="filters">
          <label>
            {t('list.level')}
            <select value={level} onChange={(e) => setLevel(oneOf(LEVELS, e.target.value))}>
              <option value="">{tc('all')}</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('list.state')}
            <select value={state} onChange={(e) => setState(oneOf(INCIDENT_STATES, e.target.value))}>
              <option value="">{tc('all')}</option>
              {INCIDENT_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />{' '}
            {t('list.onlyOverdue')}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={reviewOverdue}
              onChange={(e) => setReviewOverdue(e.target.checked)}
            />{' '}
            {t('list.onlyReviewOverdue')}
          </label>
        </div>
        <PagedList<Incident, IncidentSortKey>
          queryKey={[...INCIDENTS, 'list', filters]}
          load={(r) => incidentPage({ ...filters, ...r })}
          exportOf={{ path: '/api/incidents', query: filters }}
          label={tc('nav.incidents')}
          columns={[
            { label: t('list.code'), sort: 'code' },
            { label: t('list.level'), sort: 'level' },
            { label: t('list.title'), sort: 'title' },
            { label: t('list.site'), sort: 'site' },
            { label: t('list.state') },
            { label: t('list.verificationDue'), sort: 'due' },
          ]}
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
              <td>{t(`state.${i.state}`)}</td>
              <td>
                {day(i.verificationDue)}{' '}
                {i.verificationOverdue && <strong className="late">⚠ {t('list.overdue')}</strong>}
              </td>
            </tr>
          )}
        />
      </section>
    </>
  );
}
