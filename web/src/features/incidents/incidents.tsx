import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LevelBadge } from '../../components/level-badge.tsx';
import { useListControls } from '../../components/list-controls.tsx';
import { oneOf } from '../../components/one-of.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { IncidentTrends } from '../reports/incident-trends.tsx';
import { INCIDENT_STATES, incidentsQuery } from './queries.ts';

const LEVELS = ['1', '2', '3'] as const;

/** Incidents the user may see, filtered by level, state and lateness; overdue verifications come first. */
export function IncidentsPage() {
  const { t } = useTranslation('incidents');
  const { t: tc } = useTranslation();
  // The home page's figures open this list already filtered (?level=1, ?overdue=true).
  const [search] = useSearchParams();
  const [level, setLevel] = useState(oneOf(LEVELS, search.get('level')));
  const [state, setState] = useState(oneOf(INCIDENT_STATES, ''));
  const [overdue, setOverdue] = useState(search.get('overdue') === 'true');
  const { data: items, error } = useQuery(
    incidentsQuery({
      ...(level && { level: Number(level) }),
      ...(state && { state }),
      ...(overdue && { overdue: 'true' }),
    }),
  );
  const list = useListControls(items, {
    text: (i) => `${i.code} ${i.title} ${i.site?.code ?? ''} ${i.site?.name ?? ''}`,
    keys: {
      code: (i) => Number(i.code.replace(/\D/g, '')),
      level: (i) => i.level,
      title: (i) => i.title,
      site: (i) => i.site?.code ?? '',
      due: (i) => i.verificationDue,
    },
  });

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
        </div>
        {list.search}
        {error && <Failure error={error} prefixed />}
        {!items ? (
          !error && <Loading />
        ) : list.total === 0 ? (
          <p className="empty">{tc('empty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  {list.header(t('list.code'), 'code')}
                  {list.header(t('list.level'), 'level')}
                  {list.header(t('list.title'), 'title')}
                  {list.header(t('list.site'), 'site')}
                  {list.header(t('list.state'))}
                  {list.header(t('list.verificationDue'), 'due')}
                </tr>
              </thead>
              <tbody>
                {list.rows.map((i) => (
                  <tr key={i.id} className={i.verificationOverdue ? 'overdue' : undefined}>
                    <td>{i.code}</td>
                    <td>
                      <LevelBadge level={i.level} />
                    </td>
                    <td>
                      <Link to={`/incidents/${i.id}`}>{i.title}</Link>
                    </td>
                    <td>{i.site ? `${i.site.code} ${i.site.name}` : '—'}</td>
                    <td>{t(`state.${i.state}`)}</td>
                    <td>
                      {i.verificationDue.slice(0, 10)}{' '}
                      {i.verificationOverdue && <strong className="late">⚠ {t('list.overdue')}</strong>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {list.more}
          </div>
        )}
      </section>
    </>
  );
}
