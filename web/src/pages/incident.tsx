import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { LevelBadge } from '../components/level-badge.tsx';
import type { MessageKey } from '../i18n.ts';
import type { IncidentSummary } from './incidents.tsx';

interface Incident extends IncidentSummary {
  description: string;
  source: string;
  nextStates: string[];
  revision: number;
}

interface Step {
  id: string;
  from: string | null;
  to: string;
  reason: string;
  at: string;
}

interface Plan {
  indicators: { name: string; unit: string; baseline: number; target: number }[];
  actions: { description: string; deadline: string; done: boolean }[];
  decision: string;
  nextReviewDue: string;
  reviewOverdue: boolean;
  reviews: { id: string; notes: string; reviewedAt: string }[];
  decisions: { id: string; decision: string; reason: string; decidedAt: string }[];
}

/** One incident: what happened, its timeline, its mitigation plan, and (for analysts) the next step. */
export function IncidentPage({
  id,
  t,
  canHandle,
  onBack,
}: {
  id: string;
  t: (k: MessageKey) => string;
  canHandle: boolean;
  onBack: () => void;
}) {
  const [incident, setIncident] = useState<Incident | null>(null);
  const [timeline, setTimeline] = useState<Step[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [i, steps] = await Promise.all([
        api<Incident>('GET', `/api/incidents/${id}`),
        api<Step[]>('GET', `/api/incidents/${id}/timeline`),
      ]);
      setIncident(i);
      setTimeline(steps);
      setTo(i.nextStates[0] ?? '');
      setPlan(await api<Plan>('GET', `/api/incidents/${id}/plan`).catch(() => null));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);

  useEffect(() => {
    load();
  }, [load]);

  async function move(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    try {
      await api('POST', `/api/incidents/${id}/transitions`, { to, reason, revision: incident!.revision });
      setReason('');
      await load();
    } catch (err) {
      setFormError(err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : t('error'));
    }
  }

  if (error) {
    return (
      <p role="alert" className="error">
        {t('error')}: {error}
      </p>
    );
  }
  if (!incident) {
    return (
      <p className="loading" role="status">
        {t('loading')}
      </p>
    );
  }
  return (
    <article className="incident-page">
      <a
        href="/incidents"
        onClick={(e) => {
          e.preventDefault();
          onBack();
        }}
      >
        ← {t('incidents')}
      </a>
      <h1>
        {incident.code} · {incident.title} <LevelBadge level={incident.level} t={t} />
      </h1>
      <p>
        <strong>{t(`state.${incident.state}` as MessageKey)}</strong>
        {incident.site && ` · ${incident.site.code} ${incident.site.name}`} · {t('reported')}{' '}
        {incident.reportedAt.slice(0, 10)} · {t('verificationDue')} {incident.verificationDue.slice(0, 10)}{' '}
        {incident.verificationOverdue && <strong className="late">⚠ {t('overdue')}</strong>}
      </p>
      <p className="description">{incident.description}</p>

      {canHandle && incident.nextStates.length > 0 && (
        <form className="transition" onSubmit={move}>
          <label>
            {t('moveTo')}
            <select value={to} onChange={(e) => setTo(e.target.value)}>
              {incident.nextStates.map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reason')}
            <input required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit">{t('apply')}</button>
          {formError && (
            <p role="alert" className="error">
              {formError}
            </p>
          )}
        </form>
      )}

      <section aria-label={t('timeline')}>
        <h2>{t('timeline')}</h2>
        <ol className="history">
          {timeline.map((s) => (
            <li key={s.id}>
              <strong>{t(`state.${s.to}` as MessageKey)}</strong> · {s.at.slice(0, 16).replace('T', ' ')} ·{' '}
              {s.reason}
            </li>
          ))}
        </ol>
      </section>

      <section aria-label={t('plan')}>
        <h2>{t('plan')}</h2>
        {!plan ? (
          <p className="empty">{t('noPlan')}</p>
        ) : (
          <>
            <p>
              <strong>{t('decision')} :</strong> {t(`decision.${plan.decision}` as MessageKey)} ·{' '}
              {t('nextReview')} {plan.nextReviewDue.slice(0, 10)}{' '}
              {plan.reviewOverdue && <strong className="late">⚠ {t('reviewOverdue')}</strong>}
            </p>
            <h3>{t('indicators')}</h3>
            <ul>
              {plan.indicators.map((i) => (
                <li key={i.name}>
                  {i.name} — {t('baseline')} {i.baseline} {i.unit}, {t('target')} {i.target} {i.unit}
                </li>
              ))}
            </ul>
            <h3>{t('actions')}</h3>
            <ul className="actions">
              {plan.actions.map((a) => (
                <li key={a.description}>
                  {a.done ? '☑' : '☐'} {a.description} — {a.deadline}
                </li>
              ))}
            </ul>
            <h3>{t('reviews')}</h3>
            {plan.reviews.length === 0 ? (
              <p className="empty">{t('empty')}</p>
            ) : (
              <ul>
                {plan.reviews.map((r) => (
                  <li key={r.id}>
                    {r.reviewedAt.slice(0, 10)} — {r.notes}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
    </article>
  );
}
