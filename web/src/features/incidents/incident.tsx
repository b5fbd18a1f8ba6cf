import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  canHandleIncidents,
  canReadAllPrivate,
  canReportIncidents,
} from '../../../../src/domain/access/roles.ts';
import { api, ok } from '../../api/client.ts';
import { FileList, FileUpload } from '../../components/file-upload.tsx';
import { LevelBadge } from '../../components/level-badge.tsx';
import { oneOf } from '../../components/one-of.ts';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { usePrincipal } from '../access/session.ts';
import { HistoryCard } from '../screening/history-card.tsx';
import { SITES, siteQuery } from '../sites/queries.ts';
import { useIncidentText } from './incident-text.ts';
import { stateText } from './labels.ts';
import { PlanSection } from './plan-section.tsx';
import {
  evidenceQuery,
  INCIDENT_STATES,
  INCIDENTS,
  incidentQuery,
  planQuery,
  timelineQuery,
} from './queries.ts';

const PLANNABLE: readonly string[] = ['verified', 'escalated', 'in_mitigation'];

/** One incident: what happened, its timeline, its mitigation plan, and (for analysts) the next step. */
export function IncidentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('incidents');
  const text = useIncidentText();
  const day = useDayFormat();
  const principal = usePrincipal();
  const canHandle = canHandleIncidents(principal);
  const queries = useQueryClient();
  const incident = useQuery(incidentQuery(id));
  const timeline = useQuery(timelineQuery(id));
  const plan = useQuery(planQuery(id));
  const siteId = incident.data?.site?.id;
  const site = useQuery({ ...siteQuery(siteId ?? ''), enabled: siteId !== undefined });
  const [chosen, setChosen] = useState('');
  const [reason, setReason] = useState('');
  const [writing, setWriting] = useState(false);
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
  // Four eyes: the steps a second person must take are not offered to the reporter.
  const mine = i.nextStates.filter((s) => !i.secondPersonStates.includes(s));
  const to = oneOf(INCIDENT_STATES, chosen || (mine[0] ?? ''));
  // Mitigation starts from a written plan: choosing it without one leads to the plan's form instead.
  const planFirst = to === 'in_mitigation' && !plan.data && !plan.isPending;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (to && !planFirst) move.mutate({ to, revision: i.revision });
  }

  return (
    <article className="incident-page">
      <Link to="/incidents">{t('page.back')}</Link>
      <h1>
        {i.code} · {text(i).title} <LevelBadge level={i.level} />
      </h1>
      <p>
        <strong data-testid="incident-state">{t(`state.${i.state}`)}</strong>
        {i.site && ` · ${i.site.code} ${i.site.name}`} · {t('page.reported', { date: day(i.reportedAt) })} ·{' '}
        {t('page.verificationDue', { date: day(i.verificationDue) })}{' '}
        {i.verificationOverdue && <strong className="late">⚠ {t('page.overdue')}</strong>}
      </p>
      <p className="description">{text(i).description}</p>

      {canHandle && i.secondPersonStates.length > 0 && (
        <p className="hint" data-testid="four-eyes">
          {t('fourEyes.reporter', {
            states: i.secondPersonStates.map((s) => t(`state.${s}`)).join(', '),
          })}
        </p>
      )}
      {canHandle && mine.length > 0 && (
        <form className="transition" onSubmit={submit}>
          <label>
            {t('page.moveTo')}
            <select value={to} onChange={(e) => setChosen(e.target.value)}>
              {mine.map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}`)}
                </option>
              ))}
            </select>
          </label>
          {planFirst ? (
            <div className="plan-first" role="status">
              <p>{t('planForm.first')}</p>
              {!writing && (
                <button
                  type="button"
                  className="primary"
                  onClick={() => {
                    setWriting(true);
                    document.getElementById('plan')?.scrollIntoView();
                  }}
                >
                  {t('planForm.open')}
                </button>
              )}
            </div>
          ) : (
            <>
              <label>
                {t('page.reason')}
                <input required value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="submit">{t('page.apply')}</button>
            </>
          )}
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

      <IncidentEvidence incidentId={i.id} canAdd={canReportIncidents(principal) && i.state !== 'resolved'} />

      <PlanSection
        incidentId={i.id}
        plan={plan.data}
        canHandle={canHandle}
        plannable={PLANNABLE.includes(i.state)}
        writing={writing}
        setWriting={setWriting}
        owners={site.data?.cooperatives ?? []}
      />
      {canReadAllPrivate(principal) && <HistoryCard recordType="incident" id={i.id} />}
    </article>
  );
}

/** The incident's photos and documents, each downloadable, and the upload of another while it is open. */
function IncidentEvidence({ incidentId, canAdd }: { incidentId: string; canAdd: boolean }) {
  const { t } = useTranslation('incidents');
  const queries = useQueryClient();
  const query = evidenceQuery(incidentId);
  const evidence = useQuery(query);
  return (
    <section aria-label={t('page.evidence')}>
      <h2>{t('page.evidence')}</h2>
      {evidence.error ? (
        <Failure error={evidence.error} prefixed />
      ) : evidence.data === undefined ? (
        <Loading />
      ) : evidence.data === null ? (
        <p className="empty">{t('page.evidenceHidden')}</p>
      ) : (
        <>
          <FileList
            label={t('page.evidence')}
            files={evidence.data}
            href={(f) => `/api/incidents/${incidentId}/evidence/${f.id}`}
          />
          {canAdd && (
            <FileUpload
              path="/api/incidents/{id}/evidence"
              params={{ id: incidentId }}
              accept="document"
              onUploaded={() => queries.invalidateQueries({ queryKey: query.queryKey })}
            />
          )}
        </>
      )}
    </section>
  );
}
