import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { LevelBadge } from '../components/level-badge.tsx';
import { useListControls } from '../components/list-controls.tsx';
import type { MessageKey } from '../i18n.ts';

export interface IncidentSummary {
  id: string;
  code: string;
  site: { id: string; code: string; name: string } | null;
  level: number;
  category: string;
  title: string;
  state: string;
  reportedAt: string;
  verificationDue: string;
  verificationOverdue: boolean;
}

const STATES = [
  'reported',
  'under_verification',
  'verified',
  'unsubstantiated',
  'in_mitigation',
  'resolved',
  'escalated',
];

/** Incidents the user may see, filtered by level, state and lateness; overdue verifications come first. */
export function IncidentsPage({ t, onOpen }: { t: (k: MessageKey) => string; onOpen: (id: string) => void }) {
  // The home page's figures open this list already filtered (?level=1, ?overdue=true).
  const initial = new URLSearchParams(location.search);
  const [level, setLevel] = useState(initial.get('level') ?? '');
  const [state, setState] = useState('');
  const [overdue, setOverdue] = useState(initial.get('overdue') === 'true');
  const [items, setItems] = useState<IncidentSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const q = new URLSearchParams();
    if (level) q.set('level', level);
    if (state) q.set('state', state);
    if (overdue) q.set('overdue', 'true');
    setItems(null);
    api<IncidentSummary[]>('GET', `/api/incidents?${q}`).then(setItems, (e) =>
      setError((e as Error).message),
    );
  }, [level, state, overdue]);
  const list = useListControls(items, t, {
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
    <section aria-label={t('incidents')}>
      <div className="filters">
        <label>
          {t('level')}
          <select value={level} onChange={(e) => setLevel(e.target.value)}>
            <option value="">{t('all')}</option>
            {[1, 2, 3].map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('state')}
          <select value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">{t('all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`state.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />{' '}
          {t('onlyOverdue')}
        </label>
      </div>
      {list.search}
      {error && (
        <p role="alert" className="error">
          {t('error')}: {error}
        </p>
      )}
      {items === null ? (
        <p className="loading" role="status">
          {t('loading')}
        </p>
      ) : list.total === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {list.header(t('code'), 'code')}
                {list.header(t('level'), 'level')}
                {list.header(t('name'), 'title')}
                {list.header(t('site'), 'site')}
                {list.header(t('state'))}
                {list.header(t('verificationDue'), 'due')}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((i) => (
                <tr key={i.id} className={i.verificationOverdue ? 'overdue' : undefined}>
                  <td>{i.code}</td>
                  <td>
                    <LevelBadge level={i.level} t={t} />
                  </td>
                  <td>
                    <a
                      href={`/incidents/${i.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        onOpen(i.id);
                      }}
                    >
                      {i.title}
                    </a>
                  </td>
                  <td>{i.site ? `${i.site.code} ${i.site.name}` : '—'}</td>
                  <td>{t(`state.${i.state}` as MessageKey)}</td>
                  <td>
                    {i.verificationDue.slice(0, 10)}{' '}
                    {i.verificationOverdue && <strong className="late">⚠ {t('overdue')}</strong>}
                  </td>
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
