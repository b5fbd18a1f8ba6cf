import { useTranslation } from 'react-i18next';
import type { Answer } from '../../api/client.ts';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { DecisionForm, ReviewForm } from './plan-follow-up.tsx';
import { PlanForm } from './plan-form.tsx';

type Plan = Answer<'/api/incidents/{id}/plan'>;

/**
 * An incident's mitigation plan: its indicators, actions, reviews and decisions; for those who handle incidents,
 * the form that writes it (once the incident is verified) and, once written, those that review it and decide.
 */
export function PlanSection({
  incidentId,
  plan,
  canHandle,
  plannable,
  writing,
  setWriting,
  owners,
}: {
  incidentId: string;
  plan: Plan | null | undefined;
  canHandle: boolean;
  /** Whether the incident's state lets a plan be written (verified, escalated or in mitigation). */
  plannable: boolean;
  writing: boolean;
  setWriting: (open: boolean) => void;
  owners: { id: string; name: string }[];
}) {
  const day = useDayFormat();
  const { t } = useTranslation('incidents');
  const { t: tc } = useTranslation();
  const n = new Intl.NumberFormat(useLocale());
  const ownerName = (id: string | null) => owners.find((o) => o.id === id)?.name;
  return (
    <section aria-label={t('page.plan')} id="plan">
      <h2>{t('page.plan')}</h2>
      {!plan ? (
        <>
          <p className="empty">{t('page.noPlan')}</p>
          {canHandle &&
            plannable &&
            (writing ? (
              <PlanForm incidentId={incidentId} owners={owners} onWritten={() => setWriting(false)} />
            ) : (
              <button type="button" className="primary" onClick={() => setWriting(true)}>
                {t('planForm.open')}
              </button>
            ))}
          {canHandle && !plannable && <p className="hint">{t('planForm.afterVerification')}</p>}
        </>
      ) : (
        <>
          <p data-testid="plan-decision">
            <strong>{t('page.decision')} :</strong> {t(`decision.${plan.decision}`)} ·{' '}
            {t('page.nextReview', { date: day(plan.nextReviewDue) })}{' '}
            {plan.reviewOverdue && <strong className="late">⚠ {t('page.reviewOverdue')}</strong>}
          </p>
          {plan.ownerOrganisationId && (
            <p>{t('page.owner', { name: ownerName(plan.ownerOrganisationId) ?? '—' })}</p>
          )}
          <h3>{t('page.indicators')}</h3>
          <ul className="plan-indicators">
            {plan.indicators.map((x) => (
              <li key={x.name}>
                {/* Formatted here: i18next hands a sentence's params to Intl as options, and `unit: '%'` is refused there. */}
                {t('page.indicator', {
                  name: x.name,
                  baseline: n.format(x.baseline),
                  target: n.format(x.target),
                  unit: x.unit,
                })}
              </li>
            ))}
          </ul>
          <h3>{t('page.actions')}</h3>
          <ul className="actions">
            {plan.actions.map((a) => (
              <li key={`${a.description}|${a.deadline}`}>
                {a.done ? '☑' : '☐'} {a.description}
                {a.owner && ` — ${a.owner}`} — {t('page.deadline', { date: day(a.deadline) })}
              </li>
            ))}
          </ul>
          <h3>{t('page.reviews')}</h3>
          {plan.reviews.length === 0 ? (
            <p className="empty">{tc('empty')}</p>
          ) : (
            <ul className="plan-reviews">
              {plan.reviews.map((r) => (
                <li key={r.id}>
                  {day(r.reviewedAt)} — {r.notes}
                  {Object.entries(r.progress).map(([name, value]) => (
                    <span key={name}>
                      {' '}
                      · {name} : {n.format(value)} {plan.indicators.find((x) => x.name === name)?.unit}
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('page.decisions')}</h3>
          <ol className="plan-decisions">
            {plan.decisions.map((d) => (
              <li key={d.id}>
                {day(d.decidedAt)} — <strong>{t(`decision.${d.decision}`)}</strong> — {d.reason}
              </li>
            ))}
          </ol>
          {canHandle && (
            <div className="plan-follow-up">
              <ReviewForm incidentId={incidentId} plan={plan} />
              <DecisionForm incidentId={incidentId} plan={plan} />
            </div>
          )}
        </>
      )}
    </section>
  );
}
