import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { canHandleIncidents } from '../../../../src/domain/access/roles.ts';
import { api, ok } from '../../api/client.ts';
import { LevelBadge } from '../../components/level-badge.tsx';
import { oneOf } from '../../components/one-of.ts';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { usePrincipal } from '../access/session.ts';
import { SITES } from '../sites/queries.ts';
import { stateText } from './labels.ts';
import { INCIDENT_STATES, INCIDENTS, incidentQuery, planQuery, timelineQuery } from './queries.ts';

/** One incident: what happened, its timeline, its mitigation plan, and (for analysts) the next step. */
export function IncidentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('incidents');
  const { t: tc } = useTranslation();
  const canHandle = canHandleIncidents(usePrincipal());
  const queries = useQueryClient();
  const incident = useQuery(incidentQuery(id));
  const timeline = useQuery(timelineQuery(id));
  const plan = useQuery(planQuery(id)).data;
  const [chosen, setChosen] = useState('');
  const [reason, setReason] = useState('');
  const move = useMutation({
    mutationFn: ({ to, revision }: { to: (typeof INCIDENT_STATES)[number]; revision: number }) =>
      ok(
        api.POST('/api/incidents/{id}/transitions', {
          params: { path: { id } },
          body: { to, reason, revision },
        }),
      ),
    onSuccess: async () => {
      setReason('');
      setChosen('');
      // A verified level-1 incident suspends its site; every step changes the lists and the home page.
      await Promise.all([
        queries.invalidateQueries({ queryKey: INCIDENTS }),
        queries.invalidateQueries({ queryKey: SITES }),
        queries.invalidateQueries({ queryKey: ['dashboard'] }),
      ]);
    },
  });

  const error = incident.error ?? timeline.error;
  if (error) return <Failure error={error} prefixed />;
  if (!incident.data || !timeline.data) return <Loading />;
  const i = incident.data;
  const to = oneOf(INCIDENT_STATES, chosen || (i.nextStates[0] ?? ''));

  function submit(e: FormEvent) {
    e.preventDefault();
    if (to) move.mutate({ to, revision: i.revision });
  }

  return (
    <article className="incident-page">
      <Link to="/incidents">{t('page.back')}</Link>
      <h1>
        {i.code} · {i.title} <LevelBadge level={i.level} />
      </h1>
      <p>
        <strong>{t(`state.${i.state}`)}</strong>
        {i.site && ` · ${i.site.code} ${i.site.name}`} ·{' '}
        {t('page.reported', { date: i.reportedAt.slice(0, 10) })} ·{' '}
        {t('page.verificationDue', { date: i.verificationDue.slice(0, 10) })}{' '}
        {i.verificationOverdue && <strong className="late">⚠ {t('page.overdue')}</strong>}
      </p>
      <p className="description">{i.description}</p>

      {canHandle && i.nextStates.length > 0 && (
        <form className="transition" onSubmit={submit}>
          <label>
            {t('page.moveTo')}
            <select value={to} onChange={(e) => setChosen(e.target.value)}>
              {i.nextStates.map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('page.reason')}
            <input required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit">{t('page.apply')}</button>
          {move.error && (
            <p role="alert" className="error">
              {problemText(move.error)}
            </p>
          )}
        </form>
      )}

      <section aria-label={t('page.timeline')}>
        <h2>{t('page.timeline')}</h2>
        <ol className="history">
          {timeline.data.map((s) => (
            <li key={s.id}>
              <strong>{stateText(t, s.to)}</strong> · {s.at.slice(0, 16).replace('T', ' ')} · {s.reason}
            </li>
          ))}
        </ol>
      </section>

      <section aria-label={t('page.plan')}>
        <h2>{t('page.plan')}</h2>
        {!plan ? (
          <p className="empty">{t('page.noPlan')}</p>
        ) : (
          <>
            <p>
              <strong>{t('page.decision')} :</strong> {t(`decision.${plan.decision}`)} ·{' '}
              {t('page.nextReview', { date: plan.nextReviewDue.slice(0, 10) })}{' '}
              {plan.reviewOverdue && <strong className="late">⚠ {t('page.reviewOverdue')}</strong>}
            </p>
            <h3>{t('page.indicators')}</h3>
            <ul>
              {plan.indicators.map((x) => (
                <li key={x.name}>
                  {t('page.indicator', {
                    name: x.name,
                    baseline: x.baseline,
                    target: x.target,
                    unit: x.unit,
                  })}
                </li>
              ))}
            </ul>
            <h3>{t('page.actions')}</h3>
            <ul className="actions">
              {plan.actions.map((a) => (
                <li key={a.description}>
                  {a.done ? '☑' : '☐'} {a.description} — {a.deadline}
                </li>
              ))}
            </ul>
            <h3>{t('page.reviews')}</h3>
            {plan.reviews.length === 0 ? (
              <p className="empty">{tc('empty')}</p>
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
